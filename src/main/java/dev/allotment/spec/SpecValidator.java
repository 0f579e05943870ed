package dev.allotment.spec;

import dev.allotment.api.BindMount;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import dev.allotment.api.NetIn;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Protocol;
import dev.allotment.api.SpecPatterns;
import dev.allotment.pool.Ipv4;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Re-checks everything the CRD schema says (the embedded API server does not validate schemas) and what the schema
 * cannot express: cross-field rules such as ordered ranges and duplicate ports.
 */
public final class SpecValidator {
    private static final int MAX_PATH = 4096;
    private static final int MAX_NAME = 253;
    private static final int MAX_ENV = 256;

    /** Throws {@link InvalidSpecException} naming every refused field. */
    public void validate(ContainerReservationSpec spec) {
        List<FieldError> errors = check(spec);
        if (!errors.isEmpty()) {
            throw new InvalidSpecException(errors);
        }
    }

    public List<FieldError> check(ContainerReservationSpec spec) {
        FieldChecks checks = new FieldChecks();
        if (!checks.required("spec", spec)) {
            return checks.errors();
        }
        if (checks.required("spec.nodeName", spec.getNodeName())) {
            checks.matches("spec.nodeName", spec.getNodeName(), SpecPatterns.NODE_NAME, "a DNS subdomain");
            checks.maxLength("spec.nodeName", spec.getNodeName(), MAX_NAME);
        }
        checks.matches("spec.handle", spec.getHandle(), SpecPatterns.HANDLE,
                "letters, digits, '.', '_' or '-', starting with a letter or digit");
        checks.maxLength("spec.handle", spec.getHandle(), MAX_NAME);
        checks.matches("spec.network", spec.getNetwork(), SpecPatterns.NETWORK, "\"\", A.B.C.D or A.B.C.D/N");
        checkRootfs(checks, spec.getRootfs());
        checkEnv(checks, spec.getEnv());
        checkBindMounts(checks, spec.getBindMounts());
        checkNetIn(checks, spec.getNetIn());
        checkNetOut(checks, spec.getNetOut());
        checkLimits(checks, spec.getLimits() == null ? null : spec.getLimits().getDisk());
        checkProperties(checks, spec.getProperties());
        checks.matches("spec.graceTime", spec.getGraceTime(), SpecPatterns.DURATION, "a duration such as 30s or 1h5m");
        return checks.errors();
    }

    private static void checkRootfs(FieldChecks checks, String rootfs) {
        checks.maxLength("spec.rootfs", rootfs, MAX_PATH);
        checks.matches("spec.rootfs", rootfs, SpecPatterns.ROOTFS,
                "dir:///absolute/path or oci:///absolute/path[:tag]");
        checks.noDotDotSegment("spec.rootfs", rootfs);
    }

    private static void checkEnv(FieldChecks checks, List<String> env) {
        checks.maxItems("spec.env", env, MAX_ENV);
        for (int i = 0; i < env.size(); i++) {
            String field = "spec.env[" + i + "]";
            if (checks.required(field, env.get(i))) {
                checks.matches(field, env.get(i), SpecPatterns.ENV_ENTRY, "KEY=VALUE with KEY a shell-style name");
            }
        }
    }

    private static void checkBindMounts(FieldChecks checks, List<BindMount> mounts) {
        checks.maxItems("spec.bindMounts", mounts, ContainerReservationSpec.MAX_LIST_ITEMS);
        Set<String> destinations = new HashSet<>();
        for (int i = 0; i < mounts.size(); i++) {
            String field = "spec.bindMounts[" + i + "]";
            BindMount mount = mounts.get(i);
            if (!checks.required(field, mount)) {
                continue;
            }
            checkAbsolutePath(checks, field + ".srcPath", mount.getSrcPath());
            checkAbsolutePath(checks, field + ".dstPath", mount.getDstPath());
            String dst = mount.getDstPath();
            if (dst != null && dst.matches("/+")) {
                checks.fail(field + ".dstPath", "must not be the rootfs root \"/\"");
            }
            if (dst != null && !destinations.add(stripTrailingSlash(dst))) {
                checks.fail(field + ".dstPath", "duplicates an earlier bind mount's dstPath " + FieldChecks.quote(dst));
            }
        }
    }

    private static void checkAbsolutePath(FieldChecks checks, String field, String path) {
        if (checks.required(field, path)) {
            checks.maxLength(field, path, MAX_PATH);
            checks.matches(field, path, SpecPatterns.ABSOLUTE_PATH,
                    "an absolute path of letters, digits and . _ @ + = , ~ -");
            checks.noDotDotSegment(field, path);
        }
    }

