package dev.allotment.node;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Records hook runs, with failure switches: create, destroy. Test-only. */
public final class FakeHooks implements Hooks {
    public final FailureSwitch failures = new FailureSwitch();
    public final List<String> calls = new ArrayList<>();
    public final List<Map<String, String>> createEnvs = new ArrayList<>();

    @Override
    public synchronized void setUp() {
        calls.add("setup");
    }

    @Override
    public synchronized void create(Map<String, String> env) {
        calls.add("create " + env.get("id"));
        failures.check("create");
        createEnvs.add(env);
    }

    @Override
    public synchronized void destroy(Map<String, String> env) {
        calls.add("destroy " + env.get("id"));
        failures.check("destroy");
    }
}
