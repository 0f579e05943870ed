package dev.allotment.node.net;

import static dev.allotment.node.net.TestKernel.check;
import static dev.allotment.node.net.TestKernel.pings;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.allotment.node.KernelLeaks;
import dev.allotment.node.KernelNames;
import dev.allotment.node.Network.Inventory;
import dev.allotment.node.NetworkPlan;
import dev.allotment.node.Privileged;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

@Privileged
class IpNetworkIT {
    private static final int MTU = 1400;
    private static final ObjectMapper JSON = new ObjectMapper();

    private static String prefix;
    private static KernelNames names;
    private static int octet;

    private final RecordingRunner runner = new RecordingRunner(new ExecCommandRunner());
    private IpNetwork network;
    private NetworkPlan first;
    private NetworkPlan second;

    @BeforeAll
    static void claimNames() {
        Privileged.Support.requireRoot();
        prefix = Privileged.Support.uniquePrefix();
        names = new KernelNames(prefix);
        octet = TestKernel.unusedOctet();
    }

    @BeforeEach
    void plans() {
        network = new IpNetwork(runner, names);
        first = plan("aaaaaaaaaa1", "/30", 0, 2);
        second = plan("aaaaaaaaaa2", "/30", 4, 6);
    }

    @AfterEach
    void removeEverythingAndCheckNothingLeaked() {
        TestKernel.removeEverything(prefix);
        assertThat(KernelLeaks.find(prefix, null)).isEmpty();
    }

    @Test
    void ensuredReservationsReachTheirGatewaysFromInsideTheirNamespaces() throws IOException {
        network.ensure(first);
        assertThat(runner.commands()).as("a fresh reservation: one host and one namespace batch, no query")
                .extracting(Command::toString).containsExactly("ip -force -batch -",
                        "nsenter --net=" + IpNetwork.NETNS_DIR.resolve(first.netns()) + " ip -force -batch -");
        network.ensure(second);

        assertThat(network.isIntact(first)).isTrue();
        assertThat(network.isIntact(second)).isTrue();
        assertThat(first.bridge()).isNotEqualTo(second.bridge());
        for (String link : List.of(first.bridge(), first.hostInterface(), second.bridge(), second.hostInterface())) {
            assertThat(Files.readString(IpNetwork.IPV6_CONF.resolve(link).resolve("disable_ipv6")).strip()).as(link)
                    .isEqualTo("1");
            assertThat(check("ip", "-6", "-o", "addr", "show", "dev", link)).as(link).isBlank();
        }
        awaitPing(first.netns(), first.gateway());
        awaitPing(second.netns(), second.gateway());
    }

    @Test
    void ensureOfAnIntactReservationOnlyQueriesAndKeepsItWorking() throws IOException {
        network.ensure(first);
        List<Integer> indexes = List.of(ifindex(first.bridge()), ifindex(first.hostInterface()));
        runner.clear();

        network.ensure(first);

        assertThat(runner.commands()).extracting(Command::toString).containsExactly("ip -j -force -batch -",
                "nsenter --net=" + IpNetwork.NETNS_DIR.resolve(first.netns()) + " ip -j -batch -");
        assertThat(List.of(ifindex(first.bridge()), ifindex(first.hostInterface()))).isEqualTo(indexes);
        assertThat(network.isIntact(first)).isTrue();
        awaitPing(first.netns(), first.gateway());
    }

    @Test
    void equalSubnetsShareOneBridgeEvenWhenEnsuredConcurrently() throws IOException {
        NetworkPlan left = plan("aaaaaaaaaa3", "/29", 8, 10);
        NetworkPlan right = plan("aaaaaaaaaa4", "/29", 8, 11);
        CyclicBarrier start = new CyclicBarrier(2);

        CompletableFuture.allOf(ensureAfter(start, left), ensureAfter(start, right)).join();

        assertThat(left.bridge()).isEqualTo(right.bridge());
        assertThat(network.inventory().bridges()).containsExactly(left.bridge());
        assertThat(names(check("ip", "-j", "link", "show", "master", left.bridge())))
                .containsExactlyInAnyOrder(left.hostInterface(), right.hostInterface());
        assertThat(network.isIntact(left)).isTrue();
        assertThat(network.isIntact(right)).isTrue();
        awaitPing(left.netns(), left.gateway());
        awaitPing(right.netns(), right.gateway());
        awaitPing(left.netns(), right.ip());
    }

    @Test
    void ensureRebuildsEverythingAfterAReboot() {
        network.ensure(first);
        network.ensure(second);

        for (NetworkPlan plan : List.of(first, second)) {
            check("ip", "link", "del", plan.hostInterface());
            check("ip", "netns", "del", plan.netns());
            check("ip", "link", "del", plan.bridge());
        }
        assertThat(network.isIntact(first)).isFalse();
        assertThat(network.isIntact(second)).isFalse();

        network.ensure(first);
        network.ensure(second);

        assertThat(network.isIntact(first)).isTrue();
        assertThat(network.isIntact(second)).isTrue();
        awaitPing(first.netns(), first.gateway());
        awaitPing(second.netns(), second.gateway());
    }

    @Test
    void ensureReplacesAHostEndWhosePeerLeftTheNamespace() {
        network.ensure(first);
        String elsewhere = names.namespace("aaaaaaaaaa9");
        check("ip", "netns", "add", elsewhere);
        check("ip", "-n", first.netns(), "link", "set", first.containerInterface(), "netns", elsewhere);
        assertThat(network.isIntact(first)).isFalse();

        network.ensure(first);

        assertThat(network.isIntact(first)).isTrue();
        awaitPing(first.netns(), first.gateway());
    }

