package dev.allotment.agent.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.allotment.agent.config.AgentConfig.Choice;
import dev.allotment.agent.config.AgentConfig.Gc;
import dev.allotment.agent.config.AgentConfig.LogFormat;
import dev.allotment.agent.config.AgentConfig.NodeSelection;
import dev.allotment.agent.config.AgentConfig.Pool;
import dev.allotment.agent.config.AgentConfig.PortRange;
import dev.allotment.agent.config.AgentConfig.Quota;
import dev.allotment.agent.config.AgentConfig.QuotaBackendKind;
import dev.allotment.agent.config.AgentConfig.Uid;
import dev.allotment.pool.Cidr;
import dev.allotment.pool.InvalidAddressException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * Reads an {@link AgentConfig}: the YAML file given by {@code --config} (optional), then the environment on top of it.
 * A bad config fails with one {@link ConfigException} whose message names the setting.
 *
 * <h2>YAML schema (key: default)</h2>
 * <pre>
 * nodeName:                 (NODE_NAME; required in agent mode)
 * depotDir:                 /var/lib/allotment/depot
 * prefix:                   al          # prefix + tag: 1-3 chars [a-z][a-z0-9]*, starts every kernel object's name
 * tag:                      ""
 * pool:
 *   cidr:                   10.254.0.0/22   # the dynamic pool
 *   containerPrefix:        30              # dynamic subnets are /30s
 *   staticRanges:           [10.253.0.0/22] # where static subnets may lie; must not overlap pool.cidr
 *   portRange:
 *     start:                60000
 *     size:                 5000
 * mtu:                      1500
 * externalIp:               (required in agent mode, no default: the agent never guesses the node's address)
 * allowNetworks:            []          # A.B.C.D, A.B.C.D/N or A.B.C.D-E.F.G.H
 * denyNetworks:             []
 * uid:
 *   hostRootUid:            100000
 *   size:                   65536
 *   allowPrivileged:        false
 * allowedRootfsRoots:       []          # absolute paths
 * allowedBindMountSources:  []          # absolute paths
 * defaultRootfs:            (none)      # dir:///path or oci:///path[:tag], under one of allowedRootfsRoots
 * layerCacheDir:            &lt;depotDir&gt;/../layers
 * hooksDir:                 (none)      # none: no hooks
 * hookTimeout:              30s
 * quota:
 *   backend:                loop-image  # or xfs-project
 *   xfsMountPoint:          (required with xfs-project; depotDir must lie under it)
 * gc:
 *   interval:               1m
 *   grace:                  30s
 * nodeSelection:            fieldSelector   # or client, for API servers that ignore field selectors
 * probePort:                8081        # must lie outside pool.portRange
 * logFormat:                text        # or json
 * </pre>
 * Durations are whole numbers with a unit: {@code 500ms}, {@code 30s}, {@code 1m}, {@code 1h30m}. A key the schema
 * does not know is an error, so a typo never passes silently. A null or blank value means "not set".
 *
 * <h2>Environment</h2>
 * Every key can be set by {@code ALLOTMENT_} plus its key path in upper snake case: dots and camel-case humps become
 * underscores ({@code depotDir} → {@code ALLOTMENT_DEPOT_DIR}, {@code pool.portRange.start} →
 * {@code ALLOTMENT_POOL_PORT_RANGE_START}, {@code gc.interval} → {@code ALLOTMENT_GC_INTERVAL}). A list is
 * comma-separated ({@code ALLOTMENT_DENY_NETWORKS=169.254.0.0/16,10.0.0.0/8}; empty gives an empty list); an empty
 * scalar variable means "not set". The environment wins over the file. {@code nodeName} also comes from
 * {@code NODE_NAME} (the downward API's {@code spec.nodeName}); {@code ALLOTMENT_NODE_NAME} wins over it. Other
 * {@code ALLOTMENT_*} variables are ignored; {@link #unknownVariables} lists them so the agent can warn.
 */
public final class ConfigLoader {
    public static final String ENV_PREFIX = "ALLOTMENT_";
    public static final String NODE_NAME_VARIABLE = "NODE_NAME";
    /** Read by the launcher script, not by the agent. */
    private static final Set<String> FOREIGN_VARIABLES = Set.of("ALLOTMENT_JAVA_OPTS");

    /** Agent mode requires nodeName and externalIp; local mode fills them in per simulated node. */
    public enum Mode { AGENT, LOCAL }

    private enum Shape { SCALAR, LIST }

    private static final Map<String, Shape> KEYS = schema();
    private static final Set<String> SECTIONS = sections();
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Mode mode;

    public ConfigLoader(Mode mode) {
        this.mode = mode;
    }

    public static ConfigLoader agent() {
        return new ConfigLoader(Mode.AGENT);
    }

    public static ConfigLoader local() {
        return new ConfigLoader(Mode.LOCAL);
    }

    /** Reads {@code configFile} (null: defaults only), then applies {@code env}. */
    public AgentConfig load(Path configFile, Map<String, String> env) {
        if (configFile == null) {
            return fromYaml(null, "", env);
        }
        String text;
        try {
            text = Files.readString(configFile, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            throw ConfigException.file(configFile.toString(), "no such file");
        } catch (IOException e) {
            throw ConfigException.file(configFile.toString(), "cannot read it: " + e);
        }
        return fromYaml(configFile.toString(), text, env);
    }

    /** Reads YAML text, then applies {@code env}. {@code source} names the text in messages. */
    public AgentConfig fromYaml(String source, String yaml, Map<String, String> env) {
        Map<String, Raw> raw = new HashMap<>();
        readYaml(source == null ? "config file" : source, yaml, raw);
        applyEnvironment(env, raw);
        Values values = new Values(raw);
        try {
            return build(values);
        } catch (ConfigException e) {
            String variable = values.variableOf(e.setting());
            throw variable == null ? e : e.from(variable);
        }
    }

    /** The environment variable that sets a key path, e.g. {@code ALLOTMENT_POOL_PORT_RANGE_START}. */
    public static String environmentVariable(String key) {
        StringBuilder name = new StringBuilder(ENV_PREFIX);
        for (char c : key.toCharArray()) {
            if (c == '.') {
                name.append('_');
            } else if (Character.isUpperCase(c)) {
                name.append('_').append(c);
            } else {
                name.append(Character.toUpperCase(c));
            }
        }
        return name.toString();
    }

    /** Every key path of the schema, in order. */
    public static List<String> keys() {
        return List.copyOf(KEYS.keySet());
    }

    /** {@code ALLOTMENT_*} variables in {@code env} that set nothing (typos, or meant for something else). */
    public static List<String> unknownVariables(Map<String, String> env) {
        Set<String> known = KEYS.keySet().stream().map(ConfigLoader::environmentVariable).collect(Collectors.toSet());
        return env.keySet().stream().filter(name -> name.startsWith(ENV_PREFIX))
                .filter(name -> !known.contains(name) && !FOREIGN_VARIABLES.contains(name)).sorted().toList();
    }

    private AgentConfig build(Values v) {
        String nodeName = v.text("nodeName");
        if (mode == Mode.AGENT && nodeName == null) {
            throw ConfigException.required("nodeName", "set " + NODE_NAME_VARIABLE
                    + " (the downward API's spec.nodeName)");
        }
        String externalIp = v.text("externalIp");
        if (mode == Mode.AGENT && externalIp == null) {
            throw ConfigException.required("externalIp", "set externalIp in the config file or "
                    + environmentVariable("externalIp") + " (the downward API's status.hostIP);"
                    + " the agent never guesses the node's address");
        }
        PortRange portRange = new PortRange(v.integer("pool.portRange.start", PortRange.DEFAULT_START),
                v.integer("pool.portRange.size", PortRange.DEFAULT_SIZE));
        Pool pool = new Pool(v.cidr("pool.cidr", Pool.DEFAULT_CIDR),
                v.integer("pool.containerPrefix", Pool.DEFAULT_CONTAINER_PREFIX),
                v.cidrs("pool.staticRanges", Pool.DEFAULT_STATIC_RANGES), portRange);
        Uid uid = new Uid(v.whole("uid.hostRootUid", Uid.DEFAULT_HOST_ROOT_UID),
                v.whole("uid.size", Uid.DEFAULT_SIZE), v.bool("uid.allowPrivileged", false));
        Quota quota = new Quota(v.choice("quota.backend", QuotaBackendKind.values(), QuotaBackendKind.LOOP_IMAGE),
                v.path("quota.xfsMountPoint", null));
        Gc gc = new Gc(v.duration("gc.interval", Gc.DEFAULT_INTERVAL), v.duration("gc.grace", Gc.DEFAULT_GRACE));
        return new AgentConfig(
                nodeName,
                v.path("depotDir", AgentConfig.DEFAULT_DEPOT_DIR),
                v.text("prefix", AgentConfig.DEFAULT_PREFIX),
                v.text("tag", ""),
                pool,
                v.integer("mtu", AgentConfig.DEFAULT_MTU),
                externalIp,
                v.list("allowNetworks"),
                v.list("denyNetworks"),
                uid,
                v.paths("allowedRootfsRoots"),
                v.paths("allowedBindMountSources"),
                v.text("defaultRootfs"),
                v.path("layerCacheDir", null),
                v.path("hooksDir", null),
                v.duration("hookTimeout", AgentConfig.DEFAULT_HOOK_TIMEOUT),
                quota,
                gc,
                v.choice("nodeSelection", NodeSelection.values(), NodeSelection.FIELD_SELECTOR),
                v.integer("probePort", AgentConfig.DEFAULT_PROBE_PORT),
                v.choice("logFormat", LogFormat.values(), LogFormat.TEXT));
    }

    private static void readYaml(String source, String yaml, Map<String, Raw> raw) {
        JsonNode root;
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            throw ConfigException.file(source, "not valid YAML" + (at == null ? "" : " at line " + at.getLineNr())
                    + ": " + e.getOriginalMessage());
        }
        if (root == null || root.isMissingNode() || root.isNull()) {
            return;
        }
        if (!root.isObject()) {
            throw ConfigException.file(source, "expected a mapping of settings, found " + describe(root));
        }
        walk(root, "", raw);
    }

    private static void walk(JsonNode node, String section, Map<String, Raw> raw) {
        for (Map.Entry<String, JsonNode> field : node.properties()) {
            String key = section.isEmpty() ? field.getKey() : section + "." + field.getKey();
            JsonNode value = field.getValue();
            Shape shape = KEYS.get(key);
            if (shape == null && !SECTIONS.contains(key)) {
                throw ConfigException.unknownKey(key, "(known keys" + (section.isEmpty() ? "" : " under " + section)
                        + ": " + String.join(", ", children(section)) + ")");
            }
            if (value.isNull()) {
                continue;
            }
            if (shape == null) {
                if (!value.isObject()) {
                    throw ConfigException.invalid(key, "expected a mapping of " + String.join(", ", children(key))
                            + ", found " + describe(value));
                }
                walk(value, key, raw);
            } else if (shape == Shape.SCALAR) {
                if (!value.isValueNode()) {
                    throw ConfigException.invalid(key, "expected a single value, found " + describe(value));
                }
                raw.put(key, new Raw(value.asText(), null));
            } else {
                if (!value.isArray()) {
                    throw ConfigException.invalid(key, "expected a list, found " + describe(value));
                }
                List<String> items = new ArrayList<>();
                for (JsonNode item : value) {
                    if (!item.isValueNode() || item.isNull()) {
                        throw ConfigException.invalid(key, "expected a list of single values, found "
                                + describe(item) + " in it");
                    }
                    items.add(item.asText());
                }
                raw.put(key, new Raw(items, null));
            }
        }
    }

    private static void applyEnvironment(Map<String, String> env, Map<String, Raw> raw) {
        String nodeName = env.get(NODE_NAME_VARIABLE);
        if (nodeName != null) {
            raw.put("nodeName", new Raw(nodeName, NODE_NAME_VARIABLE));
        }
        for (Map.Entry<String, Shape> key : KEYS.entrySet()) {
            String variable = environmentVariable(key.getKey());
            String value = env.get(variable);
            if (value == null) {
                continue;
            }
            if (key.getValue() == Shape.SCALAR) {
                raw.put(key.getKey(), new Raw(value, variable));
            } else {
                List<String> items = Arrays.stream(value.split(",")).map(String::strip).filter(s -> !s.isEmpty())
                        .toList();
                raw.put(key.getKey(), new Raw(items, variable));
            }
        }
    }

    private static String describe(JsonNode node) {
        if (node.isObject()) {
            return "a mapping";
        }
        if (node.isArray()) {
            return "a list";
        }
        return node.isNull() ? "nothing" : "\"" + node.asText() + "\"";
    }

    /** The direct children of a section ("" for the top level), in schema order. */
    private static List<String> children(String section) {
        String prefix = section.isEmpty() ? "" : section + ".";
        Set<String> names = new LinkedHashSet<>();
        for (String key : KEYS.keySet()) {
            if (key.startsWith(prefix)) {
                String rest = key.substring(prefix.length());
                int dot = rest.indexOf('.');
                names.add(dot < 0 ? rest : rest.substring(0, dot));
            }
        }
        return List.copyOf(names);
    }

    private static Map<String, Shape> schema() {
        Map<String, Shape> keys = new LinkedHashMap<>();
        for (String key : List.of("nodeName", "depotDir", "prefix", "tag", "pool.cidr", "pool.containerPrefix",
                "pool.portRange.start", "pool.portRange.size", "mtu", "externalIp", "uid.hostRootUid", "uid.size",
                "uid.allowPrivileged", "defaultRootfs", "layerCacheDir", "hooksDir", "hookTimeout", "quota.backend",
                "quota.xfsMountPoint", "gc.interval", "gc.grace", "nodeSelection", "probePort", "logFormat")) {
            keys.put(key, Shape.SCALAR);
        }
        for (String key : List.of("pool.staticRanges", "allowNetworks", "denyNetworks", "allowedRootfsRoots",
                "allowedBindMountSources")) {
            keys.put(key, Shape.LIST);
        }
        Set<String> variables = new LinkedHashSet<>();
        keys.keySet().forEach(key -> {
            if (!variables.add(environmentVariable(key))) {
                throw new IllegalStateException("two keys map to " + environmentVariable(key));
            }
        });
        return Collections.unmodifiableMap(keys);
    }

    private static Set<String> sections() {
        Set<String> sections = new LinkedHashSet<>();
        for (String key : KEYS.keySet()) {
            for (int dot = key.indexOf('.'); dot >= 0; dot = key.indexOf('.', dot + 1)) {
                sections.add(key.substring(0, dot));
            }
        }
        return Collections.unmodifiableSet(sections);
    }

    /** A value as written, and the environment variable that set it (null: the file). */
    private record Raw(Object value, String variable) {
    }

    /** Typed reads of the raw values; a value of the wrong type fails naming its key. */
    private static final class Values {
        private final Map<String, Raw> raw;

        Values(Map<String, Raw> raw) {
            this.raw = raw;
        }

        String variableOf(String key) {
            Raw value = raw.get(key);
            return value == null ? null : value.variable();
        }

        /** Null when unset or blank. */
        String text(String key) {
            Raw value = raw.get(key);
            if (value == null) {
                return null;
            }
            String text = (String) value.value();
            return text.isBlank() ? null : text;
        }

        String text(String key, String fallback) {
            String text = text(key);
            return text == null ? fallback : text;
        }

        /** Null when unset. */
        @SuppressWarnings("unchecked")
        List<String> list(String key) {
            Raw value = raw.get(key);
            return value == null ? null : (List<String>) value.value();
        }

        int integer(String key, int fallback) {
            long value = whole(key, fallback);
            if (value < Integer.MIN_VALUE || value > Integer.MAX_VALUE) {
                throw ConfigException.invalid(key, value + " is too large");
            }
            return (int) value;
        }

        long whole(String key, long fallback) {
            String text = text(key);
            if (text == null) {
                return fallback;
            }
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw ConfigException.invalid(key, Checks.quote(text) + " is not a whole number");
            }
        }

        boolean bool(String key, boolean fallback) {
            String text = text(key);
            if (text == null) {
                return fallback;
            }
            return switch (text) {
                case "true" -> true;
                case "false" -> false;
                default -> throw ConfigException.invalid(key, Checks.quote(text) + " is not true or false");
            };
        }

        Duration duration(String key, Duration fallback) {
            String text = text(key);
            if (text == null) {
                return fallback;
            }
            Duration duration = Durations.parse(text);
            if (duration == null) {
                throw ConfigException.invalid(key, Checks.quote(text)
                        + " is not a duration such as 500ms, 30s, 1m or 1h30m");
            }
            return duration;
        }

        Cidr cidr(String key, Cidr fallback) {
            String text = text(key);
            return text == null ? fallback : parseCidr(key, text);
        }

        List<Cidr> cidrs(String key, List<Cidr> fallback) {
            List<String> texts = list(key);
            return texts == null ? fallback : texts.stream().map(text -> parseCidr(key, text)).toList();
        }

        Path path(String key, Path fallback) {
            String text = text(key);
            return text == null ? fallback : parsePath(key, text);
        }

        List<Path> paths(String key) {
            List<String> texts = list(key);
            return texts == null ? List.of() : texts.stream().map(text -> parsePath(key, text)).toList();
        }

        <E extends Enum<E> & Choice> E choice(String key, E[] choices, E fallback) {
            String text = text(key);
            if (text == null) {
                return fallback;
            }
            for (E choice : choices) {
                if (choice.text().equals(text)) {
                    return choice;
                }
            }
            throw ConfigException.invalid(key, Checks.quote(text) + " is not one of " + AgentConfig.words(choices));
        }

        private static Cidr parseCidr(String key, String text) {
            try {
                return Cidr.parse(text);
            } catch (InvalidAddressException e) {
                String notACidr = Checks.quote(text) + " is not a CIDR";
                String message = e.getMessage();
                throw ConfigException.invalid(key, message.startsWith(notACidr) ? message
                        : notACidr + ": " + message);
            }
        }

        private static Path parsePath(String key, String text) {
            try {
                return Path.of(text);
            } catch (InvalidPathException e) {
                throw ConfigException.invalid(key, Checks.quote(text) + " is not a path: " + e.getReason());
            }
        }
    }
}
