package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.kubernetes.api.model.Condition;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

@JsonInclude(JsonInclude.Include.NON_NULL)
public class ContainerReservationStatus {
    @JsonPropertyDescription("The generation that this status describes.")
    private Long observedGeneration;

    @JsonPropertyDescription("Pending, Ready, Failed or Releasing.")
    private Phase phase;

    @JsonPropertyDescription("Ready (always), Reconciling and Stalled, as kstatus reads them.")
    private List<Condition> conditions = new ArrayList<>();

    @JsonPropertyDescription("The effective handle (spec.handle or metadata.name).")
    private String handle;

    @JsonPropertyDescription("The 11-character container ID the pool gave.")
    private String containerId;

    @JsonPropertyDescription("The reservation's depot directory.")
    private String containerPath;

    @JsonPropertyDescription("The mounted rootfs.")
    private String rootfsPath;

    @JsonPropertyDescription("Host UID of container root.")
    private Long rootUid;

    @JsonPropertyDescription("The acquired network.")
    private NetworkStatus network;

    @JsonPropertyDescription("Host port mappings as actually applied.")
    private List<NetIn> netIn = new ArrayList<>();

    @JsonPropertyDescription("spec.properties as last applied.")
    private Map<String, String> properties;

    public Long getObservedGeneration() {
        return observedGeneration;
    }

    public void setObservedGeneration(Long observedGeneration) {
        this.observedGeneration = observedGeneration;
    }

    public Phase getPhase() {
        return phase;
    }

    public void setPhase(Phase phase) {
        this.phase = phase;
    }

    public List<Condition> getConditions() {
        return conditions;
    }

    public void setConditions(List<Condition> conditions) {
        this.conditions = conditions == null ? new ArrayList<>() : conditions;
    }

    public String getHandle() {
        return handle;
    }

    public void setHandle(String handle) {
        this.handle = handle;
    }

    public String getContainerId() {
        return containerId;
    }

    public void setContainerId(String containerId) {
        this.containerId = containerId;
    }

    public String getContainerPath() {
        return containerPath;
    }

    public void setContainerPath(String containerPath) {
        this.containerPath = containerPath;
    }

    public String getRootfsPath() {
        return rootfsPath;
    }

    public void setRootfsPath(String rootfsPath) {
        this.rootfsPath = rootfsPath;
    }

    public Long getRootUid() {
        return rootUid;
    }

    public void setRootUid(Long rootUid) {
        this.rootUid = rootUid;
    }

    public NetworkStatus getNetwork() {
        return network;
    }

    public void setNetwork(NetworkStatus network) {
        this.network = network;
    }

    public List<NetIn> getNetIn() {
        return netIn;
    }

    public void setNetIn(List<NetIn> netIn) {
        this.netIn = netIn == null ? new ArrayList<>() : netIn;
    }

    public Map<String, String> getProperties() {
        return properties;
    }

    public void setProperties(Map<String, String> properties) {
        this.properties = properties;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof ContainerReservationStatus)) {
            return false;
        }
        ContainerReservationStatus that = (ContainerReservationStatus) o;
        return Objects.equals(observedGeneration, that.observedGeneration)
                && Objects.equals(phase, that.phase)
                && Objects.equals(conditions, that.conditions)
                && Objects.equals(handle, that.handle)
                && Objects.equals(containerId, that.containerId)
                && Objects.equals(containerPath, that.containerPath)
                && Objects.equals(rootfsPath, that.rootfsPath)
                && Objects.equals(rootUid, that.rootUid)
                && Objects.equals(network, that.network)
                && Objects.equals(netIn, that.netIn)
                && Objects.equals(properties, that.properties);
    }

    @Override
    public int hashCode() {
        return Objects.hash(observedGeneration, phase, conditions, handle, containerId, containerPath, rootfsPath, rootUid, network, netIn, properties);
    }

    @Override
    public String toString() {
        return "ContainerReservationStatus{" + "observedGeneration=" + observedGeneration + ", " + "phase=" + phase + ", " + "conditions=" + conditions + ", " + "handle=" + handle + ", " + "containerId=" + containerId + ", " + "containerPath=" + containerPath + ", " + "rootfsPath=" + rootfsPath + ", " + "rootUid=" + rootUid + ", " + "network=" + network + ", " + "netIn=" + netIn + ", " + "properties=" + properties + "}";
    }
}
