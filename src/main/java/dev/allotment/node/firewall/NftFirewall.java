package dev.allotment.node.firewall;

import dev.allotment.node.ContainerRules;
import dev.allotment.node.Firewall;
import dev.allotment.node.FirewallPolicy;
import dev.allotment.node.KernelNames;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandFailedException;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.CommandRunner;
import dev.allotment.pool.Cidr;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The firewall as one nftables table of the agent's own, {@link KernelNames#firewallTable()}, laid out as
 * {@link NftScripts} describes. Every change is one {@code nft -f -} transaction, one process, under one lock.
 *
 * <p>The family is {@code inet}, not {@code ip}. Every address the agent manages is IPv4, but on a dual-stack node a
 * reservation could still route IPv6 through its bridge, past the IPv4-only egress policy; an ip table would not
 * see it, a second ip6 table would double what the sweep has to read. An inet table sees both families in the same
 * hooks and drops that IPv6 with one rule.
 *
 * <p>Apply needs to know which elements a reservation owned before (an old NetIn host port): a {@link TableIndex},
 * learnt from one listing when the firewall first needs it and kept current by each transaction, tells it, so that
 * apply and remove never list the table and stay one process each.
 */
public final class NftFirewall implements Firewall {
    private static final Logger LOG = LoggerFactory.getLogger(NftFirewall.class);
    private static final String NO_SUCH_OBJECT = "No such file or directory";

    private final CommandRunner runner;
    private final KernelNames names;
    private final NftScripts scripts;
    private final ReentrantLock lock = new ReentrantLock();
    /** Null until a listing taught it, and again after a failed transaction left it in doubt. */
    private TableIndex index;

    public NftFirewall(CommandRunner runner, KernelNames names) {
        this.runner = runner;
        this.names = names;
        this.scripts = new NftScripts(names);
    }

    @Override
    public void setUp(FirewallPolicy policy) {
        String script = scripts.setUp(policy);
        changing(() -> {
            long started = System.nanoTime();
            transact(script, "set-up of table " + names.firewallTable());
            index = learn();
            LOG.info("firewall-set-up table={} allowNetworks={} denyNetworks={} containers={} ms={}",
                    names.firewallTable(), policy.allowNetworks().size(), policy.denyNetworks().size(), index.size(),
                    millisSince(started));
        });
    }

    @Override
    public void apply(ContainerRules rules) {
        ContainerPlan plan = ContainerPlan.of(rules, names);
        changing(() -> {
            long started = System.nanoTime();
            TableIndex known = known();
            transact(scripts.apply(plan, known.owned(plan.containerId())), "apply of container " + plan.containerId());
            known.put(plan.containerId(), plan.owned());
            LOG.info("firewall-applied containerId={} netIn={} netOut={} ms={}", plan.containerId(),
                    rules.netIn().size(), rules.netOut().size(), millisSince(started));
        });
    }

    @Override
    public boolean isIntact(ContainerRules rules) {
        ContainerPlan plan = ContainerPlan.of(rules, names);
        String subject = "integrity check of container " + plan.containerId();
        return locked(() -> {
            CommandResult chain = query(Command.of("nft", "-j", "list", "chain", "inet", names.firewallTable(),
                    plan.chain()), subject);
            if (!chain.succeeded()) {
                return false;
            }
            List<String> comments = TableListing.ruleComments(chain.stdout(), plan.chain());
            if (comments.size() != plan.chainRules().size() + 1
                    || !comments.get(comments.size() - 1).equals(plan.fingerprint())) {
                return false;
            }
            return query(Command.of("nft", "-f", "-").withStdin(scripts.elementQueries(plan)), subject).succeeded();
        });
    }

