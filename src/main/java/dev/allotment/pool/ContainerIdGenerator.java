package dev.allotment.pool;

import java.time.Instant;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/** Hands out garden-style container IDs: 11 base-32 characters taken from a time-seeded counter. */
public final class ContainerIdGenerator {
    private static final int LENGTH = 11;
    private static final int BITS_PER_CHAR = 5;
    private static final String DIGITS = "0123456789abcdefghijklmnopqrstuv";
    private static final Pattern VALID = Pattern.compile("[0-9a-v]{11}");

    private final AtomicLong counter;

    public ContainerIdGenerator() {
        this(epochNanos(Instant.now()));
    }

    public ContainerIdGenerator(long seed) {
        this.counter = new AtomicLong(seed);
    }

    public String next() {
        return format(counter.getAndIncrement());
    }

    public static boolean isValid(String id) {
        return id != null && VALID.matcher(id).matches();
    }

    // Only the low 55 bits (11 x 5) reach the ID, as in garden.
    static String format(long value) {
        char[] id = new char[LENGTH];
        for (int i = 0; i < LENGTH; i++) {
            int shift = (LENGTH - 1 - i) * BITS_PER_CHAR;
            id[i] = DIGITS.charAt((int) ((value >>> shift) & 31));
        }
        return new String(id);
    }

    private static long epochNanos(Instant now) {
        return now.getEpochSecond() * 1_000_000_000L + now.getNano();
    }
}
