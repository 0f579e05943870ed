package dev.allotment.local;

import com.fasterxml.jackson.databind.node.JsonNodeFactory;

/**
 * What {@code /version} reports. The embedded server is not a kube-apiserver, but clients pick features and
 * client binaries by this version, so it names the Kubernetes API level it imitates.
 */
final class ServerVersion {
    static final String MAJOR = "1";
    static final String MINOR = "32";

    private ServerVersion() {
    }

    static String document() {
        return JsonNodeFactory.instance.objectNode()
                .put("major", MAJOR).put("minor", MINOR).put("gitVersion", "v" + MAJOR + "." + MINOR + ".0+allotment")
                .put("gitCommit", "").put("gitTreeState", "clean").put("buildDate", "1970-01-01T00:00:00Z")
                .put("goVersion", "").put("compiler", "").put("platform", "linux/amd64")
                .toString();
    }
}
