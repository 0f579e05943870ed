package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import java.util.Objects;

/** The network the agent acquired for a reservation. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetworkStatus {
    @JsonPropertyDescription("Name of the reservation's network namespace.")
    private String netns;

    @JsonPropertyDescription("The reservation's subnet, A.B.C.D/N.")
    private String subnet;

    @JsonPropertyDescription("The reservation's IP.")
    private String ip;

    @JsonPropertyDescription("The gateway IP, on the bridge.")
    private String gateway;

    @JsonPropertyDescription("The subnet's bridge.")
    private String bridge;

    @JsonPropertyDescription("Host end of the veth pair.")
    private String hostInterface;

    @JsonPropertyDescription("Container end of the veth pair, inside the netns.")
    private String containerInterface;

    @JsonPropertyDescription("MTU of the container interface.")
    private Integer mtu;

    @JsonPropertyDescription("The node's external IP that NetIn host ports listen on.")
    private String externalIp;

    public String getNetns() {
        return netns;
    }

    public void setNetns(String netns) {
        this.netns = netns;
    }

    public String getSubnet() {
        return subnet;
    }

    public void setSubnet(String subnet) {
        this.subnet = subnet;
    }

    public String getIp() {
        return ip;
    }

    public void setIp(String ip) {
        this.ip = ip;
    }

    public String getGateway() {
        return gateway;
    }

    public void setGateway(String gateway) {
        this.gateway = gateway;
    }

    public String getBridge() {
        return bridge;
    }

    public void setBridge(String bridge) {
        this.bridge = bridge;
    }

    public String getHostInterface() {
        return hostInterface;
    }

    public void setHostInterface(String hostInterface) {
        this.hostInterface = hostInterface;
    }

    public String getContainerInterface() {
        return containerInterface;
    }

    public void setContainerInterface(String containerInterface) {
        this.containerInterface = containerInterface;
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
        if (!(o instanceof NetworkStatus)) {
            return false;
        }
        NetworkStatus that = (NetworkStatus) o;
        return Objects.equals(netns, that.netns)
                && Objects.equals(subnet, that.subnet)
                && Objects.equals(ip, that.ip)
                && Objects.equals(gateway, that.gateway)
                && Objects.equals(bridge, that.bridge)
                && Objects.equals(hostInterface, that.hostInterface)
                && Objects.equals(containerInterface, that.containerInterface)
                && Objects.equals(mtu, that.mtu)
                && Objects.equals(externalIp, that.externalIp);
    }

    @Override
    public int hashCode() {
        return Objects.hash(netns, subnet, ip, gateway, bridge, hostInterface, containerInterface, mtu, externalIp);
    }

    @Override
    public String toString() {
        return "NetworkStatus{" + "netns=" + netns + ", " + "subnet=" + subnet + ", " + "ip=" + ip + ", " + "gateway=" + gateway + ", " + "bridge=" + bridge + ", " + "hostInterface=" + hostInterface + ", " + "containerInterface=" + containerInterface + ", " + "mtu=" + mtu + ", " + "externalIp=" + externalIp + "}";
    }
}