    private static void checkNetIn(FieldChecks checks, List<NetIn> netIn) {
        checks.maxItems("spec.netIn", netIn, ContainerReservationSpec.MAX_LIST_ITEMS);
        Set<String> hostPorts = new HashSet<>();
        Set<String> containerPorts = new HashSet<>();
        for (int i = 0; i < netIn.size(); i++) {
            String field = "spec.netIn[" + i + "]";
            NetIn mapping = netIn.get(i);
            if (!checks.required(field, mapping)) {
                continue;
            }
            Protocol protocol = mapping.getProtocol() == null ? Protocol.TCP : mapping.getProtocol();
            checks.between(field + ".hostPort", mapping.getHostPort(), 0, 65535);
            if (checks.required(field + ".containerPort", mapping.getContainerPort())) {
                checks.between(field + ".containerPort", mapping.getContainerPort(), 1, 65535);
                if (!containerPorts.add(mapping.getContainerPort() + "/" + protocol.wireName())) {
                    checks.fail(field + ".containerPort", "duplicates an earlier mapping of "
                            + mapping.getContainerPort() + "/" + protocol.wireName());
                }
            }
            Integer hostPort = mapping.getHostPort();
            if (hostPort != null && hostPort != 0 && !hostPorts.add(hostPort + "/" + protocol.wireName())) {
                checks.fail(field + ".hostPort", "duplicates an earlier mapping of host port " + hostPort + "/"
                        + protocol.wireName());
            }
        }
    }

    private static void checkNetOut(FieldChecks checks, List<NetOutRule> rules) {
        checks.maxItems("spec.netOut", rules, ContainerReservationSpec.MAX_LIST_ITEMS);
        for (int i = 0; i < rules.size(); i++) {
            String field = "spec.netOut[" + i + "]";
            NetOutRule rule = rules.get(i);
            if (!checks.required(field, rule)) {
                continue;
            }
            checks.maxItems(field + ".networks", rule.getNetworks(), 64);
            for (int n = 0; n < rule.getNetworks().size(); n++) {
                checkNetOutNetwork(checks, field + ".networks[" + n + "]", rule.getNetworks().get(n));
            }
            checks.maxItems(field + ".ports", rule.getPorts(), 64);
            NetOutProtocol protocol = rule.getProtocol() == null ? NetOutProtocol.ALL : rule.getProtocol();
            if (!rule.getPorts().isEmpty() && protocol != NetOutProtocol.TCP && protocol != NetOutProtocol.UDP) {
                checks.fail(field + ".ports", "are only allowed with protocol tcp or udp, not " + protocol.wireName());
            }
            for (int p = 0; p < rule.getPorts().size(); p++) {
                checkPortRange(checks, field + ".ports[" + p + "]", rule.getPorts().get(p));
            }
        }
    }

    private static void checkNetOutNetwork(FieldChecks checks, String field, String network) {
        if (!checks.required(field, network)) {
            return;
        }
        int before = checks.errors().size();
        checks.matches(field, network, SpecPatterns.NET_OUT_NETWORK, "A.B.C.D, A.B.C.D/N or A.B.C.D-E.F.G.H");
        if (checks.errors().size() == before && network.contains("-")) {
            String[] ends = network.split("-");
            if (Integer.toUnsignedLong(Ipv4.parse(ends[0])) > Integer.toUnsignedLong(Ipv4.parse(ends[1]))) {
                checks.fail(field, "range must not end before it starts, got " + FieldChecks.quote(network));
            }
        }
    }

    private static void checkPortRange(FieldChecks checks, String field, String range) {
        if (!checks.required(field, range)) {
            return;
        }
        int before = checks.errors().size();
        checks.matches(field, range, SpecPatterns.PORT_RANGE, "N or N-M");
        if (checks.errors().size() != before) {
            return;
        }
        String[] ends = range.split("-");
        int first = Integer.parseInt(ends[0]);
        int last = Integer.parseInt(ends[ends.length - 1]);
        if (first < 1 || last > 65535) {
            checks.fail(field, "ports must be between 1 and 65535, got " + FieldChecks.quote(range));
        } else if (first > last) {
            checks.fail(field, "range must not end before it starts, got " + FieldChecks.quote(range));
        }
    }

    private static void checkLimits(FieldChecks checks, DiskLimits disk) {
        if (disk != null) {
            checks.between("spec.limits.disk.byteHard", disk.getByteHard(), 0, Long.MAX_VALUE);
            checks.between("spec.limits.disk.inodeHard", disk.getInodeHard(), 0, Long.MAX_VALUE);
        }
    }

    private static void checkProperties(FieldChecks checks, Map<String, String> properties) {
        properties.forEach((key, value) -> {
            if (key.isEmpty()) {
                checks.fail("spec.properties", "keys must not be empty");
            }
            if (key.indexOf('\0') >= 0 || (value != null && value.indexOf('\0') >= 0)) {
                checks.fail("spec.properties[" + FieldChecks.quote(key) + "]", "must not contain a NUL character");
            }
        });
    }

    private static String stripTrailingSlash(String path) {
        return path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
    }
}
