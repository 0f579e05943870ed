package dev.allotment.node.firewall;

import dev.allotment.node.KernelNames;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandResult;
import dev.allotment.node.exec.ExecCommandRunner;
import dev.allotment.pool.Cidr;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;

/**
 * A reservation's network without the agent: a bridge with the gateway, a namespace holding the container IP, a
 * dummy link (or port-less bridge) on the host with the external IP, and a "world" namespace behind a veth that
 * holds destinations. The world has no route back to the reservation subnet, so a reply there proves masquerade.
 * Every name carries the prefix; every address is picked from ranges nothing on the machine uses.
 */
final class FirewallTopology implements AutoCloseable {
    static final int CONTAINER_PORT = 8080;
    static final int WORLD_PORT = 7000;
    static final String CONTAINER_ANSWER = "container";
    static final String WORLD_ANSWER = "world";

    final KernelNames names;
    final String containerId;
    final Cidr subnet;
    final String containerIp;
    final String externalIp;
    /** The node denies this /24, but allows its upper half. */
    final Cidr deniedNetwork;
    final String deniedAddress;
    final String allowedInDenied;
    /** Neither allowed nor denied. */
    final String openAddress;

    private final ExecCommandRunner runner = new ExecCommandRunner();
    private final String world;
    private final List<Process> listeners = new ArrayList<>();

    FirewallTopology(KernelNames names, String containerId) {
        this.names = names;
        this.containerId = containerId;
        int k = freeOctet();
        this.subnet = Cidr.parse("10.254." + k + ".0/30");
        this.containerIp = "10.254." + k + ".2";
        this.externalIp = "10.99." + k + ".1";
        this.deniedNetwork = Cidr.parse("10.98." + k + ".0/24");
        this.deniedAddress = "10.98." + k + ".1";
        this.allowedInDenied = "10.98." + k + ".129";
        this.openAddress = "10.95." + k + ".1";
        this.world = names.prefix() + "-world";
        build(k);
    }

    String bridge() {
        return names.bridge(subnet);
    }

    /** The answer of a TCP service at address:port, asked from the host. */
    Optional<String> askFromHost(String address, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(address, port), 3000);
            socket.setSoTimeout(3000);
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(),
                    StandardCharsets.UTF_8));
            return Optional.ofNullable(in.readLine());
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** The answer of a TCP service at address:port, asked from inside the reservation's namespace. */
    Optional<String> askFromContainer(String address, int port) {
        CommandResult result = runner.run(Command.of("ip", "netns", "exec", names.namespace(containerId), "socat",
                "-T", "3", "-u", "TCP:" + address + ":" + port + ",connect-timeout=3", "STDOUT"));
        String answer = result.stdout().strip();
        return result.succeeded() && !answer.isEmpty() ? Optional.of(answer) : Optional.empty();
    }

    /** Deletes every link and namespace it made and stops its listeners; links inside a namespace go with it. */
    @Override
    public void close() {
        for (Process listener : listeners) {
            listener.descendants().forEach(ProcessHandle::destroyForcibly);
            listener.destroyForcibly();
            try {
                listener.waitFor(10, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        for (String link : List.of(bridge(), names.prefix() + "ext", names.prefix() + "wh")) {
            runner.run(Command.of("ip", "link", "del", link));
        }
        for (String netns : List.of(names.namespace(containerId), world)) {
            runner.run(Command.of("ip", "netns", "del", netns));
        }
    }

    private void build(int k) {
        String ns = names.namespace(containerId);
        String host = names.hostInterface(containerId);
        String peer = names.containerInterface(containerId);
        String ext = names.prefix() + "ext";
        String worldHost = names.prefix() + "wh";
        String worldPeer = names.prefix() + "wc";
        try {
            ip("link", "add", bridge(), "type", "bridge");
            ip("addr", "add", "10.254." + k + ".1/30", "dev", bridge());
            ip("link", "set", bridge(), "up");
            ip("netns", "add", ns);
            ip("link", "add", host, "type", "veth", "peer", "name", peer, "netns", ns);
            ip("link", "set", host, "master", bridge(), "up");
            ip("-n", ns, "addr", "add", containerIp + "/30", "dev", peer);
            ip("-n", ns, "link", "set", peer, "up");
            ip("-n", ns, "link", "set", "lo", "up");
            ip("-n", ns, "route", "add", "default", "via", "10.254." + k + ".1");
            addressHolder(ext);
            ip("addr", "add", externalIp + "/32", "dev", ext);
            ip("link", "set", ext, "up");
            ip("netns", "add", world);
            ip("link", "add", worldHost, "type", "veth", "peer", "name", worldPeer, "netns", world);
            ip("addr", "add", "10.97." + k + ".1/30", "dev", worldHost);
            ip("link", "set", worldHost, "up");
            ip("-n", world, "addr", "add", "10.97." + k + ".2/30", "dev", worldPeer);
            ip("-n", world, "link", "set", worldPeer, "up");
            ip("-n", world, "link", "set", "lo", "up");
            for (String address : List.of(deniedAddress, allowedInDenied, openAddress)) {
                ip("-n", world, "addr", "add", address + "/32", "dev", "lo");
            }
            ip("route", "add", deniedNetwork.toString(), "via", "10.97." + k + ".2");
            ip("route", "add", openAddress + "/32", "via", "10.97." + k + ".2");
            Files.writeString(Path.of("/proc/sys/net/ipv4/ip_forward"), "1");
            listen(ns, CONTAINER_PORT, CONTAINER_ANSWER);
            listen(world, WORLD_PORT, WORLD_ANSWER);
        } catch (IOException | RuntimeException e) {
            close();
            throw new IllegalStateException("cannot build the test topology: " + e.getMessage(), e);
        }
    }

    /** A dummy link; where the kernel has no dummy driver, a bridge without ports holds a local address as well. */
    private void addressHolder(String link) {
        if (!runner.run(Command.of("ip", "link", "add", link, "type", "dummy")).succeeded()) {
            ip("link", "add", link, "type", "bridge");
        }
    }

    private void listen(String netns, int port, String answer) throws IOException {
        listeners.add(new ProcessBuilder("ip", "netns", "exec", netns, "socat",
                "TCP-LISTEN:" + port + ",reuseaddr,fork", "EXEC:echo " + answer)
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start());
    }

    private void ip(String... args) {
        List<String> argv = new ArrayList<>(List.of("ip"));
        argv.addAll(List.of(args));
        runner.check(Command.of(argv));
    }

    /** An octet k such that no address or route of the machine lies in 10.{254,99,98,97,95}.k.0/24. */
    private int freeOctet() {
        String used = runner.check(Command.of("ip", "-o", "-4", "addr", "show")).stdout()
                + runner.check(Command.of("ip", "-4", "route", "show", "table", "all")).stdout();
        for (int attempt = 0; attempt < 100; attempt++) {
            int k = ThreadLocalRandom.current().nextInt(100, 250);
            if (List.of("10.254.", "10.99.", "10.98.", "10.97.", "10.95.").stream()
                    .noneMatch(net -> used.contains(net + k + "."))) {
                return k;
            }
        }
        throw new IllegalStateException("no free test addresses");
    }
}
