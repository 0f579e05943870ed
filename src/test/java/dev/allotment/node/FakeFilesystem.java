package dev.allotment.node;

import dev.allotment.api.Reason;
import dev.allotment.api.ReservationException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * In-memory filesystem with failure switches: check, ensure, destroy, grow. "Mounts" are paths it remembers; it
 * writes one file into the entry directory, as a real mount would. Test-only.
 */
public final class FakeFilesystem implements ContainerFilesystem {
    public final FailureSwitch failures = new FailureSwitch();
    public final Set<Path> mounts = new HashSet<>();
    public final List<String> calls = new ArrayList<>();
    public final List<Long> grownTo = new ArrayList<>();
    public List<String> imageEnv = List.of("PATH=/bin", "LANG=C");
    public Reason checkRefusal;

    @Override
    public synchronized void check(FilesystemPlan plan) {
        failures.check("check");
        if (checkRefusal != null) {
            throw new ReservationException(checkRefusal, "spec.rootfs: refused by the fake");
        }
    }

    @Override
    public synchronized FilesystemState ensure(FilesystemPlan plan) {
        calls.add("ensure " + plan.containerId());
        failures.check("ensure");
        Path rootfs = plan.entryDir().resolve("rootfs");
        try {
            Files.createDirectories(rootfs);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
        mounts.add(rootfs);
        return new FilesystemState(rootfs, List.of("sha256:aaa"), imageEnv,
                plan.byteHard() == null ? null : "fake", null);
    }

    @Override
    public synchronized boolean isIntact(FilesystemPlan plan) {
        return mounts.contains(plan.entryDir().resolve("rootfs"));
    }

    @Override
    public synchronized void grow(FilesystemPlan plan, long newByteHard) {
        failures.check("grow");
        grownTo.add(newByteHard);
    }

    @Override
    public synchronized void destroy(String containerId, Path entryDir) {
        calls.add("destroy " + containerId);
        failures.check("destroy");
        mounts.removeIf(m -> m.startsWith(entryDir));
    }

    @Override
    public synchronized Inventory inventory(Path depotDir) {
        return new Inventory(Set.copyOf(mounts), Set.of());
    }

    @Override
    public synchronized int collectLayers(Set<String> layersInUse) {
        return 0;
    }
}
