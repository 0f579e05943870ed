package dev.allotment.agent.config;

/**
 * A bad agent setting. The message is one line that names the setting, e.g.
 * {@code config: pool.cidr: "10.254.0.0/33" is not a CIDR: ...} or {@code config: externalIp is required ...}.
 */
public final class ConfigException extends RuntimeException {
    private final String setting;

    private ConfigException(String setting, String message) {
        super(message);
        this.setting = setting;
    }

    /** The key path of the refused setting, e.g. {@code pool.cidr}. */
    public String setting() {
        return setting;
    }

    static ConfigException invalid(String setting, String problem) {
        return new ConfigException(setting, "config: " + setting + ": " + problem);
    }

    static ConfigException required(String setting, String hint) {
        return new ConfigException(setting, "config: " + setting + " is required" + (hint == null ? "" : ": " + hint));
    }

    static ConfigException unknownKey(String key, String hint) {
        return new ConfigException(key, "config: unknown key \"" + key + "\"" + (hint == null ? "" : " " + hint));
    }

    static ConfigException file(String file, String problem) {
        return new ConfigException("--config", "config: " + file + ": " + problem);
    }

    /** The same refusal, saying which environment variable set the value. */
    ConfigException from(String variable) {
        return new ConfigException(setting, getMessage() + " (from " + variable + ")");
    }
}
