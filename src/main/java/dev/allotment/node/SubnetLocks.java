package dev.allotment.node;

import dev.allotment.pool.Cidr;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Serialises, per subnet, making a subnet's shared objects (bridge, masquerade) with deleting them when its last
 * reservation goes, so a reservation that takes a freed subnet never loses its bridge to the previous owner's release.
 */
final class SubnetLocks {
    private final ConcurrentHashMap<Cidr, ReentrantLock> locks = new ConcurrentHashMap<>();

    void with(Cidr subnet, Runnable work) {
        ReentrantLock lock = locks.computeIfAbsent(subnet, unused -> new ReentrantLock());
        lock.lock();
        try {
            work.run();
        } finally {
            lock.unlock();
        }
    }
}