    @Test
    void inventoryReportsExactlyWhatExists() {
        network.ensure(first);
        network.ensure(second);

        assertThat(network.inventory()).isEqualTo(new Inventory(Set.of(first.netns(), second.netns()),
                Set.of(first.hostInterface(), second.hostInterface()), Set.of(first.bridge(), second.bridge())));

        network.destroy(first.containerId());

        // The name goes at once; the kernel deletes the pair when it cleans the namespace up, a little later.
        assertThat(network.inventory().namespaces()).containsExactly(second.netns());
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(network.inventory()).isEqualTo(
                new Inventory(Set.of(second.netns()), Set.of(second.hostInterface()),
                        Set.of(first.bridge(), second.bridge()))));
    }

    @Test
    void destroyOfAHeldNamespaceLeavesItsHostEndDownUntilDestroyIsRepeatedOrTheSweepDeletesIt() throws IOException {
        network.ensure(first);
        network.ensure(second);
        try (FileChannel holdFirst = FileChannel.open(IpNetwork.NETNS_DIR.resolve(first.netns()));
                FileChannel holdSecond = FileChannel.open(IpNetwork.NETNS_DIR.resolve(second.netns()))) {
            network.destroy(first.containerId());
            network.destroy(second.containerId());

            Inventory left = network.inventory();
            assertThat(left.namespaces()).isEmpty();
            assertThat(left.hostInterfaces()).containsExactlyInAnyOrder(first.hostInterface(), second.hostInterface());
            assertThat(flags(first.hostInterface())).doesNotContain("UP");
            assertThat(network.isIntact(first)).isFalse();

            runner.clear();
            network.destroy(first.containerId());
            assertThat(runner.commands()).hasSize(1);
            network.destroyLink(second.hostInterface());

            assertThat(network.inventory().hostInterfaces()).isEmpty();
        }
    }

    @Test
    void ensureRebuildsAReservationWhoseEarlierHostEndIsStillThere() throws IOException {
        network.ensure(first);
        try (FileChannel hold = FileChannel.open(IpNetwork.NETNS_DIR.resolve(first.netns()))) {
            network.destroy(first.containerId());
            assertThat(network.inventory().hostInterfaces()).containsExactly(first.hostInterface());
            runner.clear();

            network.ensure(first);

            assertThat(runner.commands()).as("fresh attempt, then observe and repair").hasSize(5);
            assertThat(network.isIntact(first)).isTrue();
            awaitPing(first.netns(), first.gateway());
        }
    }

    @Test
    void ensureRightAfterDestroyRebuildsTheSameReservation() {
        for (int round = 0; round < 3; round++) {
            network.ensure(first);
            network.destroy(first.containerId());
        }
        network.ensure(first);

        assertThat(network.isIntact(first)).isTrue();
        awaitPing(first.netns(), first.gateway());
    }

    @Test
    void destroyAndDestroyBridgeRemoveEverythingAndMayBeRepeated() {
        network.ensure(first);
        network.ensure(second);

        for (int round = 0; round < 2; round++) {
            for (NetworkPlan plan : List.of(first, second)) {
                network.destroy(plan.containerId());
                network.destroyBridge(plan.bridge());
            }
        }

        assertThat(KernelLeaks.find(prefix, null)).isEmpty();
        assertThat(network.inventory()).isEqualTo(new Inventory(Set.of(), Set.of(), Set.of()));
    }

    @Test
    void sweepDeletesRemoveWhatTheInventoryFound() {
        network.ensure(first);
        network.ensure(second);

        Inventory found = network.inventory();
        found.hostInterfaces().forEach(network::destroyLink);
        found.namespaces().forEach(network::destroyNamespace);
        found.bridges().forEach(network::destroyLink);
        found.namespaces().forEach(network::destroyNamespace);

        assertThat(KernelLeaks.find(prefix, null)).isEmpty();
    }

    private CompletableFuture<Void> ensureAfter(CyclicBarrier start, NetworkPlan plan) {
        return CompletableFuture.runAsync(() -> {
            try {
                start.await();
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
            network.ensure(plan);
        });
    }

    private static void awaitPing(String netns, String address) {
        await().atMost(Duration.ofSeconds(10)).until(() -> pings(netns, address));
    }

    private static List<String> flags(String link) throws IOException {
        List<String> flags = new ArrayList<>();
        JSON.readTree(check("ip", "-j", "link", "show", "dev", link)).get(0).get("flags")
                .forEach(f -> flags.add(f.asText()));
        return flags;
    }

    private static int ifindex(String link) throws IOException {
        return JSON.readTree(check("ip", "-j", "link", "show", "dev", link)).get(0).get("ifindex").asInt();
    }

    private static List<String> names(String ipJson) throws IOException {
        List<String> names = new ArrayList<>();
        for (JsonNode link : JSON.readTree(ipJson)) {
            names.add(link.get("ifname").asText());
        }
        return names;
    }

    /** A plan in this run's 10.253.octet.0/24, as the agent would derive it. */
    private static NetworkPlan plan(String id, String prefixLength, int network, int host) {
        Cidr subnet = Cidr.parse("10.253." + octet + "." + network + prefixLength);
        return new NetworkPlan(id, names.namespace(id), names.bridge(subnet), names.hostInterface(id),
                names.containerInterface(id), subnet, "10.253." + octet + "." + host, Ipv4.format(subnet.gateway()),
                MTU);
    }
}
