package dev.allotment.local;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/** Runs the real kubectl against one kubeconfig, with its own discovery cache, and a timeout on every run. */
final class Kubectl {
    private static final long TIMEOUT_SECONDS = 60;

    record Result(int exitCode, String out, String err) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + out + "\n--- stderr\n" + err;
        }
    }

    /** A kubectl run in the background. */
    final class Running {
        private final Process process;
        private final Path out;
        private final Path err;

        private Running(Process process, Path out, Path err) {
            this.process = process;
            this.out = out;
            this.err = err;
        }

        boolean isAlive() {
            return process.isAlive();
        }

        Result await() {
            try {
                if (!process.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    throw new IllegalStateException("kubectl did not finish in " + TIMEOUT_SECONDS + "s: "
                            + Files.readString(err));
                }
                return new Result(process.exitValue(), Files.readString(out), Files.readString(err));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                process.destroyForcibly();
                throw new IllegalStateException(e);
            }
        }
    }

    private final Path kubeconfig;
    private final Path workDir;
    private int runs;

    Kubectl(Path kubeconfig, Path workDir) {
        this.kubeconfig = kubeconfig;
        this.workDir = workDir;
    }

    static Optional<Path> onPath() {
        String path = System.getenv("PATH");
        if (path == null) {
            return Optional.empty();
        }
        for (String dir : path.split(File.pathSeparator)) {
            Path candidate = Path.of(dir, "kubectl");
            if (Files.isExecutable(candidate)) {
                return Optional.of(candidate);
            }
        }
        return Optional.empty();
    }

    Result run(String... args) {
        return start(args).await();
    }

    synchronized Running start(String... args) {
        List<String> command = new ArrayList<>(List.of("kubectl", "--kubeconfig", kubeconfig.toString(),
                "--cache-dir", workDir.resolve("cache").toString()));
        command.addAll(List.of(args));
        int run = ++runs;
        Path out = workDir.resolve("kubectl-" + run + ".out");
        Path err = workDir.resolve("kubectl-" + run + ".err");
        ProcessBuilder builder = new ProcessBuilder(command).directory(workDir.toFile())
                .redirectOutput(out.toFile()).redirectError(err.toFile());
        builder.environment().remove("KUBECONFIG");
        try {
            return new Running(builder.start(), out, err);
        } catch (IOException e) {
            throw new UncheckedIOException("could not run " + command, e);
        }
    }

    Path write(String name, String manifest) {
        try {
            return Files.writeString(workDir.resolve(name), manifest, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
