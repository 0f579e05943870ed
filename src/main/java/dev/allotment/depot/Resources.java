package dev.allotment.depot;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the agent acquired (or plans to acquire) on the node for one reservation. Every field may be null. */
@JsonInclude(JsonInclude.Include.NON_NULL)
@JsonIgnoreProperties(ignoreUnknown = true)
public record Resources(
        String subnet,
        String ip,
        String gateway,
        String bridge,
        Integer mtu,
        String externalIp,
        List<Port> ports,
        Long rootUid,
        String netns,
        String hostInterface,
        String containerInterface,
        Rootfs rootfs,
        Quota quota,
        List<String> env,
        List<BindMount> bindMounts,
        Map<String, String> properties) {

    public Resources {
        ports = copy(ports);
        env = copy(env);
        bindMounts = copy(bindMounts);
        properties = properties == null ? null : Collections.unmodifiableMap(new LinkedHashMap<>(properties));
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        return new Builder()
                .subnet(subnet).ip(ip).gateway(gateway).bridge(bridge).mtu(mtu).externalIp(externalIp).ports(ports)
                .rootUid(rootUid).netns(netns).hostInterface(hostInterface).containerInterface(containerInterface)
                .rootfs(rootfs).quota(quota).env(env).bindMounts(bindMounts).properties(properties);
    }

    /** A host port forwarded to a container port; protocol is "tcp" or "udp". */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Port(Integer hostPort, Integer containerPort, String protocol) {
    }

    /** The reservation's root filesystem: its source, its mount point and the layers beneath it. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Rootfs(String uri, String path, List<String> layers) {
        public Rootfs {
            layers = copy(layers);
        }
    }

    /** The disk quota on the writable layer; image is the backing file of a loop-device backend, if any. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record Quota(String backend, Long byteHard, Long inodeHard, String image) {
    }

    /** A bind mount as it was made: paths, mode and origin as strings. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    @JsonIgnoreProperties(ignoreUnknown = true)
    public record BindMount(String srcPath, String dstPath, String mode, String origin) {
    }

    private static <T> List<T> copy(List<T> list) {
        return list == null ? null : List.copyOf(list);
    }

    public static final class Builder {
        private String subnet;
        private String ip;
        private String gateway;
        private String bridge;
        private Integer mtu;
        private String externalIp;
        private List<Port> ports;
        private Long rootUid;
        private String netns;
        private String hostInterface;
        private String containerInterface;
        private Rootfs rootfs;
        private Quota quota;
        private List<String> env;
        private List<BindMount> bindMounts;
        private Map<String, String> properties;

        private Builder() {
        }

        public Builder subnet(String subnet) {
            this.subnet = subnet;
            return this;
        }

        public Builder ip(String ip) {
            this.ip = ip;
            return this;
        }

        public Builder gateway(String gateway) {
            this.gateway = gateway;
            return this;
        }

        public Builder bridge(String bridge) {
            this.bridge = bridge;
            return this;
        }

        public Builder mtu(Integer mtu) {
            this.mtu = mtu;
            return this;
        }

        public Builder externalIp(String externalIp) {
            this.externalIp = externalIp;
            return this;
        }

        public Builder ports(List<Port> ports) {
            this.ports = ports;
            return this;
        }

        public Builder rootUid(Long rootUid) {
            this.rootUid = rootUid;
            return this;
        }

        public Builder netns(String netns) {
            this.netns = netns;
            return this;
        }

        public Builder hostInterface(String hostInterface) {
            this.hostInterface = hostInterface;
            return this;
        }

        public Builder containerInterface(String containerInterface) {
            this.containerInterface = containerInterface;
            return this;
        }

        public Builder rootfs(Rootfs rootfs) {
            this.rootfs = rootfs;
            return this;
        }

        public Builder quota(Quota quota) {
            this.quota = quota;
            return this;
        }

        public Builder env(List<String> env) {
            this.env = env;
            return this;
        }

        public Builder bindMounts(List<BindMount> bindMounts) {
            this.bindMounts = bindMounts;
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            this.properties = properties;
            return this;
        }

        public Resources build() {
            return new Resources(subnet, ip, gateway, bridge, mtu, externalIp, ports, rootUid, netns, hostInterface,
                    containerInterface, rootfs, quota, env, bindMounts, properties);
        }
    }
}
