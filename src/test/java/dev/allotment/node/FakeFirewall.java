package dev.allotment.node;

import dev.allotment.pool.Cidr;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** In-memory firewall with failure switches: setUp, apply, remove, removeSubnet. Test-only. */
public final class FakeFirewall implements Firewall {
    public final FailureSwitch failures = new FailureSwitch();
    public final Map<String, ContainerRules> rules = new HashMap<>();
    public final Set<Cidr> masquerades = new HashSet<>();
    public final List<String> calls = new ArrayList<>();
    public FirewallPolicy policy;

    @Override
    public synchronized void setUp(FirewallPolicy policy) {
        failures.check("setUp");
        this.policy = policy;
    }

    @Override
    public synchronized void apply(ContainerRules containerRules) {
        calls.add("apply " + containerRules.containerId());
        failures.check("apply");
        rules.put(containerRules.containerId(), containerRules);
        masquerades.add(containerRules.subnet());
    }

    @Override
    public synchronized boolean isIntact(ContainerRules containerRules) {
        return containerRules.equals(rules.get(containerRules.containerId()));
    }

    @Override
    public synchronized void remove(ContainerRules containerRules) {
        calls.add("remove " + containerRules.containerId());
        failures.check("remove");
        rules.remove(containerRules.containerId());
    }

    @Override
    public synchronized void removeSubnet(Cidr subnet) {
        calls.add("removeSubnet " + subnet);
        failures.check("removeSubnet");
        masquerades.remove(subnet);
    }

    @Override
    public synchronized Inventory inventory() {
        return new Inventory(Set.copyOf(rules.keySet()), Set.copyOf(masquerades));
    }

    @Override
    public synchronized int removeAllExcept(Set<String> keepContainers, Set<Cidr> keepSubnets) {
        int before = rules.size() + masquerades.size();
        rules.keySet().retainAll(keepContainers);
        masquerades.retainAll(keepSubnets);
        return before - rules.size() - masquerades.size();
    }

    @Override
    public synchronized void tearDown() {
        rules.clear();
        masquerades.clear();
    }

    public synchronized boolean isEmpty() {
        return rules.isEmpty() && masquerades.isEmpty();
    }
}
