package dev.allotment.depot;

import dev.allotment.api.BindMount;
import dev.allotment.api.BindMountMode;
import dev.allotment.api.BindMountOrigin;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import dev.allotment.api.Limits;
import dev.allotment.api.NetIn;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Protocol;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;

/** Records for depot tests. */
final class TestRecords {
    static final Instant CREATED = Instant.parse("2025-03-04T05:06:07.123456789Z");
    static final Instant LATER = CREATED.plusSeconds(60);
    static final Clock CLOCK = Clock.fixed(CREATED, ZoneOffset.UTC);

    private TestRecords() {
    }

    static DepotRecord planned(String containerId, String uid, String handle) {
        return DepotRecord.acquiring(containerId, new Owner("team-a", "res-" + handle, uid, 1L), handle, null,
                Resources.builder().subnet("10.254.0.0/30").ip("10.254.0.2").build(), CREATED);
    }

    /** A record with every field, nested ones included, set to a non-default value. */
    static DepotRecord full(String containerId, String uid, String handle) {
        Resources resources = Resources.builder()
                .subnet("10.254.0.4/30")
                .ip("10.254.0.6")
                .gateway("10.254.0.5")
                .bridge("wtbrdg-0afe0004")
                .mtu(1450)
                .externalIp("192.0.2.10")
                .ports(List.of(new Resources.Port(60001, 8080, "tcp"), new Resources.Port(60002, 53, "udp")))
                .rootUid(4294967294L)
                .netns("wt-" + containerId)
                .hostInterface("wt" + containerId + "-0")
                .containerInterface("wt" + containerId + "-1")
                .rootfs(new Resources.Rootfs("oci:///images/busybox:latest", "/depot/" + containerId + "/rootfs",
                        List.of("/layers/a", "/layers/b")))
                .quota(new Resources.Quota("loop", 1_073_741_824L, 100_000L, "/depot/" + containerId + "/quota.img"))
                .env(List.of("PATH=/bin", "A=b=c"))
                .bindMounts(List.of(new Resources.BindMount("/srv/data", "/data", "RW", "Host")))
                .properties(Map.of("team", "a"))
                .build();
        return new DepotRecord(DepotRecord.CURRENT_SCHEMA_VERSION, containerId,
                new Owner("team-a", "res-" + handle, uid, 7L), handle, RecordState.READY, fullSpec(handle), resources,
                CREATED, LATER);
    }

    static ContainerReservationSpec fullSpec(String handle) {
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName("node-1");
        spec.setHandle(handle);
        spec.setNetwork("10.254.0.4/30");
        spec.setPrivileged(false);
        spec.setRootfs("oci:///images/busybox:latest");
        spec.setEnv(List.of("A=b=c"));
        BindMount mount = new BindMount();
        mount.setSrcPath("/srv/data");
        mount.setDstPath("/data");
        mount.setMode(BindMountMode.RW);
        mount.setOrigin(BindMountOrigin.Host);
        spec.setBindMounts(List.of(mount));
        NetIn netIn = new NetIn();
        netIn.setHostPort(60001);
        netIn.setContainerPort(8080);
        netIn.setProtocol(Protocol.TCP);
        spec.setNetIn(List.of(netIn));
        NetOutRule netOut = new NetOutRule();
        netOut.setProtocol(NetOutProtocol.TCP);
        netOut.setNetworks(List.of("0.0.0.0/0"));
        netOut.setPorts(List.of("443"));
        netOut.setLog(true);
        spec.setNetOut(List.of(netOut));
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(1_073_741_824L);
        disk.setInodeHard(100_000L);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        spec.setProperties(Map.of("team", "a"));
        spec.setGraceTime("30s");
        return spec;
    }
}
