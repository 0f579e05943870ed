package dev.allotment.cli;

import dev.allotment.agent.config.AgentConfig;
import dev.allotment.agent.config.ConfigException;
import dev.allotment.agent.config.ConfigLoader;
import dev.allotment.agent.config.NodeWiring;
import dev.allotment.api.ContainerReservation;
import dev.allotment.depot.DepotRecord;
import dev.allotment.node.NodePool;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.KubernetesClientException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.Predicate;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "check", mixinStandardHelpOptions = true, description = {
    "Audit this node: depot records against kernel objects carrying the agent's prefix and, when the API is",
    "reachable, against live reservations. Prints every finding; exits 1 if there is any, 0 if the node is clean."})
final class CheckCommand implements Callable<Integer> {
    @Option(names = "--config", description = "The agent's YAML config; ALLOTMENT_* environment variables override it.")
    Path config;

    @Option(names = "--repair", description = "Fix what was found: restore the depot, then sweep.")
    boolean repair;

    @Option(names = "--kubeconfig", description = "Reach the API through this kubeconfig (default: the usual lookup).")
    Path kubeconfig;

    @Override
    public Integer call() {
        AgentConfig settings;
        try {
            settings = ConfigLoader.agent().load(config, System.getenv());
        } catch (ConfigException e) {
            System.err.println("allotment check: " + e.getMessage());
            return Main.BAD_CONFIG;
        }
        try (NodeWiring wiring = new NodeWiring(settings); KubernetesClient client = client()) {
            NodePool pool = wiring.nodePool();
            Optional<Predicate<String>> live = liveness(client, pool);
            if (live.isEmpty()) {
                System.out.println("note: the API is not reachable; liveness of reservations was not checked");
            }
            List<String> findings = pool.audit(live);
            findings.forEach(System.out::println);
            if (findings.isEmpty()) {
                System.out.println("clean: node " + settings.nodeName());
                return 0;
            }
            if (repair) {
                pool.restore();
                pool.sweep(live.orElse(uid -> true));
                List<String> left = pool.audit(live);
                System.out.println(left.isEmpty() ? "repaired" : "still wrong after repair:");
                left.forEach(System.out::println);
                return left.isEmpty() ? 0 : 1;
            }
            return 1;
        }
    }

    private KubernetesClient client() {
        KubernetesClientBuilder builder = new KubernetesClientBuilder();
        if (kubeconfig != null) {
            builder.withConfig(io.fabric8.kubernetes.client.Config.fromKubeconfig(kubeconfig.toFile()));
        }
        return builder.build();
    }

    /** A UID is live when its record's reservation, read now from the API, still has that UID. */
    private static Optional<Predicate<String>> liveness(KubernetesClient client, NodePool pool) {
        try {
            client.getKubernetesVersion();
        } catch (KubernetesClientException e) {
            return Optional.empty();
        }
        pool.depot().load();
        return Optional.of(uid -> {
            DepotRecord record = pool.depot().byUid(uid).orElse(null);
            if (record == null) {
                return false;
            }
            ContainerReservation live = client.resources(ContainerReservation.class)
                    .inNamespace(record.owner().namespace()).withName(record.owner().name()).get();
            return live != null && uid.equals(live.getMetadata().getUid());
        });
    }
}
