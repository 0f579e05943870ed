package dev.allotment.node;

import dev.allotment.depot.DepotRecord;
import java.io.IOException;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A socat TCP server inside a network namespace that answers each connection with a fixed line. Test-only. */
final class Listener implements AutoCloseable {
    private final Process process;

    private Listener(Process process) {
        this.process = process;
    }

    static Listener start(RealNode node, DepotRecord record, int port, String answer) throws IOException {
        return startIn(node, record.resources().netns(), port, answer);
    }

    static Listener startIn(RealNode node, String netns, int port, String answer) throws IOException {
        Process process = new ProcessBuilder(List.of("ip", "netns", "exec", netns, "socat",
                "TCP-LISTEN:" + port + ",reuseaddr,fork", "EXEC:echo " + answer))
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        return new Listener(process);
    }

    @Override
    public void close() throws InterruptedException {
        process.descendants().forEach(ProcessHandle::destroyForcibly);
        process.destroyForcibly();
        process.waitFor(10, TimeUnit.SECONDS);
    }
}
