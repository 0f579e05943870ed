package dev.allotment.cli;

import dev.allotment.agent.Agent;
import dev.allotment.agent.config.AgentConfig;
import dev.allotment.agent.config.ConfigException;
import dev.allotment.agent.config.ConfigLoader;
import dev.allotment.agent.config.NodeWiring;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "agent", mixinStandardHelpOptions = true,
        description = "Run the node agent (the DaemonSet entry point). Connects in-cluster or through KUBECONFIG.")
final class AgentCommand implements Callable<Integer> {
    @Option(names = "--config", description = "YAML config file; ALLOTMENT_* environment variables override it.")
    Path config;

    @Override
    public Integer call() throws InterruptedException {
        AgentConfig settings;
        try {
            settings = ConfigLoader.agent().load(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println("allotment agent: " + e.getMessage());
            return Main.BAD_CONFIG;
        }
        LogSetup.apply(settings.logFormat());
        CountDownLatch stopped = new CountDownLatch(1);
        NodeWiring wiring = new NodeWiring(settings);
        KubernetesClient client = new KubernetesClientBuilder().build();
        Agent agent = new Agent(AgentSettingsOf.of(settings, "0.0.0.0", settings.probePort()), client,
                wiring.nodePool(), Clock.systemUTC());
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            agent.close();
            wiring.close();
            client.close();
            stopped.countDown();
        }, "agent-shutdown"));
        agent.start();
        stopped.await();
        return 0;
    }
}
