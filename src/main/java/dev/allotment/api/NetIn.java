package dev.allotment.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyDescription;
import io.fabric8.generator.annotation.Max;
import io.fabric8.generator.annotation.Min;
import io.fabric8.generator.annotation.Required;
import java.util.Objects;

/** A host port forwarded to a container port. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public class NetIn {
    @Min(0)
    @Max(65535)
    @JsonPropertyDescription("Host port on the node's external IP. 0 (default) picks one from the node's port pool.")
    private Integer hostPort;

    @Required
    @Min(1)
    @Max(65535)
    @JsonPropertyDescription("Port inside the reservation's network namespace.")
    private Integer containerPort;

    @JsonPropertyDescription("tcp (default) or udp.")
    private Protocol protocol;

    public Integer getHostPort() {
        return hostPort;
    }

    public void setHostPort(Integer hostPort) {
        this.hostPort = hostPort;
    }

    public Integer getContainerPort() {
        return containerPort;
    }

    public void setContainerPort(Integer containerPort) {
        this.containerPort = containerPort;
    }

    public Protocol getProtocol() {
        return protocol;
    }

    public void setProtocol(Protocol protocol) {
        this.protocol = protocol;
    }

    @Override
    public boolean equals(Object o) {
        if (this == o) {
            return true;
        }
        if (!(o instanceof NetIn)) {
            return false;
        }
        NetIn that = (NetIn) o;
        return Objects.equals(hostPort, that.hostPort)
                && Objects.equals(containerPort, that.containerPort)
                && Objects.equals(protocol, that.protocol);
    }

    @Override
    public int hashCode() {
        return Objects.hash(hostPort, containerPort, protocol);
    }

    @Override
    public String toString() {
        return "NetIn{" + "hostPort=" + hostPort + ", " + "containerPort=" + containerPort + ", " + "protocol=" + protocol + "}";
    }
}
