package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.allotment.api.Reason;
import dev.allotment.pool.SubnetPoolException.Kind;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Queue;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ConcurrentMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Many threads acquire and release at random. Every holding is recorded in {@link #holders} after the pool hands it
 * out and dropped before it goes back, so a resource recorded twice at once means the pool handed it out twice.
 */
class PoolConcurrencyTest {
    private static final int THREADS = 16;
    private static final Duration RUN_FOR = Duration.ofSeconds(3);
    private static final Set<Kind> CONTENTION = Set.of(Kind.EXHAUSTED, Kind.ALREADY_ACQUIRED, Kind.OVERLAPS);

    // Small pools, so threads collide: 16 dynamic /30s, four static /29 blocks, 64 ports.
    private final SubnetPool subnets = new SubnetPool(Cidr.parse("10.254.0.0/26"), 30, List.of(Cidr.parse("10.253.0.0/27")));
    private final List<Cidr> staticSubnets = List.of(
            Cidr.parse("10.253.0.0/29"), Cidr.parse("10.253.0.8/29"), Cidr.parse("10.253.0.16/29"),
            Cidr.parse("10.253.0.24/29"), Cidr.parse("10.253.0.0/28"), Cidr.parse("10.253.0.16/28"));
    private final PortPool ports = new PortPool(40000, 64);

    private final ConcurrentMap<String, String> holders = new ConcurrentHashMap<>();
    // Static subnets may be shared only with an equal subnet: each /29 block records which subnet holds it, and how often.
    private final ConcurrentMap<Cidr, Share> blockShares = new ConcurrentHashMap<>();
    private final Queue<String> violations = new ConcurrentLinkedQueue<>();

    private record Share(Cidr subnet, int holders) {
    }

    @Test
    void noResourceIsEverHeldTwiceAndEverythingComesBack() throws Exception {
        CountDownLatch start = new CountDownLatch(1);
        long deadline = System.nanoTime() + RUN_FOR.toNanos();
        ExecutorService executor = Executors.newFixedThreadPool(THREADS);
        long operations = 0;
        try {
            List<Future<Integer>> workers = new ArrayList<>();
            for (int i = 0; i < THREADS; i++) {
                workers.add(executor.submit(new Worker("worker-" + i, start, deadline)));
            }
            start.countDown();
            for (Future<Integer> worker : workers) {
                operations += worker.get(2, TimeUnit.MINUTES);
            }
        } finally {
            executor.shutdownNow();
        }

        assertThat(violations).isEmpty();
        assertThat(operations).isGreaterThan(THREADS);
        assertThat(holders).isEmpty();
        assertThat(subnets.usage()).isEqualTo(new SubnetPool.Usage(0, 0, 0));
        assertThat(subnets.allocations()).isEmpty();
        assertThat(ports.inUse()).isZero();
        assertFullCapacity();
    }

    private void assertFullCapacity() {
        Set<Cidr> dynamic = new HashSet<>();
        for (int i = 0; i < subnets.capacity(); i++) {
            dynamic.add(subnets.acquire(NetworkRequest.dynamic()).subnet());
        }
        assertThat(dynamic).hasSize(16);
        assertThatThrownBy(() -> subnets.acquire(NetworkRequest.dynamic())).isInstanceOf(SubnetPoolException.class);

        Set<Integer> allPorts = new HashSet<>();
        for (int i = 0; i < ports.capacity(); i++) {
            allPorts.add(ports.acquire());
        }
        assertThat(allPorts).hasSize(64);
        assertThatThrownBy(ports::acquire).isInstanceOf(PortPoolException.class);
    }

    private final class Worker implements Callable<Integer> {
        private final String name;
        private final CountDownLatch start;
        private final long deadline;
        private final List<Allocation> allocations = new ArrayList<>();
        private final List<Integer> heldPorts = new ArrayList<>();

        Worker(String name, CountDownLatch start, long deadline) {
            this.name = name;
            this.start = start;
            this.deadline = deadline;
        }

        @Override
        public Integer call() throws InterruptedException {
            start.await();
            int operations = 0;
            while (System.nanoTime() < deadline) {
                step(ThreadLocalRandom.current());
                operations++;
            }
            while (!allocations.isEmpty()) {
                releaseAllocation(allocations.size() - 1);
            }
            while (!heldPorts.isEmpty()) {
                releasePort(heldPorts.size() - 1);
            }
            return operations;
        }

        private void step(ThreadLocalRandom random) {
            Cidr staticSubnet = staticSubnets.get(random.nextInt(staticSubnets.size()));
            switch (random.nextInt(8)) {
                case 0 -> acquire(NetworkRequest.dynamic());
                case 1 -> acquire(NetworkRequest.staticSubnet(staticSubnet));
                case 2 -> acquire(NetworkRequest.staticIp(staticSubnet,
                        staticSubnet.address(2 + random.nextLong(staticSubnet.size() - 3))));
                case 3 -> acquirePort(-1);
                case 4 -> acquirePort(ports.start() + random.nextInt(ports.capacity()));
                case 5 -> {
                    if (!allocations.isEmpty()) {
                        releaseAllocation(random.nextInt(allocations.size()));
                    }
                }
                default -> {
                    if (!heldPorts.isEmpty()) {
                        releasePort(random.nextInt(heldPorts.size()));
                    }
                }
            }
        }

        private void acquire(NetworkRequest request) {
            Allocation allocation;
            try {
                allocation = subnets.acquire(request);
            } catch (SubnetPoolException e) {
                if (!CONTENTION.contains(e.kind())) {
                    violations.add(name + " got " + e.kind() + " for " + request + ": " + e.getMessage());
                }
                return;
            }
            allocations.add(allocation);
            claim("ip " + allocation.ip());
            if (request.ip().isPresent() && request.ip().getAsInt() != allocation.address()) {
                violations.add(name + " asked for " + request + " but got " + allocation);
            }
            if (request.subnet().isEmpty()) {
                claim("dynamic subnet " + allocation.subnet());
            } else {
                blocksOf(allocation.subnet()).forEach(block -> blockShares.compute(block, (b, share) -> {
                    if (share == null) {
                        return new Share(allocation.subnet(), 1);
                    }
                    if (!share.subnet().equals(allocation.subnet())) {
                        violations.add(name + " got " + allocation.subnet() + " while " + share.subnet() + " is held");
                        return share;
                    }
                    return new Share(share.subnet(), share.holders() + 1);
                }));
            }
        }

        private void releaseAllocation(int index) {
            Allocation allocation = allocations.remove(index);
            boolean dynamic = subnets.dynamicRange().contains(allocation.subnet());
            unclaim("ip " + allocation.ip());
            if (dynamic) {
                unclaim("dynamic subnet " + allocation.subnet());
            } else {
                blocksOf(allocation.subnet()).forEach(block -> blockShares.computeIfPresent(block,
                        (b, share) -> share.holders() == 1 ? null : new Share(share.subnet(), share.holders() - 1)));
            }
            boolean subnetFreed = subnets.release(allocation);
            if (dynamic && !subnetFreed) {
                violations.add(name + " released the only IP of " + allocation.subnet() + " but the subnet was not freed");
            }
        }

        private void acquirePort(int explicitPort) {
            int port;
            try {
                if (explicitPort < 0) {
                    port = ports.acquire();
                } else {
                    ports.remove(explicitPort);
                    port = explicitPort;
                }
            } catch (PortPoolException e) {
                if (e.reason() != Reason.PoolExhausted && e.reason() != Reason.Conflict) {
                    violations.add(name + " got " + e.reason() + " for a port: " + e.getMessage());
                }
                return;
            }
            heldPorts.add(port);
            claim("port " + port);
        }

        private void releasePort(int index) {
            int port = heldPorts.remove(index);
            unclaim("port " + port);
            ports.release(port);
        }

        private void claim(String resource) {
            String previous = holders.putIfAbsent(resource, name);
            if (previous != null) {
                violations.add(resource + " handed to " + name + " while " + previous + " holds it");
            }
        }

        private void unclaim(String resource) {
            if (!holders.remove(resource, name)) {
                violations.add(name + " released " + resource + " which it was not recorded as holding");
            }
        }
    }

    private static List<Cidr> blocksOf(Cidr subnet) {
        List<Cidr> blocks = new ArrayList<>();
        for (long i = 0; i < subnet.size(); i += 8) {
            blocks.add(Cidr.containing(subnet.address(i), 29));
        }
        return blocks;
    }
}
