package dev.allotment.node;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Tag;

/** Marks tests that change the real kernel as root. They carry their own tag and clean up after themselves. */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@Tag("privileged")
public @interface Privileged {
    final class Support {
        private Support() {
        }

        /** Fails (does not skip) when not root: CI runs as root, and a silent skip would hide a broken suite. */
        public static void requireRoot() {
            if (!"root".equals(System.getProperty("user.name"))) {
                throw new IllegalStateException("privileged tests need root; run them as root or pass"
                        + " -Dtest.excludedGroups=privileged");
            }
        }

        /** A name prefix unique to this run: 'z' plus two random base-36 characters. */
        public static String uniquePrefix() {
            String chars = "abcdefghijklmnopqrstuvwxyz0123456789";
            ThreadLocalRandom random = ThreadLocalRandom.current();
            return "z" + chars.charAt(random.nextInt(26)) + chars.charAt(random.nextInt(chars.length()));
        }
    }
}
