package dev.allotment.agent;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.allotment.api.BindMount;
import dev.allotment.api.ContainerReservation;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.ContainerReservationStatus;
import dev.allotment.api.NetIn;
import dev.allotment.api.PoolConfig;
import dev.allotment.api.ReservationPool;
import dev.allotment.local.EmbeddedApiServer;
import dev.allotment.node.NodePoolFixture;
import io.fabric8.kubernetes.api.model.Condition;
import io.fabric8.kubernetes.api.model.ObjectMetaBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The agent against the embedded API server (fabric8's mock in CRUD mode with our CRDs), on a node of fakes. */
class AgentIT {
    private static final Duration WAIT = Duration.ofSeconds(30);

    @TempDir
    Path work;
    private EmbeddedApiServer server;
    private KubernetesClient client;
    private final List<Agent> agents = new ArrayList<>();

    @BeforeEach
    void startServer() {
        server = EmbeddedApiServer.start();
        client = new KubernetesClientBuilder().withConfig(server.clientConfig()).build();
    }

    @AfterEach
    void stop() {
        agents.forEach(Agent::close);
        client.close();
        server.close();
    }

    private Agent agent(String node, NodePoolFixture fixture) {
        AgentSettings settings = new AgentSettings(node, false, Duration.ofHours(1), Duration.ZERO,
                Duration.ofMillis(300), "127.0.0.1", -1, new PoolConfig());
        Agent agent = new Agent(settings, client, fixture.pool, Clock.systemUTC());
        agent.start();
        agents.add(agent);
        return agent;
    }

    private static ContainerReservation reservation(String name, String node) {
        ContainerReservation reservation = new ContainerReservation();
        reservation.setMetadata(new ObjectMetaBuilder().withName(name).withNamespace("default").build());
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName(node);
        reservation.setSpec(spec);
        return reservation;
    }

    private static NetIn netIn(int containerPort) {
        NetIn netIn = new NetIn();
        netIn.setContainerPort(containerPort);
        return netIn;
    }

    private ContainerReservation get(String name) {
        return client.resources(ContainerReservation.class).inNamespace("default").withName(name).get();
    }

    private Optional<Condition> ready(String name) {
        ContainerReservation reservation = get(name);
        if (reservation == null || reservation.getStatus() == null || reservation.getStatus().getConditions() == null) {
            return Optional.empty();
        }
        return reservation.getStatus().getConditions().stream().filter(c -> c.getType().equals("Ready")).findFirst();
    }

    private ContainerReservationStatus awaitReady(String name, String reason) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(ready(name)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("True");
            assertThat(c.getReason()).isEqualTo(reason);
        }));
        return get(name).getStatus();
    }

    private Condition awaitRefused(String name, String reason) {
        await().atMost(WAIT).untilAsserted(() -> assertThat(ready(name)).hasValueSatisfying(c -> {
            assertThat(c.getStatus()).isEqualTo("False");
            assertThat(c.getReason()).isEqualTo(reason);
        }));
        return ready(name).orElseThrow();
    }

    private ContainerReservation create(ContainerReservation reservation) {
        return client.resource(reservation).create();
    }

    @Test
    void aReservationBecomesReadyWithEveryStatusField() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        ContainerReservation web = reservation("web", "node-1");
        web.getSpec().setNetIn(List.of(netIn(8080)));
        create(web);

        ContainerReservationStatus status = awaitReady("web", "Acquired");
        ContainerReservation stored = get("web");
        assertThat(status.getObservedGeneration()).isEqualTo(stored.getMetadata().getGeneration());
        assertThat(status.getPhase()).hasToString("Ready");
        assertThat(status.getContainerId()).hasSize(11);
        assertThat(status.getContainerPath()).endsWith(status.getContainerId());
        assertThat(status.getRootfsPath()).isNotBlank();
        assertThat(status.getRootUid()).isEqualTo(100000L);
        assertThat(status.getHandle()).isEqualTo("web");
        assertThat(status.getNetwork().getIp()).isEqualTo("10.254.0.2");
        assertThat(status.getNetwork().getNetns()).isEqualTo("al-" + status.getContainerId());
        assertThat(status.getNetIn()).singleElement().satisfies(n -> assertThat(n.getHostPort()).isPositive());
        assertThat(status.getConditions()).extracting(Condition::getType, Condition::getStatus)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("Ready", "True"),
                        org.assertj.core.groups.Tuple.tuple("Reconciling", "False"),
                        org.assertj.core.groups.Tuple.tuple("Stalled", "False"));
        assertThat(stored.getMetadata().getFinalizers()).isNotEmpty();
        assertThat(node.network.namespaces).containsExactly(status.getNetwork().getNetns());
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> e.getReason().equals("Acquired")));
    }

    @Test
    void aNetInChangeIsAppliedAndReported() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("web", "node-1"));
        awaitReady("web", "Acquired");

        client.resources(ContainerReservation.class).inNamespace("default").withName("web")
                .edit(r -> {
                    r.getSpec().setNetIn(List.of(netIn(80), netIn(443)));
                    return r;
                });

        await().atMost(WAIT).untilAsserted(() -> {
            ContainerReservation now = get("web");
            assertThat(now.getStatus().getNetIn()).extracting(NetIn::getContainerPort).containsExactly(80, 443);
            assertThat(now.getStatus().getObservedGeneration()).isEqualTo(now.getMetadata().getGeneration());
        });
        String id = get("web").getStatus().getContainerId();
        assertThat(node.firewall.rules.get(id).netIn()).hasSize(2);
    }

    @Test
    void anImmutableChangeIsRefusedWithAConditionAndTheReservationKeepsItsResources() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("web", "node-1"));
        String ip = awaitReady("web", "Acquired").getNetwork().getIp();

        client.resources(ContainerReservation.class).inNamespace("default").withName("web")
                .edit(r -> {
                    r.getSpec().setNetwork("10.253.0.6");
                    return r;
                });

        Condition refused = awaitRefused("web", "InvalidSpec");
        assertThat(refused.getMessage()).contains("spec.network: is immutable");
        ContainerReservation now = get("web");
        assertThat(now.getStatus().getNetwork().getIp()).isEqualTo(ip);
        assertThat(now.getStatus().getConditions()).anySatisfy(c -> {
            assertThat(c.getType()).isEqualTo("Stalled");
            assertThat(c.getStatus()).isEqualTo("True");
        });
    }

    @Test
    void deleteReleasesEverythingAndRemovesTheFinalizer() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("web", "node-1"));
        awaitReady("web", "Acquired");

        client.resources(ContainerReservation.class).inNamespace("default").withName("web").delete();

        await().atMost(WAIT).until(() -> get("web") == null);
        assertThat(node.kernelIsEmpty()).isTrue();
        assertThat(node.poolsAreEmpty()).isTrue();
        assertThat(node.pool.depot().records()).isEmpty();
    }

    @Test
    void aReleaseThatKeepsFailingKeepsTheFinalizerWithAConditionUntilItSucceeds() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("web", "node-1"));
        awaitReady("web", "Acquired");
        node.network.failures.fail("destroy");

        client.resources(ContainerReservation.class).inNamespace("default").withName("web").delete();

        assertThat(awaitRefused("web", "Releasing").getMessage()).contains("injected failure in destroy");
        assertThat(get("web").getMetadata().getFinalizers()).isNotEmpty();
        await().atMost(WAIT).until(() -> client.v1().events().inNamespace("default").list().getItems().stream()
                .anyMatch(e -> e.getReason().equals("ReleaseFailed")));
        node.network.failures.heal();
        await().atMost(WAIT).until(() -> get("web") == null);
        assertThat(node.kernelIsEmpty()).isTrue();
    }

    @Test
    void anExhaustedPoolIsReportedAndTheReservationBecomesReadyOnceASlotFrees() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        for (int i = 0; i < 4; i++) {
            create(reservation("r" + i, "node-1"));
        }
        for (int i = 0; i < 4; i++) {
            awaitReady("r" + i, "Acquired");
        }
        create(reservation("waiting", "node-1"));
        assertThat(awaitRefused("waiting", "PoolExhausted").getMessage()).contains("exhausted");

        client.resources(ContainerReservation.class).inNamespace("default").withName("r0").delete();

        awaitReady("waiting", "Acquired");
    }

    @Test
    void badSpecsAreRefusedNamingTheFieldAndLeakNothing() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("first", "node-1")).getSpec();
        ContainerReservation staticIp = reservation("static", "node-1");
        staticIp.getSpec().setNetwork("10.253.0.6");
        staticIp.getSpec().setHandle("shared");
        create(staticIp);
        awaitReady("static", "Acquired");

        ContainerReservation shell = reservation("shell", "node-1");
        BindMount mount = new BindMount();
        mount.setSrcPath("/data;rm -rf /");
        mount.setDstPath("/mnt");
        shell.getSpec().setBindMounts(List.of(mount));
        ContainerReservation dotDot = reservation("dotdot", "node-1");
        BindMount up = new BindMount();
        up.setSrcPath("/data");
        up.setDstPath("/a/../../etc");
        dotDot.getSpec().setBindMounts(List.of(up));
        ContainerReservation badCidr = reservation("badcidr", "node-1");
        badCidr.getSpec().setNetwork("10.253.0.0/33");
        ContainerReservation sameIp = reservation("sameip", "node-1");
        sameIp.getSpec().setNetwork("10.253.0.6");
        ContainerReservation sameHandle = reservation("samehandle", "node-1");
        sameHandle.getSpec().setHandle("shared");
        for (ContainerReservation bad : List.of(shell, dotDot, badCidr, sameIp, sameHandle)) {
            create(bad);
        }

        assertThat(awaitRefused("shell", "InvalidSpec").getMessage()).contains("spec.bindMounts[0].srcPath");
        assertThat(awaitRefused("dotdot", "InvalidSpec").getMessage()).contains("spec.bindMounts[0].dstPath");
        assertThat(awaitRefused("badcidr", "InvalidSpec").getMessage()).contains("spec.network");
        assertThat(awaitRefused("sameip", "Conflict").getMessage()).contains("10.253.0.6");
        assertThat(awaitRefused("samehandle", "Conflict").getMessage()).contains("handle \"shared\"");
        awaitReady("first", "Acquired");
        assertThat(node.pool.depot().records()).hasSize(2);
        assertThat(node.network.namespaces).hasSize(2);
        assertThat(node.pools.subnets().allocations()).hasSize(2);
    }

    @Test
    void aRestartedAgentRestoresTheSameIpPortsAndId() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        Agent first = agent("node-1", node);
        ContainerReservation web = reservation("web", "node-1");
        web.getSpec().setNetIn(List.of(netIn(8080)));
        create(web);
        ContainerReservationStatus before = awaitReady("web", "Acquired");
        first.close();
        agents.remove(first);

        node.restart();
        agent("node-1", node);

        ContainerReservationStatus after = awaitReady("web", "Restored");
        assertThat(after.getContainerId()).isEqualTo(before.getContainerId());
        assertThat(after.getNetwork().getIp()).isEqualTo(before.getNetwork().getIp());
        assertThat(after.getNetIn()).isEqualTo(before.getNetIn());
    }

    @Test
    void aReservationDeletedWhileTheAgentWasDownIsReleasedAtStartUp() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        Agent first = agent("node-1", node);
        create(reservation("web", "node-1"));
        awaitReady("web", "Acquired");
        first.close();
        agents.remove(first);
        ContainerReservation gone = get("web");
        gone.getMetadata().setFinalizers(List.of());
        client.resource(gone).update();
        client.resources(ContainerReservation.class).inNamespace("default").withName("web").delete();
        await().atMost(WAIT).until(() -> get("web") == null);

        node.restart();
        agent("node-1", node);

        await().atMost(WAIT).until(() -> node.pool.depot().records().isEmpty());
        assertThat(node.kernelIsEmpty()).isTrue();
    }

    @Test
    void theSameNameReCreatedIsANewReservation() {
        NodePoolFixture node = new NodePoolFixture(work.resolve("node-1"));
        agent("node-1", node);
        create(reservation("web", "node-1"));
        String firstId = awaitReady("web", "Acquired").getContainerId();
        client.resources(ContainerReservation.class).inNamespace("default").withName("web").delete();
        await().atMost(WAIT).until(() -> get("web") == null);

        create(reservation("web", "node-1"));

        await().atMost(WAIT).untilAsserted(() -> assertThat(ready("web")).hasValueSatisfying(c ->
                assertThat(c.getStatus()).isEqualTo("True")));
        assertThat(get("web").getStatus().getContainerId()).isNotEqualTo(firstId);
        assertThat(node.pool.depot().records()).hasSize(1);
    }

    @Test
    void twoNodeAgentsEachServeOnlyTheirOwnReservations() {
        NodePoolFixture one = new NodePoolFixture(work.resolve("node-1"));
        NodePoolFixture two = new NodePoolFixture(work.resolve("node-2"));
        agent("node-1", one);
        agent("node-2", two);
        create(reservation("a", "node-1"));
        create(reservation("b", "node-2"));
        create(reservation("c", "node-3"));

        awaitReady("a", "Acquired");
        awaitReady("b", "Acquired");
        assertThat(one.pool.depot().records()).extracting(r -> r.owner().name()).containsExactly("a");
        assertThat(two.pool.depot().records()).extracting(r -> r.owner().name()).containsExactly("b");
        assertThat(get("c").getStatus()).isNull();
        await().atMost(WAIT).untilAsserted(() -> assertThat(client.resources(ReservationPool.class).list().getItems())
                .extracting(p -> p.getMetadata().getName()).contains("node-1", "node-2"));
    }
}
