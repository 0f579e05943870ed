package dev.allotment.node;

import static dev.allotment.node.NodePoolAcquireTest.netIn;
import static dev.allotment.node.NodePoolFixture.request;
import static dev.allotment.node.NodePoolFixture.spec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import dev.allotment.api.Limits;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Resources;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * NodePool on the real kernel: two reservations that reach their gateways, a NetIn that forwards, a denied network,
 * a quota, a read-only bind mount, refused path escapes, a simulated reboot, and a release that leaves nothing.
 */
@Privileged
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class NodePoolIT {
    private static final String EXTERNAL_IP = "10.96.7.1";
    private static final String FAR_ALLOWED = "10.97.7.2";
    private static final String FAR_DENIED = "10.98.7.2";

    private final String prefix = Privileged.Support.uniquePrefix();
    private Path work;
    private RealNode node;
    private final Topology topology = new Topology(prefix);
    private DepotRecord web;
    private DepotRecord egress;

    @BeforeAll
    void setUp() throws IOException {
        Privileged.Support.requireRoot();
        work = Files.createTempDirectory("allotment-it-" + prefix);
        Files.createDirectories(work.resolve("images/base/etc"));
        Files.writeString(work.resolve("images/base/etc/motd"), "lower layer\n");
        Files.createDirectories(work.resolve("images/base/data"));
        Files.createSymbolicLink(work.resolve("images/base/escape"), Path.of("../../../../../.."));
        Files.createDirectories(work.resolve("binds/shared"));
        Files.writeString(work.resolve("binds/shared/readme"), "host data\n");
        topology.create(EXTERNAL_IP, FAR_ALLOWED, FAR_DENIED);
        node = newNode();
        node.pool.setUp();
    }

    private RealNode newNode() {
        return new RealNode(prefix, work, EXTERNAL_IP,
                new FirewallPolicy(List.of(), List.of("10.98.0.0/16")), FaultPoint.NONE);
    }

    @AfterAll
    void tearDown() throws IOException {
        List<String> leaksBeforeCleanup = new ArrayList<>();
        try {
            if (node != null) {
                for (DepotRecord record : node.pool.depot().records()) {
                    node.pool.release(record);
                }
                node.awaitCleanup();
                leaksBeforeCleanup.addAll(KernelLeaks.find(prefix, node.depot).stream()
                        .filter(l -> !l.startsWith("nft ") && !topology.owns(l)).toList());
                node.firewall.tearDown();
            }
        } finally {
            topology.destroy();
            new dev.allotment.node.exec.ExecCommandRunner().run(Command.of("rm", "-rf", "--one-file-system",
                    work.toString()));
        }
        assertThat(leaksBeforeCleanup).as("kernel objects the releases left").isEmpty();
        assertThat(KernelLeaks.find(prefix, work)).isEmpty();
    }

    private CommandResult inNetns(DepotRecord record, String... argv) {
        List<String> command = new ArrayList<>(List.of("ip", "netns", "exec", record.resources().netns()));
        command.addAll(List.of(argv));
        return node.runner.run(Command.of(command).withTimeout(Duration.ofSeconds(10)));
    }

    private static ContainerReservationSpec withNetOut(ContainerReservationSpec spec, String network) {
        NetOutRule rule = new NetOutRule();
        rule.setProtocol(NetOutProtocol.TCP);
        rule.setNetworks(List.of(network));
        rule.setPorts(List.of("8080"));
        spec.setNetOut(List.of(rule));
        return spec;
    }

    @Test
    @Order(1)
    void acquiredReservationsReachTheirGateways() {
        ContainerReservationSpec webSpec = spec();
        webSpec.setNetIn(List.of(netIn(0, 8080)));
        web = node.pool.acquire(request("web", webSpec));
        egress = node.pool.acquire(request("egress", withNetOut(spec("10.253.0.6"), FAR_DENIED)));

        for (DepotRecord record : List.of(web, egress)) {
            assertThat(inNetns(record, "ping", "-c1", "-W2", record.resources().gateway()).exitCode()).isZero();
        }
        assertThat(egress.resources().ip()).isEqualTo("10.253.0.6");
    }

    @Test
    @Order(2)
    void aListenerInsideTheNetnsIsReachableThroughItsNetInHostPort() throws Exception {
        try (Listener listener = Listener.start(node, web, 8080, "hello from " + web.containerId())) {
            int hostPort = web.resources().ports().get(0).hostPort();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(fetch(EXTERNAL_IP, hostPort)).isEqualTo("hello from " + web.containerId()));
        }
    }

    @Test
    @Order(3)
    void aDeniedNetworkIsUnreachableUnlessNetOutAllowsIt() throws Exception {
        try (Listener far = Listener.startIn(node, topology.farNamespace(FAR_DENIED), 8080, "far");
             Listener allowed = Listener.startIn(node, topology.farNamespace(FAR_ALLOWED), 8080, "near")) {
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectFrom(web, FAR_ALLOWED, 8080).exitCode()).isZero());
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(connectFrom(egress, FAR_DENIED, 8080).exitCode()).isZero());
            CommandResult denied = connectFrom(web, FAR_DENIED, 8080);
            assertThat(denied.exitCode()).isNotZero();
            assertThat(denied.stderr()).contains("Connection refused");
        }
    }

    private CommandResult connectFrom(DepotRecord record, String ip, int port) {
        return inNetns(record, "socat", "-T2", "-u", "TCP:" + ip + ":" + port + ",connect-timeout=2", "-");
    }

    @Test
    @Order(4)
    void writingPastTheDiskQuotaFailsWithNoSpace() throws IOException {
        ContainerReservationSpec spec = spec();
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(16L << 20);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        DepotRecord quota = node.pool.acquire(request("quota", spec));
        Path big = Path.of(quota.resources().rootfs().path()).resolve("big");
        assertThatThrownBy(() -> writeMegabytes(big, 32)).isInstanceOf(IOException.class)
                .hasMessageContaining("No space left on device");
        node.pool.release(quota);
    }

    @Test
    @Order(5)
    void aReadOnlyBindMountRefusesWrites() throws IOException {
        ContainerReservationSpec spec = spec();
        BindMount mount = new BindMount();
        mount.setSrcPath(node.bindSources.resolve("shared").toString());
        mount.setDstPath("/data/shared");
        mount.setMode(BindMountMode.RO);
        spec.setBindMounts(List.of(mount));
        DepotRecord bound = node.pool.acquire(request("bound", spec));
        Path inside = Path.of(bound.resources().rootfs().path()).resolve("data/shared");
        assertThat(Files.readString(inside.resolve("readme"))).isEqualTo("host data\n");
        assertThatThrownBy(() -> Files.writeString(inside.resolve("new"), "x")).isInstanceOf(IOException.class)
                .hasMessageContaining("Read-only file system");
        node.pool.release(bound);
    }

    @Test
    @Order(6)
    void pathEscapesAreRefusedAndLeaveNothing() {
        ContainerReservationSpec throughSymlink = spec();
        BindMount mount = new BindMount();
        mount.setSrcPath(node.bindSources.resolve("shared").toString());
        mount.setDstPath("/escape/tmp/owned");
        throughSymlink.setBindMounts(List.of(mount));
        assertThatThrownBy(() -> node.pool.acquire(request("symlink-escape", throughSymlink)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec));
        assertThat(Path.of("/tmp/owned")).doesNotExist();

        ContainerReservationSpec dotDot = spec();
        BindMount up = new BindMount();
        up.setSrcPath(node.bindSources.resolve("shared/../../..").toString());
        up.setDstPath("/data/x");
        dotDot.setBindMounts(List.of(up));
        assertThatThrownBy(() -> node.pool.acquire(request("dotdot-escape", dotDot)))
                .isInstanceOfSatisfying(ReservationException.class,
                        e -> assertThat(e.reason()).isEqualTo(Reason.InvalidSpec));
        assertThat(node.pool.depot().records()).hasSize(2);
    }

    @Test
    @Order(7)
    void afterARebootRestoreRebuildsEverythingWithTheSameIpsAndPorts() throws Exception {
        node.awaitCleanup();
        topology.wipeKernelStateOf(node);
        assertThat(KernelLeaks.find(prefix, node.depot)).allMatch(topology::owns);

        node = newNode();
        node.pool.setUp();
        RestoreReport report = node.pool.restore();

        assertThat(report.restored()).isEqualTo(2);
        assertThat(report.rebuilt()).isEqualTo(2);
        DepotRecord webAfter = node.pool.depot().byUid(web.owner().uid()).orElseThrow();
        assertThat(webAfter.resources().ip()).isEqualTo(web.resources().ip());
        assertThat(webAfter.resources().ports()).isEqualTo(web.resources().ports());
        assertThat(inNetns(webAfter, "ping", "-c1", "-W2", webAfter.resources().gateway()).exitCode()).isZero();
        try (Listener listener = Listener.start(node, webAfter, 8080, "back")) {
            int hostPort = webAfter.resources().ports().get(0).hostPort();
            await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                    assertThat(fetch(EXTERNAL_IP, hostPort)).isEqualTo("back"));
        }
    }

    @Test
    @Order(8)
    void releaseLeavesNothingOfTheReservationInTheKernel() {
        for (DepotRecord record : node.pool.depot().records()) {
            node.pool.release(record);
        }
        node.awaitCleanup();
        assertThat(KernelLeaks.find(prefix, node.depot)).allMatch(l -> l.startsWith("nft ") || topology.owns(l));
        assertThat(node.firewall.inventory().containerIds()).isEmpty();
        assertThat(node.firewall.inventory().subnets()).isEmpty();
    }

    private static void writeMegabytes(Path file, int megabytes) throws IOException {
        byte[] chunk = new byte[1 << 20];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (int i = 0; i < megabytes; i++) {
                out.write(chunk);
            }
            out.flush();
        }
    }

    static String fetch(String ip, int port) throws IOException {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(ip, port), 2000);
            socket.setSoTimeout(2000);
            InputStream in = socket.getInputStream();
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).strip();
        }
    }
}
