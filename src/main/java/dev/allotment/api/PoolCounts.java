package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** Counts of a node's pool resources. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolCounts {
    @JsonPropertyDescription("Reservations.")
    private Integer containers;

    @JsonPropertyDescription("Dynamic subnets.")
    private Integer subnets;

    @JsonPropertyDescription("Host ports.")
    private Integer ports;

    public Integer getContainers() {
        return containers;
    }

    public void setContainers(Integer containers) {
        this.containers = containers;
    }

    public Integer getSubnets() {
        return subnets;
    }

    public void setSubnets(Integer subnets) {
        this.subnets = subnets;
    }

    public Integer getPorts() {
        return ports;
    }

    public void setPorts(Integer ports) {
        this.ports = ports;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PoolCounts)) {
            return false;
        }
        PoolCounts that = (PoolCounts) o;
        return Objects.equals(containers, that.containers)
                && Objects.equals(subnets, that.subnets)
                && Objects.equals(ports, that.ports);
    }

    @Override
    public int hashCode() {
        return Objects.hash(containers, subnets, ports);
    }

    @Override
    public String toString() {
        return "PoolCounts{" + "containers=" + containers + ", " + "subnets=" + subnets + ", " + "ports=" + ports + "}";
    }
}
