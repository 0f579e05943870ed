package dev.allotment.node;

import dev.allotment.depot.DepotRecord;
import dev.allotment.depot.Resources;
import dev.allotment.pool.Cidr;
import java.util.LinkedHashMap;
import java.util.Map;

/** The seed's hook environment, built from a record: values the agent derived, never reservation text. */
final class HookEnvironment {
    private HookEnvironment() {
    }

    static Map<String, String> of(DepotRecord record) {
        Resources r = record.resources();
        Map<String, String> env = new LinkedHashMap<>();
        env.put("id", record.containerId());
        put(env, "rootfs_path", r.rootfs() == null ? null : r.rootfs().path());
        put(env, "network_host_ip", r.gateway());
        put(env, "network_container_ip", r.ip());
        if (r.subnet() != null) {
            Cidr subnet = Cidr.parse(r.subnet());
            env.put("network_cidr", subnet.toString());
            env.put("network_cidr_suffix", Integer.toString(subnet.prefix()));
        }
        put(env, "external_ip", r.externalIp());
        put(env, "container_iface_mtu", r.mtu() == null ? null : r.mtu().toString());
        put(env, "bridge_iface", r.bridge());
        put(env, "root_uid", r.rootUid() == null ? null : r.rootUid().toString());
        return env;
    }

    private static void put(Map<String, String> env, String key, String value) {
        if (value != null) {
            env.put(key, value);
        }
    }
}
