package dev.allotment.node;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** In-memory network with failure switches: ensure, destroy, destroyBridge. Test-only. */
public final class FakeNetwork implements Network {
    public final FailureSwitch failures = new FailureSwitch();
    public final Set<String> namespaces = new HashSet<>();
    public final Set<String> hostInterfaces = new HashSet<>();
    public final Set<String> bridges = new HashSet<>();
    public final List<String> calls = new ArrayList<>();
    private final KernelNames names;

    public FakeNetwork(KernelNames names) {
        this.names = names;
    }

    @Override
    public synchronized void setUp() {
        calls.add("setUp");
    }

    @Override
    public synchronized void ensure(NetworkPlan plan) {
        calls.add("ensure " + plan.containerId());
        failures.check("ensure");
        bridges.add(plan.bridge());
        namespaces.add(plan.netns());
        hostInterfaces.add(plan.hostInterface());
    }

    @Override
    public synchronized boolean isIntact(NetworkPlan plan) {
        return bridges.contains(plan.bridge()) && namespaces.contains(plan.netns())
                && hostInterfaces.contains(plan.hostInterface());
    }

    @Override
    public synchronized void destroy(String containerId) {
        calls.add("destroy " + containerId);
        failures.check("destroy");
        namespaces.remove(names.namespace(containerId));
        hostInterfaces.remove(names.hostInterface(containerId));
    }

    @Override
    public synchronized void destroyBridge(String bridge) {
        calls.add("destroyBridge " + bridge);
        failures.check("destroyBridge");
        bridges.remove(bridge);
    }

    @Override
    public synchronized void destroyNamespace(String netns) {
        namespaces.remove(netns);
    }

    @Override
    public synchronized void destroyLink(String link) {
        hostInterfaces.remove(link);
    }

    @Override
    public synchronized Inventory inventory() {
        return new Inventory(Set.copyOf(namespaces), Set.copyOf(hostInterfaces), Set.copyOf(bridges));
    }

    public synchronized boolean isEmpty() {
        return namespaces.isEmpty() && hostInterfaces.isEmpty() && bridges.isEmpty();
    }
}
