package dev.allotment.cli;

import dev.allotment.agent.Agent;
import dev.allotment.agent.config.AgentConfig;
import dev.allotment.agent.config.ConfigException;
import dev.allotment.agent.config.ConfigLoader;
import dev.allotment.agent.config.NodeWiring;
import dev.allotment.local.EmbeddedApiServer;
import dev.allotment.local.Kubeconfig;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "local", mixinStandardHelpOptions = true, description = {
    "Run an embedded API server on 127.0.0.1 and node agents on this machine, against the real kernel (root).",
    "Writes <state-dir>/kubeconfig for kubectl and <state-dir>/node-N/config.yaml for allotment check.",
    "On SIGINT/SIGTERM it deletes its nodes' reservations, waits until",
    "the agents have released them, and stops: the embedded API server keeps nothing, so nothing is left behind."})
final class LocalCommand implements Callable<Integer> {
    @Option(names = "--state-dir", defaultValue = ".allotment", description = "Where the kubeconfig, depots and"
            + " rootfs go (default: ${DEFAULT-VALUE}).")
    Path stateDir;

    @Option(names = "--nodes", defaultValue = "1", description = "Simulated nodes node-1..node-N (default: 1).")
    int nodes;

    @Option(names = "--port", defaultValue = "0", description = "API server port on 127.0.0.1 (default: a free one).")
    int port;

    @Override
    public Integer call() throws IOException, InterruptedException {
        if (!"root".equals(System.getProperty("user.name"))) {
            System.err.println("allotment local: needs root: it makes real network namespaces, bridges, nftables"
                    + " rules and mounts");
            return 1;
        }
        if (nodes < 1 || nodes > LocalNodes.MAX_NODES) {
            System.err.println("allotment local: --nodes must be between 1 and " + LocalNodes.MAX_NODES);
            return 2;
        }
        Path state = stateDir.toAbsolutePath().normalize();
        LocalNodes layout = new LocalNodes(state);
        layout.prepare(nodes);
        EmbeddedApiServer server = EmbeddedApiServer.start(port);
        Path kubeconfig = state.resolve("kubeconfig");
        Kubeconfig.write(kubeconfig, server.url());
        KubernetesClient client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
        List<NodeWiring> wirings = new ArrayList<>();
        List<Agent> agents = new ArrayList<>();
        try {
            for (int i = 1; i <= nodes; i++) {
                Path configFile = state.resolve("node-" + i).resolve("config.yaml");
                Files.createDirectories(configFile.getParent());
                Files.writeString(configFile, layout.config(i));
                AgentConfig config = ConfigLoader.local().load(configFile, Map.of());
                NodeWiring wiring = new NodeWiring(config);
                wirings.add(wiring);
                Agent agent = new Agent(AgentSettingsOf.of(config, "127.0.0.1", -1), client, wiring.nodePool(),
                        Clock.systemUTC());
                agents.add(agent);
                agent.start();
            }
        } catch (ConfigException e) {
            System.err.println("allotment local: " + e.getMessage());
            return 2;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            new LocalShutdown(client, agents, wirings, layout, nodes).run();
            client.close();
            server.close();
            stopped.countDown();
        }, "local-shutdown"));
        System.out.println("kubeconfig: " + kubeconfig);
        System.out.flush();
        stopped.await();
        return 0;
    }
}
