package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Required;
import io.fabric8.generator.annotation.Size;
import io.fabric8.generator.annotation.ValidationRule;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
@ValidationRule(value = "self.nodeName == oldSelf.nodeName", message = "nodeName is immutable")
@ValidationRule(value = "(has(self.handle) ? self.handle : '') == (has(oldSelf.handle) ? oldSelf.handle : '')",
        message = "handle is immutable")
@ValidationRule(value = "(has(self.network) ? self.network : '') == (has(oldSelf.network) ? oldSelf.network : '')",
        message = "network is immutable")
@ValidationRule(value = "(has(self.privileged) && self.privileged) == (has(oldSelf.privileged) && oldSelf.privileged)",
        message = "privileged is immutable")
@ValidationRule(value = "(has(self.rootfs) ? self.rootfs : '') == (has(oldSelf.rootfs) ? oldSelf.rootfs : '')",
        message = "rootfs is immutable")
@ValidationRule(value = "(has(self.env) ? self.env : []) == (has(oldSelf.env) ? oldSelf.env : [])",
        message = "env is immutable")
@ValidationRule(value = "(has(self.bindMounts) ? self.bindMounts : []) == (has(oldSelf.bindMounts) ? oldSelf.bindMounts : [])",
        message = "bindMounts is immutable")
public class ContainerReservationSpec {
    public static final int MAX_LIST_ITEMS = 64;

    @Required
    @Pattern(SpecPatterns.NODE_NAME)
    @Size(max = 253)
    @JsonPropertyDescription("The node whose agent serves this reservation. Immutable.")
    private String nodeName;

    @Pattern(SpecPatterns.HANDLE)
    @Size(max = 253)
    @JsonPropertyDescription("garden's handle, unique among the node's live reservations. Defaults to metadata.name. Immutable.")
    private String handle;

    @Pattern(SpecPatterns.NETWORK)
    @JsonPropertyDescription("\"\" (default) gives a dynamic /30. A.B.C.D/N gives a static subnet inside the node's static"
            + " ranges, with a dynamic IP when the host bits are zero and a static IP otherwise. A.B.C.D gives a static IP"
            + " in its /30. Immutable.")
    private String network;

    @JsonPropertyDescription("Map container root to host root. Refused unless the node's policy allows it. Default false. Immutable.")
    private Boolean privileged;

    @Pattern(SpecPatterns.ROOTFS)
    @ValidationRule(value = SpecPatterns.CEL_NO_DOT_DOT, message = "rootfs must not contain a '..' segment")
    @Size(max = 4096)
    @JsonPropertyDescription("dir:///abs/path (a local tree used as a read-only lower layer) or"
            + " oci:///abs/path/to/oci-layout[:tag]. Defaults to the node's default rootfs. Immutable.")
    private String rootfs;

    @Size(max = 256)
    @JsonPropertyDescription("KEY=VALUE entries merged over the rootfs image's env. Immutable.")
    private List<@Pattern(SpecPatterns.ENV_ENTRY) String> env = new ArrayList<>();

    @Size(max = MAX_LIST_ITEMS)
    @JsonPropertyDescription("Bind mounts into the reservation's rootfs. Immutable.")
    private List<BindMount> bindMounts = new ArrayList<>();

    @Size(max = MAX_LIST_ITEMS)
    @JsonPropertyDescription("Host port forwarding. Mutable.")
    private List<NetIn> netIn = new ArrayList<>();

    @Size(max = MAX_LIST_ITEMS)
    @JsonPropertyDescription("Egress allowed beyond the node's default policy. Mutable.")
    private List<NetOutRule> netOut = new ArrayList<>();

    @JsonPropertyDescription("Resource limits. Mutable; the disk limit may only grow.")
    private Limits limits;

    @JsonPropertyDescription("Free-form properties, reported back. Mutable.")
    private Map<String, String> properties = new LinkedHashMap<>();

    @Pattern(SpecPatterns.DURATION)
    @JsonPropertyDescription("Duration carried for the runtime, e.g. 30s or 1h. Default 0s. Mutable.")
    private String graceTime;

    public String getNodeName() {
        return nodeName;
    }

    public void setNodeName(String nodeName) {
        this.nodeName = nodeName;
    }

    public String getHandle() {
        return handle;
    }

    public void setHandle(String handle) {
        this.handle = handle;
    }

    public String getNetwork() {
        return network;
    }

    public void setNetwork(String network) {
        this.network = network;
    }

    public Boolean getPrivileged() {
        return privileged;
    }

    public void setPrivileged(Boolean privileged) {
        this.privileged = privileged;
    }

    public String getRootfs() {
        return rootfs;
    }

    public void setRootfs(String rootfs) {
        this.rootfs = rootfs;
    }

    public List<String> getEnv() {
        return env;
    }

    public void setEnv(List<String> env) {
        this.env = env == null ? new ArrayList<>() : env;
    }

    public List<BindMount> getBindMounts() {
        return bindMounts;
    }

    public void setBindMounts(List<BindMount> bindMounts) {
        this.bindMounts = bindMounts == null ? new ArrayList<>() : bindMounts;
    }

    public List<NetIn> getNetIn() {
        return netIn;
    }

    public void setNetIn(List<NetIn> netIn) {
        this.netIn = netIn == null ? new ArrayList<>() : netIn;
    }

    public List<NetOutRule> getNetOut() {
        return netOut;
    }

    public void setNetOut(List<NetOutRule> netOut) {
        this.netOut = netOut == null ? new ArrayList<>() : netOut;
    }

    public Limits getLimits() {
        return limits;
    }

    public void setLimits(Limits limits) {
        this.limits = limits;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties == null ? new LinkedHashMap<>() : properties;
    }

    public String getGraceTime() {
        return graceTime;
    }

    public void setGraceTime(String graceTime) {
        this.graceTime = graceTime;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ContainerReservationSpec)) {
            return false;
        }
        ContainerReservationSpec that = (ContainerReservationSpec) o;
        return Objects.equals(nodeName, that.nodeName) && Objects.equals(handle, that.handle)
                && Objects.equals(network, that.network) && Objects.equals(privileged, that.privileged)
                && Objects.equals(rootfs, that.rootfs) && Objects.equals(env, that.env)
                && Objects.equals(bindMounts, that.bindMounts) && Objects.equals(netIn, that.netIn)
                && Objects.equals(netOut, that.netOut) && Objects.equals(limits, that.limits)
                && Objects.equals(properties, that.properties) && Objects.equals(graceTime, that.graceTime);
    }

    @Override
    public int hashCode() {
        return Objects.hash(nodeName, handle, network, privileged, rootfs, env, bindMounts, netIn, netOut, limits,
                properties, graceTime);
    }
}
