package dev.allotment.node;

import static dev.allotment.node.NodePoolAcquireTest.netIn;

import dev.allotment.api.ContainerReservationSpec;
import dev.allotment.api.Specs;
import dev.allotment.depot.DepotRecord;
import java.nio.file.Path;
import java.util.List;

/**
 * A child JVM for {@link NodePoolCrashIT}: acquires (and, with "release", releases) one reservation on the real
 * kernel and halts, as a kill -9 would, when it reaches the named step. Exit 0 means the step was never reached.
 */
public final class CrashingNode {
    static final int HALTED = 86;

    private CrashingNode() {
    }

    public static void main(String[] args) {
        String prefix = args[0];
        Path work = Path.of(args[1]);
        String crashAt = args[2];
        boolean release = args.length > 3 && args[3].equals("release");
        RealNode node = new RealNode(prefix, work, NodePoolCrashIT.EXTERNAL_IP, NodePoolCrashIT.POLICY, step -> {
            if (step.equals(crashAt)) {
                Runtime.getRuntime().halt(HALTED);
            }
        });
        node.pool.setUp();
        node.pool.restore();
        DepotRecord record = node.pool.acquire(NodePoolFixture.request("crash", spec()));
        if (release) {
            node.pool.release(record);
        }
        System.exit(0);
    }

    static ContainerReservationSpec spec() {
        ContainerReservationSpec spec = NodePoolFixture.spec();
        spec.setNetIn(List.of(netIn(0, 8080)));
        Specs.withDiskLimit(spec, 16L << 20);
        return spec;
    }
}
