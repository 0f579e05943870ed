package dev.allotment.agent.config;

import dev.allotment.api.SpecPatterns;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelNames;
import dev.allotment.node.rootfs.LoopImageQuota;
import dev.allotment.node.rootfs.XfsProjectQuota;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.Ipv4;
import dev.allotment.pool.PortPool;
import dev.allotment.pool.SubnetPool;
import dev.allotment.pool.UidMapping;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * Every setting of one node agent, checked on construction: an instance is always a usable config, and a bad value
 * fails with one {@link ConfigException} naming its key path. {@link ConfigLoader} reads it from YAML and the
 * environment; the key paths (e.g. {@code pool.portRange.start}) are the YAML keys.
 *
 * @param nodeName                the node this agent serves ({@code NODE_NAME}); null only outside agent mode
 * @param depotDir                the depot, {@code <depotDir>/<containerId>/reservation.json}
 * @param prefix                  the kernel-name prefix; {@code prefix + tag} is 1-3 characters {@code [a-z][a-z0-9]*}
 * @param tag                     appended to the prefix, so agents and test runs on one machine never share objects
 * @param pool                    container subnets and host ports
 * @param mtu                     of bridges and veth pairs
 * @param externalIp              the node address NetIn host ports listen on; null only outside agent mode
 * @param allowNetworks           egress the node's default policy accepts before it applies {@code denyNetworks}
 * @param denyNetworks            egress the node's default policy rejects
 * @param uid                     container root's host UID range, and whether privileged reservations are allowed
 * @param allowedRootfsRoots      where {@code dir://} trees and {@code oci://} layouts may come from
 * @param allowedBindMountSources which host directories may be bind mounted (origin Host)
 * @param defaultRootfs           the rootfs of reservations that name none; null for none
 * @param layerCacheDir           unpacked OCI layers (default {@code <depotDir>/../layers})
 * @param hooksDir                the node admin's {@code setup}, {@code create}, {@code destroy} scripts; null for none
 * @param hookTimeout             how long one hook may run
 * @param quota                   the disk-quota backend of writable layers
 * @param gc                      the periodic sweep
 * @param nodeSelection           how the agent asks the API server for its node's reservations
 * @param probePort               {@code /healthz} and {@code /readyz}
 * @param logFormat               text lines, or JSON for clusters
 */
public record AgentConfig(
        String nodeName,
        Path depotDir,
        String prefix,
        String tag,
        Pool pool,
        int mtu,
        String externalIp,
        List<String> allowNetworks,
        List<String> denyNetworks,
        Uid uid,
        List<Path> allowedRootfsRoots,
        List<Path> allowedBindMountSources,
        String defaultRootfs,
        Path layerCacheDir,
        Path hooksDir,
        Duration hookTimeout,
        Quota quota,
        Gc gc,
        NodeSelection nodeSelection,
        int probePort,
        LogFormat logFormat) {

    public static final Path DEFAULT_DEPOT_DIR = Path.of("/var/lib/allotment/depot");
    public static final String DEFAULT_PREFIX = "al";
    public static final int DEFAULT_MTU = 1500;
    public static final Duration DEFAULT_HOOK_TIMEOUT = Duration.ofSeconds(30);
    public static final int DEFAULT_PROBE_PORT = 8081;
    private static final Pattern TAG = Pattern.compile("[a-z0-9]*");
    private static final int MAX_NODE_NAME = 253;

    public AgentConfig {
        if (nodeName != null && (nodeName.length() > MAX_NODE_NAME
                || !Pattern.matches(SpecPatterns.NODE_NAME, nodeName))) {
            throw ConfigException.invalid("nodeName", Checks.quote(nodeName) + " is not a node name (a DNS subdomain)");
        }
        depotDir = Checks.absolutePath("depotDir", Checks.required("depotDir", depotDir));
        Checks.required("prefix", prefix);
        tag = tag == null ? "" : tag;
        try {
            new KernelNames(prefix);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("prefix", e.getMessage());
        }
        if (!TAG.matcher(tag).matches()) {
            throw ConfigException.invalid("tag", Checks.quote(tag) + " may hold only [a-z0-9]");
        }
        try {
            new KernelNames(prefix + tag);
        } catch (IllegalArgumentException e) {
            throw ConfigException.invalid("tag", "prefix+tag \"" + prefix + tag + "\" is " + (prefix + tag).length()
                    + " characters, kernel names allow 3 (prefix \"" + prefix + "\" leaves " + (3 - prefix.length())
                    + " for the tag)");
        }
        Checks.required("pool", pool);
        Checks.between("mtu", mtu, 68, 65535);
        if (externalIp != null) {
            Checks.ipv4("externalIp", externalIp);
            int address = Ipv4.parse(externalIp);
            if (address == 0) {
                throw ConfigException.invalid("externalIp", "\"0.0.0.0\" is not a node address");
            }
            if (pool.cidr().contains(address)) {
                throw ConfigException.invalid("externalIp", Checks.quote(externalIp) + " lies inside pool.cidr "
                        + pool.cidr());
            }
            for (Cidr staticRange : pool.staticRanges()) {
                if (staticRange.contains(address)) {
                    throw ConfigException.invalid("externalIp", Checks.quote(externalIp) + " lies inside"
                            + " pool.staticRanges " + staticRange);
                }
            }
        }
        allowNetworks = Checks.networks("allowNetworks", allowNetworks == null ? List.of() : allowNetworks);
        denyNetworks = Checks.networks("denyNetworks", denyNetworks == null ? List.of() : denyNetworks);
        Checks.required("uid", uid);
        allowedRootfsRoots = Checks.absolutePaths("allowedRootfsRoots",
                allowedRootfsRoots == null ? List.of() : allowedRootfsRoots);
        allowedBindMountSources = Checks.absolutePaths("allowedBindMountSources",
                allowedBindMountSources == null ? List.of() : allowedBindMountSources);
        if (defaultRootfs != null) {
            Path path = Checks.rootfsPath("defaultRootfs", defaultRootfs);
            if (allowedRootfsRoots.stream().noneMatch(path::startsWith)) {
                throw ConfigException.invalid("defaultRootfs", Checks.quote(defaultRootfs)
                        + " is not under one of allowedRootfsRoots " + allowedRootfsRoots);
            }
        }
        layerCacheDir = Checks.absolutePath("layerCacheDir", layerCacheDir == null
                ? defaultLayerCacheDir(depotDir) : layerCacheDir);
        if (layerCacheDir.startsWith(depotDir)) {
            throw ConfigException.invalid("layerCacheDir", Checks.quote(layerCacheDir.toString())
                    + " must lie outside depotDir " + depotDir);
        }
        if (hooksDir != null) {
            Checks.absolutePath("hooksDir", hooksDir);
        }
        Checks.required("hookTimeout", hookTimeout);
        if (hookTimeout.isNegative() || hookTimeout.isZero()) {
            throw ConfigException.invalid("hookTimeout", "must be longer than 0s");
        }
        Checks.required("quota", quota);
        if (quota.backend() == QuotaBackendKind.XFS_PROJECT && !depotDir.startsWith(quota.xfsMountPoint())) {
            throw ConfigException.invalid("quota.xfsMountPoint", "depotDir " + depotDir + " is not on the XFS"
                    + " filesystem mounted at " + quota.xfsMountPoint());
        }
        Checks.required("gc", gc);
        Checks.required("nodeSelection", nodeSelection);
        Checks.between("probePort", probePort, 1, 65535);
        if (probePort >= pool.portRange().start() && probePort <= pool.portRange().end()) {
            throw ConfigException.invalid("probePort", probePort + " lies inside pool.portRange "
                    + pool.portRange().start() + "-" + pool.portRange().end()
                    + ", where a NetIn mapping would capture the probes");
        }
        Checks.required("logFormat", logFormat);
    }

    /** {@code <depotDir>/../layers}, normalized. */
    public static Path defaultLayerCacheDir(Path depotDir) {
        return depotDir.resolve("../layers").normalize();
    }

    /** The kernel-name prefix: prefix plus tag. */
    public String namePrefix() {
        return prefix + tag;
    }

    public FirewallPolicy firewallPolicy() {
        return new FirewallPolicy(allowNetworks, denyNetworks);
    }

    public AgentConfig withNodeName(String newNodeName) {
        return new AgentConfig(newNodeName, depotDir, prefix, tag, pool, mtu, externalIp, allowNetworks, denyNetworks,
                uid, allowedRootfsRoots, allowedBindMountSources, defaultRootfs, layerCacheDir, hooksDir, hookTimeout,
                quota, gc, nodeSelection, probePort, logFormat);
    }

    public AgentConfig withExternalIp(String newExternalIp) {
        return new AgentConfig(nodeName, depotDir, prefix, tag, pool, mtu, newExternalIp, allowNetworks, denyNetworks,
                uid, allowedRootfsRoots, allowedBindMountSources, defaultRootfs, layerCacheDir, hooksDir, hookTimeout,
                quota, gc, nodeSelection, probePort, logFormat);
    }

    public AgentConfig withTag(String newTag) {
        return new AgentConfig(nodeName, depotDir, prefix, newTag, pool, mtu, externalIp, allowNetworks, denyNetworks,
                uid, allowedRootfsRoots, allowedBindMountSources, defaultRootfs, layerCacheDir, hooksDir, hookTimeout,
                quota, gc, nodeSelection, probePort, logFormat);
    }

    /** A depot and layer cache of its own, e.g. for one of several simulated nodes on one machine. */
    public AgentConfig withDepot(Path newDepotDir, Path newLayerCacheDir) {
        return new AgentConfig(nodeName, newDepotDir, prefix, tag, pool, mtu, externalIp, allowNetworks, denyNetworks,
                uid, allowedRootfsRoots, allowedBindMountSources, defaultRootfs, newLayerCacheDir, hooksDir,
                hookTimeout, quota, gc, nodeSelection, probePort, logFormat);
    }

    /**
     * The effective settings by key path, as text that {@link ConfigLoader} reads back (lists comma-separated; unset
     * optional settings left out). For the start-up log line.
     */
    public Map<String, String> settings() {
        Map<String, String> s = new LinkedHashMap<>();
        putIfSet(s, "nodeName", nodeName);
        s.put("depotDir", depotDir.toString());
        s.put("prefix", prefix);
        s.put("tag", tag);
        s.put("pool.cidr", pool.cidr().toString());
        s.put("pool.containerPrefix", Integer.toString(pool.containerPrefix()));
        s.put("pool.staticRanges", join(pool.staticRanges()));
        s.put("pool.portRange.start", Integer.toString(pool.portRange().start()));
        s.put("pool.portRange.size", Integer.toString(pool.portRange().size()));
        s.put("mtu", Integer.toString(mtu));
        putIfSet(s, "externalIp", externalIp);
        s.put("allowNetworks", join(allowNetworks));
        s.put("denyNetworks", join(denyNetworks));
        s.put("uid.hostRootUid", Long.toString(uid.hostRootUid()));
        s.put("uid.size", Long.toString(uid.size()));
        s.put("uid.allowPrivileged", Boolean.toString(uid.allowPrivileged()));
        s.put("allowedRootfsRoots", join(allowedRootfsRoots));
        s.put("allowedBindMountSources", join(allowedBindMountSources));
        putIfSet(s, "defaultRootfs", defaultRootfs);
        s.put("layerCacheDir", layerCacheDir.toString());
        putIfSet(s, "hooksDir", hooksDir);
        s.put("hookTimeout", Durations.format(hookTimeout));
        s.put("quota.backend", quota.backend().text());
        putIfSet(s, "quota.xfsMountPoint", quota.xfsMountPoint());
        s.put("gc.interval", Durations.format(gc.interval()));
        s.put("gc.grace", Durations.format(gc.grace()));
        s.put("nodeSelection", nodeSelection.text());
        s.put("probePort", Integer.toString(probePort));
        s.put("logFormat", logFormat.text());
        return s;
    }

    private static void putIfSet(Map<String, String> settings, String key, Object value) {
        if (value != null) {
            settings.put(key, value.toString());
        }
    }

    private static String join(List<?> values) {
        return values.stream().map(Object::toString).collect(Collectors.joining(","));
    }

    /**
     * The node's container subnets and host ports.
     *
     * @param cidr            the dynamic pool, cut into {@code /containerPrefix} subnets
     * @param containerPrefix the prefix length of a dynamic subnet, {@code cidr}'s prefix to 30
     * @param staticRanges    where static subnets may lie; none may overlap {@code cidr}
     * @param portRange       the host ports NetIn mappings take
     */
    public record Pool(Cidr cidr, int containerPrefix, List<Cidr> staticRanges, PortRange portRange) {
        public static final Cidr DEFAULT_CIDR = Cidr.parse("10.254.0.0/22");
        public static final int DEFAULT_CONTAINER_PREFIX = 30;
        public static final List<Cidr> DEFAULT_STATIC_RANGES = List.of(Cidr.parse("10.253.0.0/22"));

        public Pool {
            Checks.required("pool.cidr", cidr);
            staticRanges = List.copyOf(staticRanges == null ? List.of() : staticRanges);
            Checks.required("pool.portRange", portRange);
            // SubnetPool's own rules, checked one setting at a time so the message names the right one.
            try {
                new SubnetPool(cidr, containerPrefix, List.of());
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid("pool.containerPrefix", e.getMessage());
            }
            for (Cidr staticRange : staticRanges) {
                try {
                    new SubnetPool(cidr, containerPrefix, List.of(staticRange));
                } catch (IllegalArgumentException e) {
                    throw ConfigException.invalid("pool.staticRanges", e.getMessage());
                }
            }
        }

        public static Pool defaults() {
            return new Pool(DEFAULT_CIDR, DEFAULT_CONTAINER_PREFIX, DEFAULT_STATIC_RANGES, PortRange.defaults());
        }
    }

    /** Host ports {@code start} to {@code start + size - 1}; {@link PortPool}'s rules apply. */
    public record PortRange(int start, int size) {
        public static final int DEFAULT_START = 60000;
        public static final int DEFAULT_SIZE = 5000;

        public PortRange {
            try {
                new PortPool(start, size);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid("pool.portRange", e.getMessage());
            }
        }

        public static PortRange defaults() {
            return new PortRange(DEFAULT_START, DEFAULT_SIZE);
        }

        /** The last port, inclusive. */
        public int end() {
            return start + size - 1;
        }
    }

    /** Container root's host UID range ({@link UidMapping}'s rules apply), and whether privileged is allowed. */
    public record Uid(long hostRootUid, long size, boolean allowPrivileged) {
        public static final long DEFAULT_HOST_ROOT_UID = 100000;
        public static final long DEFAULT_SIZE = 65536;

        public Uid {
            try {
                new UidMapping(hostRootUid, size, allowPrivileged);
            } catch (IllegalArgumentException e) {
                throw ConfigException.invalid("uid", e.getMessage());
            }
        }

        public static Uid defaults() {
            return new Uid(DEFAULT_HOST_ROOT_UID, DEFAULT_SIZE, false);
        }
    }

    /**
     * The disk-quota backend of writable layers.
     *
     * @param xfsMountPoint the mount point of the XFS filesystem (mounted with {@code prjquota}) that holds the depot;
     *                      required with {@code xfs-project}, refused otherwise
     */
    public record Quota(QuotaBackendKind backend, Path xfsMountPoint) {
        public Quota {
            Checks.required("quota.backend", backend);
            if (backend == QuotaBackendKind.XFS_PROJECT) {
                if (xfsMountPoint == null) {
                    throw ConfigException.required("quota.xfsMountPoint", "quota.backend is xfs-project");
                }
                Checks.absolutePath("quota.xfsMountPoint", xfsMountPoint);
            } else if (xfsMountPoint != null) {
                throw ConfigException.invalid("quota.xfsMountPoint", "is only used with quota.backend xfs-project,"
                        + " not " + backend.text());
            }
        }

        public static Quota defaults() {
            return new Quota(QuotaBackendKind.LOOP_IMAGE, null);
        }
    }

    /**
     * The periodic sweep.
     *
     * @param interval how often it runs
     * @param grace    how long the sweep leaves a new record or kernel object alone, so it never races an acquire
     */
    public record Gc(Duration interval, Duration grace) {
        public static final Duration DEFAULT_INTERVAL = Duration.ofMinutes(1);
        public static final Duration DEFAULT_GRACE = Duration.ofSeconds(30);

        public Gc {
            Checks.required("gc.interval", interval);
            Checks.required("gc.grace", grace);
            if (interval.isNegative() || interval.isZero()) {
                throw ConfigException.invalid("gc.interval", "must be longer than 0s");
            }
            if (grace.isNegative()) {
                throw ConfigException.invalid("gc.grace", "must not be negative");
            }
        }

        public static Gc defaults() {
            return new Gc(DEFAULT_INTERVAL, DEFAULT_GRACE);
        }
    }

    /** Settings whose values are a fixed set of words. */
    public interface Choice {
        /** The word the config file uses. */
        String text();
    }

    public enum QuotaBackendKind implements Choice {
        LOOP_IMAGE(LoopImageQuota.NAME),
        XFS_PROJECT(XfsProjectQuota.NAME);

        private final String text;

        QuotaBackendKind(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    /**
     * {@code fieldSelector}: the API server filters on {@code spec.nodeName} (the CRD's selectable field, Kubernetes
     * 1.31+). {@code client}: list everything and filter in the agent, for servers that ignore field selectors on
     * custom fields (fabric8's mock server).
     */
    public enum NodeSelection implements Choice {
        FIELD_SELECTOR("fieldSelector"),
        CLIENT("client");

        private final String text;

        NodeSelection(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    public enum LogFormat implements Choice {
        TEXT("text"),
        JSON("json");

        private final String text;

        LogFormat(String text) {
            this.text = text;
        }

        @Override
        public String text() {
            return text;
        }
    }

    /** The words of a choice, for messages: {@code loop-image, xfs-project}. */
    static String words(Choice[] choices) {
        return Arrays.stream(choices).map(Choice::text).collect(Collectors.joining(", "));
    }
}
