package dev.allotment.agent.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.agent.config.AgentConfig.LogFormat;
import dev.allotment.agent.config.AgentConfig.NodeSelection;
import dev.allotment.agent.config.AgentConfig.QuotaBackendKind;
import dev.allotment.pool.Cidr;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ConfigLoaderTest {
    static final Map<String, String> NODE = Map.of("NODE_NAME", "node-1", "ALLOTMENT_EXTERNAL_IP", "192.0.2.10");

    private static AgentConfig yaml(String yaml, Map<String, String> env) {
        return ConfigLoader.agent().fromYaml("config.yaml", yaml, env);
    }

    private static Map<String, String> node(String... more) {
        Map<String, String> env = new HashMap<>(NODE);
        for (int i = 0; i < more.length; i += 2) {
            env.put(more[i], more[i + 1]);
        }
        return env;
    }

    @Test
    void defaultsEverySettingButTheNodeNameAndAddress() {
        AgentConfig c = ConfigLoader.agent().load(null, NODE);
        assertThat(c.nodeName()).isEqualTo("node-1");
        assertThat(c.externalIp()).isEqualTo("192.0.2.10");
        assertThat(c.depotDir()).isEqualTo(Path.of("/var/lib/allotment/depot"));
        assertThat(c.prefix()).isEqualTo("al");
        assertThat(c.tag()).isEmpty();
        assertThat(c.pool().cidr()).isEqualTo(Cidr.parse("10.254.0.0/22"));
        assertThat(c.pool().containerPrefix()).isEqualTo(30);
        assertThat(c.pool().staticRanges()).containsExactly(Cidr.parse("10.253.0.0/22"));
        assertThat(c.pool().portRange().start()).isEqualTo(60000);
        assertThat(c.pool().portRange().size()).isEqualTo(5000);
        assertThat(c.mtu()).isEqualTo(1500);
        assertThat(c.allowNetworks()).isEmpty();
        assertThat(c.denyNetworks()).isEmpty();
        assertThat(c.uid().hostRootUid()).isEqualTo(100000);
        assertThat(c.uid().size()).isEqualTo(65536);
        assertThat(c.uid().allowPrivileged()).isFalse();
        assertThat(c.allowedRootfsRoots()).isEmpty();
        assertThat(c.allowedBindMountSources()).isEmpty();
        assertThat(c.defaultRootfs()).isNull();
        assertThat(c.layerCacheDir()).isEqualTo(Path.of("/var/lib/allotment/layers"));
        assertThat(c.hooksDir()).isNull();
        assertThat(c.hookTimeout()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.quota().backend()).isEqualTo(QuotaBackendKind.LOOP_IMAGE);
        assertThat(c.gc().interval()).isEqualTo(Duration.ofMinutes(1));
        assertThat(c.gc().grace()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.nodeSelection()).isEqualTo(NodeSelection.FIELD_SELECTOR);
        assertThat(c.probePort()).isEqualTo(8081);
        assertThat(c.logFormat()).isEqualTo(LogFormat.TEXT);
    }

    @Test
    void readsEverySettingFromTheYamlFile(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config.yaml");
        Files.writeString(file, """
                nodeName: worker-7
                depotDir: /srv/xfs/allotment/depot
                prefix: zz
                tag: "3"
                pool:
                  cidr: 10.200.0.0/16
                  containerPrefix: 29
                  staticRanges: [10.201.0.0/16, 10.202.0.0/24]
                  portRange: {start: 40000, size: 100}
                mtu: 9000
                externalIp: 203.0.113.5
                allowNetworks: [10.0.0.0/8]
                denyNetworks: [169.254.0.0/16, 192.168.0.0/16]
                uid: {hostRootUid: 200000, size: 1000, allowPrivileged: true}
                allowedRootfsRoots: [/srv/images]
                allowedBindMountSources: [/srv/shared, /data]
                defaultRootfs: oci:///srv/images/busybox:1.36
                layerCacheDir: /srv/layers
                hooksDir: /etc/allotment/hooks
                hookTimeout: 1m30s
                quota: {backend: xfs-project, xfsMountPoint: /srv/xfs}
                gc: {interval: 5m, grace: 500ms}
                nodeSelection: client
                probePort: 9090
                logFormat: json
                """);
        AgentConfig c = ConfigLoader.agent().load(file, Map.of());
        assertThat(c.nodeName()).isEqualTo("worker-7");
        assertThat(c.namePrefix()).isEqualTo("zz3");
        assertThat(c.pool().staticRanges()).containsExactly(Cidr.parse("10.201.0.0/16"), Cidr.parse("10.202.0.0/24"));
        assertThat(c.pool().containerPrefix()).isEqualTo(29);
        assertThat(c.pool().portRange().end()).isEqualTo(40099);
        assertThat(c.mtu()).isEqualTo(9000);
        assertThat(c.externalIp()).isEqualTo("203.0.113.5");
        assertThat(c.denyNetworks()).containsExactly("169.254.0.0/16", "192.168.0.0/16");
        assertThat(c.uid().allowPrivileged()).isTrue();
        assertThat(c.allowedBindMountSources()).containsExactly(Path.of("/srv/shared"), Path.of("/data"));
        assertThat(c.defaultRootfs()).isEqualTo("oci:///srv/images/busybox:1.36");
        assertThat(c.hooksDir()).isEqualTo(Path.of("/etc/allotment/hooks"));
        assertThat(c.hookTimeout()).isEqualTo(Duration.ofSeconds(90));
        assertThat(c.quota().backend()).isEqualTo(QuotaBackendKind.XFS_PROJECT);
        assertThat(c.quota().xfsMountPoint()).isEqualTo(Path.of("/srv/xfs"));
        assertThat(c.gc().grace()).isEqualTo(Duration.ofMillis(500));
        assertThat(c.nodeSelection()).isEqualTo(NodeSelection.CLIENT);
        assertThat(c.probePort()).isEqualTo(9090);
        assertThat(c.logFormat()).isEqualTo(LogFormat.JSON);
    }

    @Test
    void letsTheEnvironmentWinOverTheFile() {
        AgentConfig c = yaml("""
                nodeName: from-file
                depotDir: /file/depot
                externalIp: 198.51.100.1
                denyNetworks: [10.0.0.0/8]
                gc: {interval: 5m}
                pool: {portRange: {start: 30000}}
                """, Map.of("NODE_NAME", "from-env", "ALLOTMENT_DEPOT_DIR", "/env/depot",
                "ALLOTMENT_EXTERNAL_IP", "192.0.2.10", "ALLOTMENT_DENY_NETWORKS", "169.254.0.0/16, 172.16.0.0/12",
                "ALLOTMENT_GC_INTERVAL", "30s", "ALLOTMENT_POOL_PORT_RANGE_START", "50000"));
        assertThat(c.nodeName()).isEqualTo("from-env");
        assertThat(c.depotDir()).isEqualTo(Path.of("/env/depot"));
        assertThat(c.layerCacheDir()).isEqualTo(Path.of("/env/layers"));
        assertThat(c.externalIp()).isEqualTo("192.0.2.10");
        assertThat(c.denyNetworks()).containsExactly("169.254.0.0/16", "172.16.0.0/12");
        assertThat(c.gc().interval()).isEqualTo(Duration.ofSeconds(30));
        assertThat(c.pool().portRange().start()).isEqualTo(50000);
    }

    @Test
    void letsAllotmentNodeNameWinOverNodeName() {
        assertThat(ConfigLoader.agent().load(null, node("ALLOTMENT_NODE_NAME", "override")).nodeName())
                .isEqualTo("override");
    }

    @Test
    void clearsAListWithAnEmptyVariable() {
        assertThat(yaml("denyNetworks: [10.0.0.0/8]", node("ALLOTMENT_DENY_NETWORKS", "")).denyNetworks()).isEmpty();
    }

    @Test
    void namesEachKeysVariableInUpperSnakeCase() {
        assertThat(ConfigLoader.environmentVariable("depotDir")).isEqualTo("ALLOTMENT_DEPOT_DIR");
        assertThat(ConfigLoader.environmentVariable("pool.portRange.start"))
                .isEqualTo("ALLOTMENT_POOL_PORT_RANGE_START");
        assertThat(ConfigLoader.environmentVariable("uid.hostRootUid")).isEqualTo("ALLOTMENT_UID_HOST_ROOT_UID");
        assertThat(ConfigLoader.environmentVariable("quota.xfsMountPoint"))
                .isEqualTo("ALLOTMENT_QUOTA_XFS_MOUNT_POINT");
        assertThat(ConfigLoader.keys()).hasSize(29);
    }

    @Test
    void readsBackItsOwnEffectiveSettingsAsEnvironment() {
        AgentConfig original = yaml("""
                allowedRootfsRoots: [/srv/images]
                defaultRootfs: dir:///srv/images/base
                hooksDir: /etc/hooks
                hookTimeout: 1h2m3s4ms
                denyNetworks: [169.254.0.0/16, 10.0.0.1-10.0.0.9]
                """, NODE);
        Map<String, String> env = new HashMap<>();
        original.settings().forEach((key, value) -> env.put(ConfigLoader.environmentVariable(key), value));
        assertThat(ConfigLoader.agent().load(null, env)).isEqualTo(original);
    }

    @Test
    void requiresTheNodeName() {
        assertThatThrownBy(() -> ConfigLoader.agent().load(null, Map.of("ALLOTMENT_EXTERNAL_IP", "192.0.2.10")))
                .isInstanceOf(ConfigException.class)
                .hasMessage("config: nodeName is required: set NODE_NAME (the downward API's spec.nodeName)");
    }

    @Test
    void requiresTheExternalIpAndNeverGuessesIt() {
        assertThatThrownBy(() -> ConfigLoader.agent().load(null, Map.of("NODE_NAME", "node-1")))
                .isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: externalIp is required: ")
                .hasMessageContaining("ALLOTMENT_EXTERNAL_IP");
    }

    @Test
    void leavesNodeNameAndAddressToTheCallerInLocalMode() {
        AgentConfig c = ConfigLoader.local().load(null, Map.of());
        assertThat(c.nodeName()).isNull();
        assertThat(c.externalIp()).isNull();
        assertThat(c.withNodeName("node-2").withExternalIp("127.0.0.1").externalIp()).isEqualTo("127.0.0.1");
    }

    @Test
    void refusesAnUnknownTopLevelKey() {
        assertThatThrownBy(() -> yaml("deptDir: /x", NODE)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith("config: unknown key \"deptDir\" (known keys: nodeName, depotDir, ");
    }

    @Test
    void refusesAnUnknownNestedKeyNamingItsPath() {
        assertThatThrownBy(() -> yaml("pool:\n  portRange:\n    begin: 1\n", NODE))
                .hasMessage("config: unknown key \"pool.portRange.begin\" (known keys under pool.portRange: start,"
                        + " size)");
    }

    @Test
    void refusesADuplicateKey() {
        assertThatThrownBy(() -> yaml("mtu: 1500\nmtu: 9000\n", NODE))
                .hasMessageStartingWith("config: config.yaml: not valid YAML at line 2: Duplicate field 'mtu'");
    }

    @Test
    void refusesAMissingConfigFile(@TempDir Path dir) {
        Path missing = dir.resolve("nope.yaml");
        assertThatThrownBy(() -> ConfigLoader.agent().load(missing, NODE))
                .hasMessage("config: " + missing + ": no such file");
    }

    @Test
    void acceptsAnEmptyConfigFile(@TempDir Path dir) throws Exception {
        Path empty = Files.writeString(dir.resolve("empty.yaml"), "# nothing set\n");
        assertThat(ConfigLoader.agent().load(empty, NODE).mtu()).isEqualTo(1500);
    }

    @Test
    void refusesAListWhereOneValueBelongs() {
        assertThatThrownBy(() -> yaml("mtu: [1500]", NODE)).hasMessage("config: mtu: expected a single value, found a"
                + " list");
    }

    @Test
    void refusesASingleValueWhereAListBelongs() {
        assertThatThrownBy(() -> yaml("denyNetworks: 10.0.0.0/8", NODE))
                .hasMessage("config: denyNetworks: expected a list, found \"10.0.0.0/8\"");
    }

    @Test
    void refusesAValueWhereASectionBelongs() {
        assertThatThrownBy(() -> yaml("gc: 1m", NODE))
                .hasMessage("config: gc: expected a mapping of interval, grace, found \"1m\"");
    }

    @Test
    void saysWhichVariableSetABadValue() {
        assertThatThrownBy(() -> ConfigLoader.agent().load(null, node("ALLOTMENT_POOL_CIDR", "10.254.0.0/33")))
                .hasMessage("config: pool.cidr: \"10.254.0.0/33\" is not a CIDR: prefix \"33\" is not a decimal"
                        + " number 0-32 (from ALLOTMENT_POOL_CIDR)");
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            pool: {cidr: 10.254.0.0/33}           | config: pool.cidr: "10.254.0.0/33" is not a CIDR
            pool: {cidr: 10.254.0.1/22}           | config: pool.cidr: "10.254.0.1/22" is not a CIDR: host bits are set
            pool: {staticRanges: [10.254.2.0/24]} | config: pool.staticRanges: static range 10.254.2.0/24 overlaps the dynamic range 10.254.0.0/22
            pool: {staticRanges: [banana]}        | config: pool.staticRanges: "banana" is not a CIDR
            pool: {containerPrefix: 31}           | config: pool.containerPrefix: container prefix /31 is longer than /30
            pool: {portRange: {start: 0}}         | config: pool.portRange: port range start 0 must be at least 1
            pool: {portRange: {size: 0}}          | config: pool.portRange: port range size 0 must be at least 1
            pool: {portRange: {start: 65000}}     | config: pool.portRange: port range start 65000 + size 5000 exceeds 65535
            pool: {portRange: {start: lots}}      | config: pool.portRange.start: "lots" is not a whole number
            mtu: 40                               | config: mtu: 40 is outside 68-65535
            externalIp: 192.0.2.300               | config: externalIp: "192.0.2.300" is not an IPv4 address
            externalIp: 0.0.0.0                   | config: externalIp: "0.0.0.0" is not a node address
            allowNetworks: [10.0.0.1/8]           | config: allowNetworks: "10.0.0.1/8" is not an IPv4 address, CIDR or A.B.C.D-E.F.G.H range: "10.0.0.1/8" is not a CIDR: host bits are set
            denyNetworks: [10.0.0.9-10.0.0.1]     | config: denyNetworks: "10.0.0.9-10.0.0.1" is not an IPv4 address, CIDR or A.B.C.D-E.F.G.H range: the range ends before it starts
            depotDir: var/lib/depot               | config: depotDir: "var/lib/depot" is not an absolute path
            depotDir: /var/lib/../depot           | config: depotDir: "/var/lib/../depot" must not contain a "." or ".." segment
            depotDir: /var/lib/my depot           | config: depotDir: "/var/lib/my depot" must be an absolute path made of [A-Za-z0-9._@+=,~-] segments
            allowedRootfsRoots: [images]          | config: allowedRootfsRoots: "images" is not an absolute path
            allowedBindMountSources: [/a, b]      | config: allowedBindMountSources: "b" is not an absolute path
            layerCacheDir: /var/lib/allotment/depot/layers | config: layerCacheDir: "/var/lib/allotment/depot/layers" must lie outside depotDir /var/lib/allotment/depot
            hooksDir: hooks                       | config: hooksDir: "hooks" is not an absolute path
            defaultRootfs: /images/base           | config: defaultRootfs: "/images/base" is not a rootfs URI
            defaultRootfs: dir:///images/base     | config: defaultRootfs: "dir:///images/base" is not under one of allowedRootfsRoots []
            prefix: Al                            | config: prefix: kernel name prefix must be 1 to 3 characters
            prefix: abcd                          | config: prefix: kernel name prefix must be 1 to 3 characters
            tag: X                                | config: tag: "X" may hold only [a-z0-9]
            tag: abc                              | config: tag: prefix+tag "alabc" is 5 characters
            uid: {hostRootUid: 0}                 | config: uid: host root UID 0 must be above 0
            uid: {size: 0}                        | config: uid: UID range size 0 must be at least 1
            uid: {allowPrivileged: maybe}         | config: uid.allowPrivileged: "maybe" is not true or false
            hookTimeout: 30                       | config: hookTimeout: "30" is not a duration such as 500ms, 30s, 1m or 1h30m
            hookTimeout: 0s                       | config: hookTimeout: must be longer than 0s
            gc: {interval: 1 m}                   | config: gc.interval: "1 m" is not a duration
            gc: {interval: 0ms}                   | config: gc.interval: must be longer than 0s
            gc: {grace: -1s}                      | config: gc.grace: "-1s" is not a duration
            quota: {backend: zfs}                 | config: quota.backend: "zfs" is not one of loop-image, xfs-project
            quota: {backend: xfs-project}         | config: quota.xfsMountPoint is required: quota.backend is xfs-project
            quota: {xfsMountPoint: /srv/xfs}      | config: quota.xfsMountPoint: is only used with quota.backend xfs-project, not loop-image
            nodeSelection: server                 | config: nodeSelection: "server" is not one of fieldSelector, client
            probePort: 70000                      | config: probePort: 70000 is outside 1-65535
            probePort: 60001                      | config: probePort: 60001 lies inside pool.portRange 60000-64999
            logFormat: xml                        | config: logFormat: "xml" is not one of text, json
            nodeName: Node_1                      | config: nodeName: "Node_1" is not a node name
            """)
    void refusesABadSettingWithOneMessageNamingIt(String yaml, String message) {
        Map<String, String> env = yaml.startsWith("externalIp") ? Map.of("NODE_NAME", "node-1")
                : yaml.startsWith("nodeName") ? Map.of("ALLOTMENT_EXTERNAL_IP", "192.0.2.10") : NODE;
        assertThatThrownBy(() -> yaml(yaml, env)).isInstanceOf(ConfigException.class)
                .hasMessageStartingWith(message)
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }

    @Test
    void listsAllotmentVariablesThatSetNothing() {
        assertThat(ConfigLoader.unknownVariables(Map.of("ALLOTMENT_DEPOT_DIRR", "/x", "ALLOTMENT_DEPOT_DIR", "/y",
                "ALLOTMENT_JAVA_OPTS", "-Xmx1g", "HOME", "/root"))).containsExactly("ALLOTMENT_DEPOT_DIRR");
    }

    @Test
    void treatsABlankScalarAsUnset() {
        AgentConfig c = yaml("defaultRootfs: \"\"\nhooksDir:\n", node("ALLOTMENT_TAG", ""));
        assertThat(c.defaultRootfs()).isNull();
        assertThat(c.hooksDir()).isNull();
        assertThat(c.tag()).isEmpty();
    }

    @Test
    void acceptsAnXfsDepotUnderItsMountPoint() {
        AgentConfig c = yaml("depotDir: /srv/xfs/depot\nquota: {backend: xfs-project, xfsMountPoint: /srv/xfs}\n",
                NODE);
        assertThat(c.quota().xfsMountPoint()).isEqualTo(Path.of("/srv/xfs"));
        assertThat(List.of(c.layerCacheDir())).containsExactly(Path.of("/srv/xfs/layers"));
    }
}
