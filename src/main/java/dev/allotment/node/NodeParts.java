package dev.allotment.node;

/** The node's effects outside the JVM, each behind the interface the node pool owns. */
public record NodeParts(Network network, Firewall firewall, ContainerFilesystem filesystem, Hooks hooks) {
}
