package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Pattern;
import io.fabric8.generator.annotation.Size;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/** Egress that a reservation is allowed beyond the node's default policy. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetOutRule {
    @JsonPropertyDescription("all (default), tcp, udp or icmp.")
    private NetOutProtocol protocol;

    @Size(max = 64)
    @JsonPropertyDescription("Destination networks: A.B.C.D, A.B.C.D/N or A.B.C.D-E.F.G.H. Empty means any.")
    private List<@Pattern(SpecPatterns.NET_OUT_NETWORK) String> networks = new ArrayList<>();

    @Size(max = 64)
    @JsonPropertyDescription("Destination ports N or N-M (tcp and udp only). Empty means any.")
    private List<@Pattern(SpecPatterns.PORT_RANGE) String> ports = new ArrayList<>();

    @JsonPropertyDescription("Log new connections that this rule allows.")
    private Boolean log;

    public NetOutProtocol getProtocol() {
        return protocol;
    }

    public void setProtocol(NetOutProtocol protocol) {
        this.protocol = protocol;
    }

    public List<String> getNetworks() {
        return networks;
    }

    public void setNetworks(List<String> networks) {
        this.networks = networks == null ? new ArrayList<>() : networks;
    }

    public List<String> getPorts() {
        return ports;
    }

    public void setPorts(List<String> ports) {
        this.ports = ports == null ? new ArrayList<>() : ports;
    }

    public Boolean getLog() {
        return log;
    }

    public void setLog(Boolean log) {
        this.log = log;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NetOutRule)) {
            return false;
        }
        NetOutRule that = (NetOutRule) o;
        return Objects.equals(protocol, that.protocol)
                && Objects.equals(networks, that.networks)
                && Objects.equals(ports, that.ports)
                && Objects.equals(log, that.log);
    }

    @Override
    public int hashCode() {
        return Objects.hash(protocol, networks, ports, log);
    }

    @Override
    public String toString() {
        return "NetOutRule{" + "protocol=" + protocol + ", " + "networks=" + networks + ", " + "ports=" + ports + ", " + "log=" + log + "}";
    }
}
