package dev.allotment.node;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.BindMountOrigin;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Protocol;
import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Resources;
import dev.allotment.pool.Allocation;
import dev.allotment.pool.Cidr;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/** Turns a depot record into what each node part needs, so acquire, restore and release all build the same plans. */
final class Plans {
    private final Path depotDir;

    Plans(Path depotDir) {
        this.depotDir = depotDir;
    }

    Path entryDir(String containerId) {
        return depotDir.resolve(containerId);
    }

    static Allocation allocation(Resources resources) {
        return new Allocation(Cidr.parse(resources.subnet()), resources.ip());
    }

    static NetworkPlan network(DepotRecord record) {
        Resources r = record.resources();
        return new NetworkPlan(record.containerId(), r.netns(), r.bridge(), r.hostInterface(),
                r.containerInterface(), Cidr.parse(r.subnet()), r.ip(), r.gateway(), r.mtu());
    }

    static ContainerRules rules(DepotRecord record) {
        return rules(record, record.resources().ports(), record.spec());
    }

    static ContainerRules rules(DepotRecord record, List<Resources.Port> ports, ContainerReservationSpec spec) {
        Resources r = record.resources();
        List<PortMapping> netIn = ports == null ? List.of() : ports.stream()
                .map(p -> new PortMapping(p.hostPort(), p.containerPort(), protocol(p.protocol()))).toList();
        List<EgressRule> netOut = spec == null ? List.of() : spec.getNetOut().stream().map(Plans::egress).toList();
        return new ContainerRules(record.containerId(), Cidr.parse(r.subnet()), r.ip(), r.bridge(), r.externalIp(),
                netIn, netOut);
    }

    FilesystemPlan filesystem(DepotRecord record) {
        Resources r = record.resources();
        Resources.Quota quota = r.quota();
        List<BindMount> mounts = r.bindMounts() == null ? List.of()
                : r.bindMounts().stream().map(Plans::bindMount).toList();
        return new FilesystemPlan(record.containerId(), entryDir(record.containerId()), r.rootfs().uri(),
                quota == null ? null : quota.byteHard(), quota == null ? null : quota.inodeHard(), mounts,
                record.handle(), r.ip(), r.rootUid());
    }

    static Protocol protocol(String wireName) {
        return Protocol.valueOf(wireName.toUpperCase(Locale.ROOT));
    }

    private static EgressRule egress(NetOutRule rule) {
        NetOutProtocol protocol = rule.getProtocol() == null ? NetOutProtocol.ALL : rule.getProtocol();
        return new EgressRule(protocol, rule.getNetworks(), rule.getPorts(), Boolean.TRUE.equals(rule.getLog()));
    }

    static Resources.BindMount recorded(BindMount mount) {
        BindMountMode mode = mount.getMode() == null ? BindMountMode.RO : mount.getMode();
        BindMountOrigin origin = mount.getOrigin() == null ? BindMountOrigin.Host : mount.getOrigin();
        return new Resources.BindMount(mount.getSrcPath(), mount.getDstPath(), mode.name(), origin.name());
    }

    private static BindMount bindMount(Resources.BindMount recorded) {
        BindMount mount = new BindMount();
        mount.setSrcPath(recorded.srcPath());
        mount.setDstPath(recorded.dstPath());
        mount.setMode(BindMountMode.valueOf(recorded.mode()));
        mount.setOrigin(BindMountOrigin.valueOf(recorded.origin()));
        return mount;
    }
}
