package dev.allotment.spec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.BindMount;
import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.DiskLimits;
import dev.allotment.api.Limits;
import dev.allotment.api.NetIn;
import dev.allotment.api.NetOutProtocol;
import dev.allotment.api.NetOutRule;
import dev.allotment.api.Protocol;
import dev.allotment.api.Reason;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SpecValidatorTest {
    private final SpecValidator validator = new SpecValidator();

    static ContainerReservationSpec minimal() {
        ContainerReservationSpec spec = new ContainerReservationSpec();
        spec.setNodeName("node-1");
        return spec;
    }

    static BindMount mount(String src, String dst) {
        BindMount mount = new BindMount();
        mount.setSrcPath(src);
        mount.setDstPath(dst);
        return mount;
    }

    static NetIn netIn(Integer hostPort, Integer containerPort, Protocol protocol) {
        NetIn mapping = new NetIn();
        mapping.setHostPort(hostPort);
        mapping.setContainerPort(containerPort);
        mapping.setProtocol(protocol);
        return mapping;
    }

    static NetOutRule netOut(NetOutProtocol protocol, List<String> networks, List<String> ports) {
        NetOutRule rule = new NetOutRule();
        rule.setProtocol(protocol);
        rule.setNetworks(networks);
        rule.setPorts(ports);
        return rule;
    }

    private List<String> fieldsRefusedIn(ContainerReservationSpec spec) {
        return validator.check(spec).stream().map(FieldError::field).toList();
    }

    @Test
    void acceptsAMinimalSpec() {
        assertThat(validator.check(minimal())).isEmpty();
    }

    @Test
    void acceptsAFullValidSpec() {
        ContainerReservationSpec spec = minimal();
        spec.setHandle("web-1.blue");
        spec.setNetwork("10.253.0.6");
        spec.setRootfs("oci:///var/lib/images/busybox:1.36");
        spec.setEnv(List.of("PATH=/bin:/usr/bin", "EMPTY="));
        spec.setBindMounts(List.of(mount("/srv/data", "/data")));
        spec.setNetIn(List.of(netIn(0, 8080, Protocol.TCP), netIn(60001, 53, Protocol.UDP)));
        spec.setNetOut(List.of(netOut(NetOutProtocol.TCP, List.of("10.0.0.0/8", "1.2.3.4-1.2.3.9"), List.of("80", "8000-8080"))));
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(1L << 30);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        spec.setProperties(Map.of("owner", "team-a"));
        spec.setGraceTime("1h30m");
        assertThat(validator.check(spec)).isEmpty();
    }

    @Test
    void refusesAMissingSpecAndNodeName() {
        assertThat(validator.check(null)).extracting(FieldError::field).containsExactly("spec");
        assertThat(fieldsRefusedIn(new ContainerReservationSpec())).containsExactly("spec.nodeName");
    }

    @Test
    void validateThrowsInvalidSpecNamingEveryField() {
        ContainerReservationSpec spec = minimal();
        spec.setNetwork("10.0.0.300");
        spec.setGraceTime("soon");
        assertThatThrownBy(() -> validator.validate(spec))
                .isInstanceOfSatisfying(InvalidSpecException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.InvalidSpec);
                    assertThat(e.getMessage()).contains("spec.network: must be").contains("10.0.0.300")
                            .contains("spec.graceTime: must be a duration");
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"10.0.0", "10.0.0.1/33", "300.1.1.1", "10.0.0.1/", "a.b.c.d", " 10.0.0.1", "10.0.0.01"})
    void refusesABadNetwork(String network) {
        ContainerReservationSpec spec = minimal();
        spec.setNetwork(network);
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.network");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "10.253.0.6", "10.253.0.0/24", "10.253.0.9/29"})
    void acceptsTheNetworkForms(String network) {
        ContainerReservationSpec spec = minimal();
        spec.setNetwork(network);
        assertThat(validator.check(spec)).isEmpty();
    }

    @ParameterizedTest
    @ValueSource(strings = {"-bad", "has space", "semi;colon", "$(reboot)", "a/b"})
    void refusesABadHandle(String handle) {
        ContainerReservationSpec spec = minimal();
        spec.setHandle(handle);
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.handle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"dir://relative", "http:///x", "dir:///a/../etc", "dir:///..", "oci:///img/..:tag",
            "dir:///a;rm -rf /", "dir:///a b", "oci:///img:bad tag", "dir:///a`id`"})
    void refusesABadRootfs(String rootfs) {
        ContainerReservationSpec spec = minimal();
        spec.setRootfs(rootfs);
        assertThat(fieldsRefusedIn(spec)).isNotEmpty().allMatch("spec.rootfs"::equals);
    }

    @ParameterizedTest
    @ValueSource(strings = {"relative/path", "/a/../../etc", "/..", "/a/$(id)", "/a;b", "/a|b", "/a b", "/a\nb",
            "/a'b", "/a\"b", "/a&b", "/a>b", "/a\0b"})
    void refusesBindMountPathsWithTraversalOrShellMetacharacters(String path) {
        ContainerReservationSpec spec = minimal();
        spec.setBindMounts(List.of(mount(path, "/ok"), mount("/ok", path)));
        assertThat(fieldsRefusedIn(spec)).contains("spec.bindMounts[0].srcPath", "spec.bindMounts[1].dstPath");
    }

    @Test
    void refusesABindMountOverTheRootfsRootOrADuplicateDestination() {
        ContainerReservationSpec spec = minimal();
        spec.setBindMounts(List.of(mount("/a", "/"), mount("/b", "/data"), mount("/c", "/data/")));
        assertThat(validator.check(spec)).extracting(FieldError::toString)
                .anyMatch(e -> e.startsWith("spec.bindMounts[0].dstPath: must not be the rootfs root"))
                .anyMatch(e -> e.startsWith("spec.bindMounts[2].dstPath: duplicates"));
    }

    @Test
    void refusesABindMountWithoutPaths() {
        ContainerReservationSpec spec = minimal();
        spec.setBindMounts(List.of(new BindMount()));
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.bindMounts[0].srcPath", "spec.bindMounts[0].dstPath");
    }

    @Test
    void refusesEnvEntriesThatAreNotKeyValue() {
        ContainerReservationSpec spec = minimal();
        spec.setEnv(List.of("OK=1", "NOEQUALS", "1BAD=x", "BAD-KEY=x", "MULTI=a\nb"));
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.env[1]", "spec.env[2]", "spec.env[3]", "spec.env[4]");
    }

    @Test
    void refusesNetInPortsOutOfBoundsAndDuplicates() {
        ContainerReservationSpec spec = minimal();
        spec.setNetIn(List.of(netIn(-1, 0, null), netIn(70000, 80, null), netIn(60001, 81, null),
                netIn(60001, 82, Protocol.TCP), netIn(60001, 82, Protocol.UDP), netIn(0, null, null)));
        assertThat(validator.check(spec)).extracting(FieldError::toString)
                .anyMatch(e -> e.startsWith("spec.netIn[0].hostPort: must be between 0 and 65535"))
                .anyMatch(e -> e.startsWith("spec.netIn[0].containerPort: must be between 1 and 65535"))
                .anyMatch(e -> e.startsWith("spec.netIn[1].hostPort: must be between 0 and 65535"))
                .anyMatch(e -> e.startsWith("spec.netIn[3].hostPort: duplicates an earlier mapping of host port 60001/tcp"))
                .anyMatch(e -> e.startsWith("spec.netIn[5].containerPort: is required"))
                .noneMatch(e -> e.startsWith("spec.netIn[4]"));
    }

    @Test
    void refusesBadNetOutNetworksAndPorts() {
        ContainerReservationSpec spec = minimal();
        spec.setNetOut(List.of(
                netOut(NetOutProtocol.TCP, List.of("10.0.0.9-10.0.0.1", "10.0.0.0/40", "any"), List.of("0", "90-80", "65536", "x")),
                netOut(NetOutProtocol.ICMP, List.of(), List.of("80")),
                netOut(null, List.of(), List.of("80"))));
        assertThat(validator.check(spec)).extracting(FieldError::toString)
                .anyMatch(e -> e.startsWith("spec.netOut[0].networks[0]: range must not end before it starts"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].networks[1]: must be"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].networks[2]: must be"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].ports[0]: ports must be between 1 and 65535"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].ports[1]: range must not end before it starts"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].ports[2]: ports must be between 1 and 65535"))
                .anyMatch(e -> e.startsWith("spec.netOut[0].ports[3]: must be N or N-M"))
                .anyMatch(e -> e.equals("spec.netOut[1].ports: are only allowed with protocol tcp or udp, not icmp"))
                .anyMatch(e -> e.equals("spec.netOut[2].ports: are only allowed with protocol tcp or udp, not all"));
    }

    @Test
    void refusesNegativeDiskLimits() {
        ContainerReservationSpec spec = minimal();
        DiskLimits disk = new DiskLimits();
        disk.setByteHard(-1L);
        disk.setInodeHard(-5L);
        Limits limits = new Limits();
        limits.setDisk(disk);
        spec.setLimits(limits);
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.limits.disk.byteHard", "spec.limits.disk.inodeHard");
    }

    @Test
    void refusesTooManyListItems() {
        ContainerReservationSpec spec = minimal();
        spec.setNetIn(java.util.stream.IntStream.rangeClosed(1, 65).mapToObj(p -> netIn(0, p, null)).toList());
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.netIn");
    }

    @Test
    void refusesEmptyPropertyKeys() {
        ContainerReservationSpec spec = minimal();
        spec.setProperties(Map.of("", "x"));
        assertThat(fieldsRefusedIn(spec)).containsExactly("spec.properties");
    }
}
