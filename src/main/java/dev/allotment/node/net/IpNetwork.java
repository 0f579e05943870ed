package dev.allotment.node.net;

import dev.allotment.node.KernelNames;
import dev.allotment.node.Network;
import dev.allotment.node.NetworkPlan;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Network} on iproute2. No call lists all links or namespaces except {@link #inventory()}, so ensure, isIntact
 * and destroy cost the same whatever the number of reservations on the node; each runs a fixed number of processes,
 * whatever the number of steps.
 *
 * <p><b>ensure</b> of a reservation whose namespace file does not exist (fresh, or after a reboot) does not observe: it
 * runs the whole plan as one host batch and one in-namespace batch, 2 processes. A create there that meets an object
 * left from before ("File exists" on the namespace or on the veth pair, which is created up and enslaved in the same
 * line so that a left-over host end is not touched) sends it on to the repair path. With the namespace file there,
 * ensure observes only the plan's objects: the bridge and host end by name ({@code ip -j -force -batch -} with two
 * {@code addr show dev} lines, a missing link being a tolerated "does not exist"), and the namespace. It then runs only
 * the lines that are missing: 2 processes when intact, at most 4 (5 after a fresh attempt that met a left-over). {@link
 * #isIntact} is the same observation, and no process at all without the namespace file. IPv6 is turned off on the
 * bridge and host end (see disableIpv6), else the kernel's own work per link event grows with the number of
 * links.
 *
 * <p>Measured on a 2-core VM (iproute2 6.1, kernel 6.18; NetworkBench, N = 200 fresh reservations of a /30 each;
 * medians): the old ensure, {@code ip -j addr show} of every link then the two batches, took 20-28 ms (first tenth
 * 18-24 ms, last tenth 22-33 ms), and 81 ms with 800 more reservations on the node (the listing alone
 * costs 3 ms with no reservation and 20 ms with 1000). Now 8-9 ms, the same in the first and last tenth, and 8 ms with
 * 800 more. About 5 ms of it is the two ip processes themselves (host batch 2.6 ms, namespace batch 2.2 ms from a
 * shell), the rest is starting them from the JVM. Running both batches from one process (a shell, or {@code netns exec}
 * from a batch file) saved only 1-1.5 ms, for the complexity of telling their errors apart, and {@code netns exec} has
 * ip -n's cost (below).
 *
 * <p><b>destroy</b> runs one batch: {@code link set <host end> down}, {@code netns del}. Deleting the name is cheap;
 * the kernel deletes the veth pair when it cleans the namespace up, asynchronously, here 10-50 ms later. Measured
 * (median, batch from a shell / destroy in NetworkBench): {@code link del} then {@code netns del}, the old way, 34 /
 * 32-36 ms, since deleting a veth synchronously waits for RCU grace periods; {@code netns del} then {@code link del}
 * the same; {@code netns del} alone 1.5-2.5 ms; with {@code link set down} first 2.2-2.9 / 2.6-3.2 ms. The down is
 * worth its 0.5 ms: it takes the old IP off the bridge at once, so that the IP, back in the pool, can be handed out
 * again before the cleanup has finished, and it keeps it off when a process still holds the namespace (the pair then
 * lives on, down, until destroy is repeated or the sweep deletes the host end). So for a short while after destroy
 * {@link #inventory()} may still report the host end, truthfully. destroy without the namespace file (a repeated
 * destroy, or a namespace deleted otherwise) deletes a left-over host end with {@code link del}, synchronously, so a
 * repeated destroy leaves nothing; {@link #destroyLink} does the same for the sweep. An ensure of the same reservation
 * before the cleanup has finished meets the old host end and takes the repair path.
 *
 * <p>Namespace batches and queries run as {@code nsenter --net=<file> ip}, not {@code ip -n}, whose cost grows with the
 * number of mounts (see {@link IpBatch}).
 */
public final class IpNetwork implements Network {
    public static final Path NETNS_DIR = Path.of("/var/run/netns");
    public static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");
    public static final Path IPV6_CONF = Path.of("/proc/sys/net/ipv6/conf");

    private static final Logger LOG = LoggerFactory.getLogger(IpNetwork.class);

    private final KernelNames names;
    private final KernelObserver observer;
    private final IpBatch batch;
    private final Path ipForward;
    private final Path ipv6Conf;

    public IpNetwork(CommandRunner runner, KernelNames names) {
        this(runner, names, NETNS_DIR, IP_FORWARD, IPV6_CONF);
    }

    /**
     * With the directory where {@code ip netns} keeps its names, the IPv4 forwarding switch and the directory of the
     * per-link IPv6 switches, for tests.
     */
    public IpNetwork(CommandRunner runner, KernelNames names, Path netnsDir, Path ipForward, Path ipv6Conf) {
        this.names = names;
        this.observer = new KernelObserver(runner, netnsDir);
        this.batch = new IpBatch(runner, netnsDir);
        this.ipForward = ipForward;
        this.ipv6Conf = ipv6Conf;
    }

    @Override
    public void setUp() {
        try {
            if (!Files.readString(ipForward).strip().equals("1")) {
                Files.writeString(ipForward, "1\n");
                LOG.info("ip-forwarding-enabled file={}", ipForward);
            }
        } catch (IOException e) {
            throw new NetworkException("could not enable IPv4 forwarding through " + ipForward + ": " + e, e);
        }
    }

    @Override
    public void ensure(NetworkPlan plan) {
        PlanCheck.requireDerived(plan, names);
        long started = System.nanoTime();
        String subject = "ensure network of container " + plan.containerId();
        Repair repair;
        String path;
        if (observer.namespaceFileExists(plan.netns())) {
            path = "repair";
            repair = observe(subject, plan);
            batch.applyOnHost(subject, repair.host());
        } else {
            path = "fresh";
            repair = Repair.fresh(plan);
            List<BatchFailure> tolerated = batch.applyOnHost(subject, repair.host());
            List<BatchFailure> leftOvers = tolerated.stream().filter(BatchFailure::leftOver).toList();
            if (!leftOvers.isEmpty()) {
                path = "fresh+repair";
                LOG.info("network-left-over-found containerId={} lines=\"{}\"", plan.containerId(),
                        leftOvers.stream().map(f -> f.line().text()).collect(Collectors.joining("; ")));
                repair = observe(subject, plan);
                batch.applyOnHost(subject, repair.host());
            }
        }
        disableIpv6(plan.bridge(), plan.hostInterface());
        batch.applyInNamespace(subject, plan.netns(), repair.inNamespace());
        LOG.info("network-ensured containerId={} netns={} bridge={} ip={} path={} hostChanges={} netnsChanges={} ms={}",
                plan.containerId(), plan.netns(), plan.bridge(), plan.ip(), path, repair.host().size(),
                repair.inNamespace().size(), millisSince(started));
    }

    /**
     * Turns IPv6 off on the plan's host-side links by writing their switches (no process; a no-op when already off),
     * before the namespace batch gives the host end its carrier. Every address the agent manages is IPv4, and the
     * firewall drops IPv6 forwarded from a reservation bridge. Left on, each link adds its IPv6 routes to the host's
     * table, and the kernel walks that whole table on every link up, down, carrier or MTU change: NetworkBench with
     * 800 more reservations on the node took 12 ms per ensure and 6 ms per destroy with IPv6 on, 8 and 2.6 ms with it
     * off, as with none. A switch that is not there (IPv6 off on the node) is skipped; one that cannot be written only
     * costs that time, so it is logged, not raised.
     */
    private void disableIpv6(String... links) {
        for (String link : links) {
            Path knob = ipv6Conf.resolve(link).resolve("disable_ipv6");
            try {
                Files.writeString(knob, "1\n");
            } catch (NoSuchFileException e) {
                LOG.debug("ipv6-switch-absent file={}", knob);
            } catch (IOException e) {
                LOG.warn("ipv6-not-disabled link={} file={} error=\"{}\"", link, knob, e.toString());
            }
        }
    }

    /** Without the namespace file nothing is intact, and no process is needed to say so. */
    @Override
    public boolean isIntact(NetworkPlan plan) {
        PlanCheck.requireDerived(plan, names);
        if (!observer.namespaceFileExists(plan.netns())) {
            LOG.debug("network-checked containerId={} intact=false missing=\"netns {}\"", plan.containerId(),
                    plan.netns());
            return false;
        }
        Repair repair = observe("check network of container " + plan.containerId(), plan);
        LOG.debug("network-checked containerId={} intact={} missing=\"{}\"", plan.containerId(), repair.isEmpty(),
                repair);
        return repair.isEmpty();
    }

    /** Two processes whatever the number of reservations: the plan's two host links by name, and its namespace. */
    private Repair observe(String subject, NetworkPlan plan) {
        Links host = observer.hostLinks(subject, List.of(plan.bridge(), plan.hostInterface()));
        NamespaceView namespace = observer.namespace(subject, plan.netns());
        return Repair.of(plan, host, namespace);
    }

    /**
     * With the namespace file there: puts the host end down and deletes the namespace name, and the kernel deletes
     * the pair when it cleans the namespace up, asynchronously (see the class comment). Without it (a repeated
     * destroy, or a namespace gone by other means): deletes a host end left over, synchronously.
     */
    @Override
    public void destroy(String containerId) {
        PlanCheck.requireContainerId(containerId, names);
        long started = System.nanoTime();
        String netns = names.namespace(containerId);
        String hostEnd = names.hostInterface(containerId);
        boolean named = observer.namespaceFileExists(netns);
        List<BatchLine> lines = named
                ? List.of(BatchLine.unlessGone("link", "set", hostEnd, "down"),
                        BatchLine.unlessGone("netns", "del", netns))
                : List.of(BatchLine.unlessGone("link", "del", hostEnd));
        batch.applyOnHost("destroy network of container " + containerId, lines);
        LOG.info("network-destroyed containerId={} path={} ms={}", containerId, named ? "netns" : "host-end",
                millisSince(started));
    }

    @Override
    public void destroyBridge(String bridge) {
        if (!names.isBridge(bridge)) {
            throw new IllegalArgumentException("\"" + bridge + "\" is not one of this agent's bridges");
        }
        deleteLink("bridge", bridge);
    }

    @Override
    public void destroyNamespace(String netns) {
        if (netns == null || names.containerIdOfNamespace(netns).isEmpty()) {
            throw new IllegalArgumentException("\"" + netns + "\" is not one of this agent's network namespaces");
        }
        if (observer.namespaceFileExists(netns)) {
            batch.applyOnHost("destroy netns " + netns, List.of(BatchLine.unlessGone("netns", "del", netns)));
        }
        LOG.info("namespace-destroyed netns={}", netns);
    }

    @Override
    public void destroyLink(String link) {
        if (link == null || !(names.isBridge(link) || names.containerIdOfHostInterface(link).isPresent())) {
            throw new IllegalArgumentException("\"" + link + "\" is not one of this agent's host links");
        }
        deleteLink("link", link);
    }

    private void deleteLink(String kind, String link) {
        batch.applyOnHost("destroy " + kind + " " + link, List.of(BatchLine.unlessGone("link", "del", link)));
        LOG.info("{}-destroyed {}={}", kind, kind, link);
    }

    @Override
    public Inventory inventory() {
        Set<String> namespaces = observer.namespaceNames().stream()
                .filter(n -> names.containerIdOfNamespace(n).isPresent()).collect(Collectors.toUnmodifiableSet());
        Set<String> links = observer.hostLinks("list the agent's links").names();
        Set<String> hostInterfaces = links.stream().filter(l -> names.containerIdOfHostInterface(l).isPresent())
                .collect(Collectors.toUnmodifiableSet());
        Set<String> bridges = links.stream().filter(names::isBridge).collect(Collectors.toUnmodifiableSet());
        LOG.debug("network-inventoried namespaces={} hostInterfaces={} bridges={}", namespaces.size(),
                hostInterfaces.size(), bridges.size());
        return new Inventory(namespaces, hostInterfaces, bridges);
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
