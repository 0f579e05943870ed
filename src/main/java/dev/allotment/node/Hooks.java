package dev.allotment.node;

import java.util.Map;

/** The node admin's optional setup, create and destroy scripts. */
public interface Hooks {
    Hooks NONE = new Hooks() {
        @Override
        public void setUp() {
        }

        @Override
        public void create(Map<String, String> env) {
        }

        @Override
        public void destroy(Map<String, String> env) {
        }
    };

    void setUp();

    /** Runs after the reservation's kernel objects exist; a failure fails the acquire. */
    void create(Map<String, String> env);

    void destroy(Map<String, String> env);
}
