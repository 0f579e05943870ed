package dev.allotment.node.net;

import dev.allotment.node.KernelNames;
import dev.allotment.node.Network;
import dev.allotment.node.NetworkPlan;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@link Network} on iproute2. Each call observes with at most two {@code ip -j} queries and changes with at most one
 * host batch and one in-namespace batch, so its process count does not grow with the number of steps.
 */
public final class IpNetwork implements Network {
    public static final Path NETNS_DIR = Path.of("/var/run/netns");
    public static final Path IP_FORWARD = Path.of("/proc/sys/net/ipv4/ip_forward");

    private static final Logger LOG = LoggerFactory.getLogger(IpNetwork.class);

    private final KernelNames names;
    private final KernelObserver observer;
    private final IpBatch batch;
    private final Path ipForward;

    public IpNetwork(CommandRunner runner, KernelNames names) {
        this(runner, names, NETNS_DIR, IP_FORWARD);
    }

    /** With the directory where {@code ip netns} keeps its names and the IPv4 forwarding switch, for tests. */
    public IpNetwork(CommandRunner runner, KernelNames names, Path netnsDir, Path ipForward) {
        this.names = names;
        this.observer = new KernelObserver(runner, netnsDir);
        this.batch = new IpBatch(runner);
        this.ipForward = ipForward;
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
        Repair repair = observe(subject, plan);
        batch.applyOnHost(subject, repair.host());
        batch.applyInNamespace(subject, plan.netns(), repair.inNamespace());
        LOG.info("network-ensured containerId={} netns={} bridge={} ip={} hostChanges={} netnsChanges={} ms={}",
                plan.containerId(), plan.netns(), plan.bridge(), plan.ip(), repair.host().size(),
                repair.inNamespace().size(), millisSince(started));
    }

    @Override
    public boolean isIntact(NetworkPlan plan) {
        PlanCheck.requireDerived(plan, names);
        Repair repair = observe("check network of container " + plan.containerId(), plan);
        LOG.debug("network-checked containerId={} intact={} missing=\"{}\"", plan.containerId(), repair.isEmpty(),
                repair);
        return repair.isEmpty();
    }

    private Repair observe(String subject, NetworkPlan plan) {
        Links host = observer.hostAddresses(subject);
        NamespaceView namespace = observer.namespace(subject, plan.netns());
        return Repair.of(plan, host, namespace);
    }

    /** Deletes the host end first: that takes the pair at once, where a namespace's links go asynchronously. */
    @Override
    public void destroy(String containerId) {
        PlanCheck.requireContainerId(containerId, names);
        long started = System.nanoTime();
        batch.applyOnHost("destroy network of container " + containerId, List.of(
                BatchLine.unlessGone("link", "del", names.hostInterface(containerId)),
                BatchLine.unlessGone("netns", "del", names.namespace(containerId))));
        LOG.info("network-destroyed containerId={} ms={}", containerId, millisSince(started));
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
