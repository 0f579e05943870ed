package dev.allotment.agent.config;

import dev.allotment.api.SpecPatterns;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.InvalidAddressException;
import dev.allotment.pool.Ipv4;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/** The rules the config records apply to their own values; each refusal names the setting. */
final class Checks {
    private static final Pattern ABSOLUTE_PATH = Pattern.compile(SpecPatterns.ABSOLUTE_PATH);
    private static final Pattern ROOTFS = Pattern.compile(SpecPatterns.ROOTFS);

    private Checks() {
    }

    static <T> T required(String setting, T value) {
        if (value == null) {
            throw ConfigException.required(setting, null);
        }
        return value;
    }

    /**
     * An absolute path of plain segments ({@code [A-Za-z0-9._@+=,~-]}, the characters that are safe in mount options
     * and in commands), with no {@code .} or {@code ..} segment. Returns it without a trailing slash.
     */
    static Path absolutePath(String setting, Path path) {
        Objects.requireNonNull(path, setting);
        String text = path.toString();
        if (!path.isAbsolute() || !text.startsWith("/")) {
            throw ConfigException.invalid(setting, quote(text) + " is not an absolute path");
        }
        if (!ABSOLUTE_PATH.matcher(text).matches()) {
            throw ConfigException.invalid(setting, quote(text) + " must be an absolute path made of [A-Za-z0-9._@+=,~-]"
                    + " segments");
        }
        for (Path segment : path) {
            if (segment.toString().equals(".") || segment.toString().equals("..")) {
                throw ConfigException.invalid(setting, quote(text) + " must not contain a \".\" or \"..\" segment");
            }
        }
        return path;
    }

    static List<Path> absolutePaths(String setting, List<Path> paths) {
        List<Path> copy = List.copyOf(Objects.requireNonNull(paths, setting));
        copy.forEach(path -> absolutePath(setting, path));
        return copy;
    }

    /** {@code dir:///abs/path} or {@code oci:///abs/path[:tag]}; returns the path part. */
    static Path rootfsPath(String setting, String uri) {
        if (!ROOTFS.matcher(uri).matches()) {
            throw ConfigException.invalid(setting, quote(uri) + " is not a rootfs URI: expected dir:///absolute/path or"
                    + " oci:///absolute/path[:tag]");
        }
        String rest = uri.substring(uri.indexOf("://") + 3);
        if (uri.startsWith("oci://") && rest.lastIndexOf(':') >= 0) {
            rest = rest.substring(0, rest.lastIndexOf(':'));
        }
        try {
            return absolutePath(setting, Path.of(rest));
        } catch (ConfigException e) {
            throw ConfigException.invalid(setting, quote(uri) + " must not contain a \".\" or \"..\" segment");
        }
    }

    static String ipv4(String setting, String text) {
        try {
            Ipv4.parse(text);
            return text;
        } catch (InvalidAddressException e) {
            throw ConfigException.invalid(setting, quote(text) + " is not an IPv4 address");
        }
    }

    /** {@code A.B.C.D}, {@code A.B.C.D/N} with the host bits zero, or {@code A.B.C.D-E.F.G.H} in order. */
    static List<String> networks(String setting, List<String> networks) {
        List<String> copy = List.copyOf(Objects.requireNonNull(networks, setting));
        for (String network : copy) {
            String problem = networkProblem(network);
            if (problem != null) {
                throw ConfigException.invalid(setting, quote(network) + " is not an IPv4 address, CIDR or A.B.C.D-E.F.G.H"
                        + " range: " + problem);
            }
        }
        return copy;
    }

    private static String networkProblem(String network) {
        try {
            int dash = network.indexOf('-');
            if (dash >= 0) {
                int first = Ipv4.parse(network.substring(0, dash));
                int last = Ipv4.parse(network.substring(dash + 1));
                return Integer.compareUnsigned(first, last) > 0 ? "the range ends before it starts" : null;
            }
            if (network.contains("/")) {
                Cidr.parse(network);
            } else {
                Ipv4.parse(network);
            }
            return null;
        } catch (InvalidAddressException e) {
            return e.getMessage();
        }
    }

    static void between(String setting, long value, long min, long max) {
        if (value < min || value > max) {
            throw ConfigException.invalid(setting, value + " is outside " + min + "-" + max);
        }
    }

    static String quote(String text) {
        return "\"" + text + "\"";
    }
}
