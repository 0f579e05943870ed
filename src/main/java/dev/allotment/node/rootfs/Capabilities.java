package dev.allotment.node.rootfs;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** This process's effective capabilities, from /proc/self/status. */
final class Capabilities {
    static final int CAP_SYS_RESOURCE = 24;

    private Capabilities() {
    }

    static boolean effective(int capability) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("CapEff:")) {
                    long mask = Long.parseUnsignedLong(line.substring("CapEff:".length()).strip(), 16);
                    return (mask >>> capability & 1) == 1;
                }
            }
        } catch (IOException | NumberFormatException e) {
            return false;
        }
        return false;
    }
}
