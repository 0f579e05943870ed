package dev.allotment.node.net;

import static java.util.stream.Collectors.joining;

import java.util.Arrays;

/** JSON shaped like what {@code ip -j} prints, for scripting a fake runner. */
final class IpOutput {
    private IpOutput() {
    }

    static String array(String... elements) {
        return String.join(",", elements).transform(s -> "[" + s + "]");
    }

    static String upLink(String name, int mtu, String master, String... cidrs) {
        return link(name, mtu, true, master, cidrs);
    }

    static String link(String name, int mtu, boolean up, String master, String... cidrs) {
        String flags = up ? "[\"BROADCAST\",\"MULTICAST\",\"UP\",\"LOWER_UP\"]" : "[\"BROADCAST\",\"MULTICAST\"]";
        String addresses = Arrays.stream(cidrs).map(c -> c.split("/"))
                .map(p -> "{\"family\":\"inet\",\"local\":\"" + p[0] + "\",\"prefixlen\":" + p[1] + ",\"scope\":\"global\"}")
                .collect(joining(",", "[", "]"));
        return "{\"ifindex\":7,\"ifname\":\"" + name + "\",\"flags\":" + flags + ",\"mtu\":" + mtu
                + (master == null ? "" : ",\"master\":\"" + master + "\"") + ",\"operstate\":\"UP\",\"addr_info\":"
                + addresses + "}";
    }

    static String defaultRoute(String gateway, String device) {
        return "{\"dst\":\"default\",\"gateway\":\"" + gateway + "\",\"dev\":\"" + device + "\",\"flags\":[]}";
    }

    static String onLinkRoute(String subnet, String device) {
        return "{\"dst\":\"" + subnet + "\",\"dev\":\"" + device + "\",\"protocol\":\"kernel\",\"scope\":\"link\"}";
    }
}