    @Override
    public void remove(ContainerRules rules) {
        ContainerPlan plan = ContainerPlan.of(rules, names);
        changing(() -> {
            long started = System.nanoTime();
            TableIndex known = known();
            if (known.tablePresent()) {
                transact(scripts.remove(plan, known.owned(plan.containerId())),
                        "removal of container " + plan.containerId());
                known.drop(plan.containerId());
            }
            LOG.info("firewall-removed containerId={} ms={}", plan.containerId(), millisSince(started));
        });
    }

    @Override
    public void removeSubnet(Cidr subnet) {
        String script = scripts.removeSubnet(subnet);
        changing(() -> {
            long started = System.nanoTime();
            if (known().tablePresent()) {
                transact(script, "removal of subnet " + subnet);
            }
            LOG.info("firewall-subnet-removed subnet={} ms={}", subnet, millisSince(started));
        });
    }

    @Override
    public Inventory inventory() {
        return locked(() -> {
            Optional<TableListing> listing = list();
            index = listing.map(TableIndex::of).orElseGet(TableIndex::absent);
            TableListing seen = listing.orElse(TableListing.EMPTY);
            return new Inventory(seen.containerIds(), seen.subnets());
        });
    }

    @Override
    public int removeAllExcept(Set<String> keepContainers, Set<Cidr> keepSubnets) {
        return locked(() -> {
            long started = System.nanoTime();
            Optional<TableListing> listing = list();
            if (listing.isEmpty()) {
                index = TableIndex.absent();
                return 0;
            }
            Set<String> containers = new TreeSet<>(listing.get().containerIds());
            containers.removeAll(keepContainers);
            Set<Cidr> subnets = new TreeSet<>(listing.get().subnets());
            subnets.removeAll(keepSubnets);
            String script = scripts.removeOrphans(listing.get(), containers, subnets);
            if (!script.isEmpty()) {
                transact(script, "sweep of containers " + containers + " and subnets " + subnets);
            }
            index = TableIndex.of(listing.get());
            containers.forEach(index::drop);
            LOG.info("firewall-swept containers={} subnets={} ms={}", containers, subnets, millisSince(started));
            return containers.size() + subnets.size();
        });
    }

    @Override
    public void tearDown() {
        changing(() -> {
            long started = System.nanoTime();
            transact(scripts.tearDown(), "tear-down of table " + names.firewallTable());
            index = TableIndex.absent();
            LOG.info("firewall-torn-down table={} ms={}", names.firewallTable(), millisSince(started));
        });
    }

    private TableIndex known() {
        if (index == null) {
            index = learn();
        }
        return index;
    }

    private TableIndex learn() {
        return list().map(TableIndex::of).orElseGet(TableIndex::absent);
    }

    /** The table as nft lists it, or empty when there is no table. */
    private Optional<TableListing> list() {
        String subject = "listing of table " + names.firewallTable();
        CommandResult result = query(Command.of("nft", "-j", "list", "table", "inet", names.firewallTable()), subject);
        if (result.succeeded()) {
            return Optional.of(TableListing.parse(result.stdout()));
        }
        if (result.stderr().contains(NO_SUCH_OBJECT)) {
            return Optional.empty();
        }
        throw new FirewallException("firewall " + subject + " failed: " + result.stderr().strip());
    }

    private void transact(String script, String subject) {
        CommandResult result = query(Command.of("nft", "-f", "-").withStdin(script), subject);
        if (!result.succeeded()) {
            index = null;
            throw new FirewallException("firewall " + subject + " failed: " + result.stderr().strip());
        }
    }

    private CommandResult query(Command command, String subject) {
        try {
            return runner.run(command);
        } catch (CommandFailedException e) {
            index = null;
            throw new FirewallException("firewall " + subject + " failed: " + e.getMessage(), e);
        }
    }

    private void changing(Runnable change) {
        locked(() -> {
            change.run();
            return null;
        });
    }

    private <T> T locked(Supplier<T> action) {
        lock.lock();
        try {
            return action.get();
        } finally {
            lock.unlock();
        }
    }

    private static long millisSince(long started) {
        return (System.nanoTime() - started) / 1_000_000;
    }
}
