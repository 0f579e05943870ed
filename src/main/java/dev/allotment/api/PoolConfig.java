package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.List;
import java.util.Objects;

/** The node's effective pool configuration. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class PoolConfig {
    @JsonPropertyDescription("The dynamic subnet pool.")
    private String cidr;

    @JsonPropertyDescription("Prefix length of each dynamic subnet.")
    private Integer containerPrefix;

    @JsonPropertyDescription("Where static subnets may lie.")
    private List<String> staticRanges;

    @JsonPropertyDescription("Host port range, first-last.")
    private String portRange;

    @JsonPropertyDescription("Container interface MTU.")
    private Integer mtu;

    @JsonPropertyDescription("The node's external IP for NetIn.")
    private String externalIp;

    public String getCidr() {
        return cidr;
    }

    public void setCidr(String cidr) {
        this.cidr = cidr;
    }

    public Integer getContainerPrefix() {
        return containerPrefix;
    }

    public void setContainerPrefix(Integer containerPrefix) {
        this.containerPrefix = containerPrefix;
    }

    public List<String> getStaticRanges() {
        return staticRanges;
    }

    public void setStaticRanges(List<String> staticRanges) {
        this.staticRanges = staticRanges;
    }

    public String getPortRange() {
        return portRange;
    }

    public void setPortRange(String portRange) {
        this.portRange = portRange;
    }

    public Integer getMtu() {
        return mtu;
    }

    public void setMtu(Integer mtu) {
        this.mtu = mtu;
    }

    public String getExternalIp() {
        return externalIp;
    }

    public void setExternalIp(String externalIp) {
        this.externalIp = externalIp;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof PoolConfig)) {
            return false;
        }
        PoolConfig that = (PoolConfig) o;
        return Objects.equals(cidr, that.cidr)
                && Objects.equals(containerPrefix, that.containerPrefix)
                && Objects.equals(staticRanges, that.staticRanges)
                && Objects.equals(portRange, that.portRange)
                && Objects.equals(mtu, that.mtu)
                && Objects.equals(externalIp, that.externalIp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(cidr, containerPrefix, staticRanges, portRange, mtu, externalIp);
    }

    @Override
    public String toString() {
        return "PoolConfig{" + "cidr=" + cidr + ", " + "containerPrefix=" + containerPrefix + ", " + "staticRanges=" + staticRanges + ", " + "portRange=" + portRange + ", " + "mtu=" + mtu + ", " + "externalIp=" + externalIp + "}";
    }
}
