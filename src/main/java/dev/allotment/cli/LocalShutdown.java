package dev.allotment.cli;

import dev.allotment.agent.Agent;
import dev.allotment.agent.config.NodeWiring;
import dev.allotment.api.ContainerReservation;
import io.fabric8.kubernetes.client.KubernetesClient;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The safe stop of local mode: the embedded API server keeps nothing, so reservations are deleted through the API
 * and released by their agents (the normal path) before the agents stop. What a kill -9 leaves, the next start
 * restores and sweeps away, and {@code allotment check} reports.
 */
final class LocalShutdown implements Runnable {
    private static final Duration RELEASE_TIMEOUT = Duration.ofSeconds(60);

    private final KubernetesClient client;
    private final List<Agent> agents;
    private final List<NodeWiring> wirings;
    private final LocalNodes layout;
    private final int nodes;

    LocalShutdown(KubernetesClient client, List<Agent> agents, List<NodeWiring> wirings, LocalNodes layout, int nodes) {
        this.client = client;
        this.agents = agents;
        this.wirings = wirings;
        this.layout = layout;
        this.nodes = nodes;
    }

    @Override
    public void run() {
        try {
            client.resources(ContainerReservation.class).inAnyNamespace().delete();
            Instant deadline = Instant.now().plus(RELEASE_TIMEOUT);
            while (agents.stream().anyMatch(a -> !a.pool().depot().records().isEmpty())
                    && Instant.now().isBefore(deadline)) {
                Thread.sleep(100);
            }
        } catch (RuntimeException e) {
            System.err.println("allotment local: could not release every reservation: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        agents.forEach(Agent::close);
        wirings.forEach(NodeWiring::close);
        layout.removeLinks(nodes);
    }
}
