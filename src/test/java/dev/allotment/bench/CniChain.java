package dev.allotment.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.allotment.node.exec.Command;
import dev.allotment.node.exec.CommandRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.Map;

/**
 * Runs a CNI plugin chain the way libcni does (each plugin gets the previous one's result as prevResult; DEL goes in
 * reverse), so the benchmark can call Debian's reference plugins without cnitool.
 */
final class CniChain {
    private static final ObjectMapper JSON = new ObjectMapper();

    private final CommandRunner runner;
    private final Path pluginDir;
    private final ObjectNode confList;

    CniChain(CommandRunner runner, Path pluginDir, String confListJson) {
        this.runner = runner;
        this.pluginDir = pluginDir;
        try {
            this.confList = (ObjectNode) JSON.readTree(confListJson);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** ADD through every plugin; returns the final result, which DEL needs. */
    JsonNode add(String containerId, String netnsPath, int hostPort, int containerPort) {
        JsonNode previous = null;
        for (JsonNode plugin : plugins()) {
            previous = exec("ADD", plugin, previous, containerId, netnsPath, hostPort, containerPort);
        }
        return previous;
    }

    void del(String containerId, String netnsPath, JsonNode result, int hostPort, int containerPort) {
        ArrayNode plugins = plugins();
        for (int i = plugins.size() - 1; i >= 0; i--) {
            exec("DEL", plugins.get(i), result, containerId, netnsPath, hostPort, containerPort);
        }
    }

    private ArrayNode plugins() {
        return (ArrayNode) confList.get("plugins");
    }

    private JsonNode exec(String verb, JsonNode plugin, JsonNode previous, String containerId, String netnsPath,
            int hostPort, int containerPort) {
        ObjectNode conf = plugin.deepCopy();
        conf.put("cniVersion", confList.get("cniVersion").asText());
        conf.put("name", confList.get("name").asText());
        if (previous != null) {
            conf.set("prevResult", previous);
        }
        if (plugin.path("capabilities").path("portMappings").asBoolean()) {
            ObjectNode mapping = JSON.createObjectNode().put("hostPort", hostPort).put("containerPort", containerPort)
                    .put("protocol", "tcp");
            conf.putObject("runtimeConfig").putArray("portMappings").add(mapping);
        }
        String type = plugin.get("type").asText();
        Command command = Command.of(pluginDir.resolve(type).toString()).withStdin(conf.toString())
                .withEnv(Map.of("CNI_COMMAND", verb, "CNI_CONTAINERID", containerId, "CNI_NETNS", netnsPath,
                        "CNI_IFNAME", "eth0", "CNI_PATH", pluginDir.toString()));
        String out = runner.check(command).stdout();
        if (!"ADD".equals(verb)) {
            return previous;
        }
        try {
            return JSON.readTree(out);
        } catch (IOException e) {
            throw new UncheckedIOException("CNI " + type + " printed no result: " + out, e);
        }
    }
}
