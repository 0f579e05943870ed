package dev.allotment.pool;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ContainerIdGeneratorTest {

    @Test
    void encodesTheSeedInBase32MostSignificantCharacterFirst() {
        assertThat(new ContainerIdGenerator(0).next()).isEqualTo("00000000000");
        assertThat(new ContainerIdGenerator(31).next()).isEqualTo("0000000000v");
        assertThat(new ContainerIdGenerator(32).next()).isEqualTo("00000000010");
        assertThat(new ContainerIdGenerator((1L << 55) - 1).next()).isEqualTo("vvvvvvvvvvv");
    }

    @Test
    void usesOnlyTheLow55BitsOfTheCounter() {
        assertThat(new ContainerIdGenerator((1L << 55) + 33).next()).isEqualTo("00000000011");
        assertThat(new ContainerIdGenerator(-1L).next()).isEqualTo("vvvvvvvvvvv");
    }

    @Test
    void incrementsTheCounterOnEachCall() {
        ContainerIdGenerator ids = new ContainerIdGenerator(30);

        assertThat(List.of(ids.next(), ids.next(), ids.next())).containsExactly("0000000000u", "0000000000v", "00000000010");
    }

    @Test
    void wallClockSeededIdsAreValid() {
        ContainerIdGenerator ids = new ContainerIdGenerator();

        assertThat(ids.next()).matches("[0-9a-v]{11}");
        assertThat(ContainerIdGenerator.isValid(ids.next())).isTrue();
    }

    @Test
    void hundredThousandIdsFromEightThreadsAreUnique() throws Exception {
        ContainerIdGenerator ids = new ContainerIdGenerator();
        int threads = 8;
        int perThread = 12_500;
        ExecutorService executor = Executors.newFixedThreadPool(threads);
        try {
            List<Future<List<String>>> results = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                Callable<List<String>> generate = () -> {
                    List<String> mine = new ArrayList<>(perThread);
                    for (int i = 0; i < perThread; i++) {
                        mine.add(ids.next());
                    }
                    return mine;
                };
                results.add(executor.submit(generate));
            }
            Set<String> all = new HashSet<>();
            for (Future<List<String>> result : results) {
                List<String> mine = result.get(60, TimeUnit.SECONDS);
                assertThat(mine).allMatch(ContainerIdGenerator::isValid);
                all.addAll(mine);
            }
            assertThat(all).hasSize(threads * perThread);
        } finally {
            executor.shutdownNow();
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "0000000000", "000000000000", "0000000000w", "0000000000V", "00000-00000", " 0000000000"})
    void rejectsIdsThatAreNotElevenBase32Characters(String id) {
        assertThat(ContainerIdGenerator.isValid(id)).isFalse();
    }

    @Test
    void rejectsNullId() {
        assertThat(ContainerIdGenerator.isValid(null)).isFalse();
    }

    @Test
    void acceptsElevenLowercaseBase32Characters() {
        assertThat(ContainerIdGenerator.isValid("0123456789v")).isTrue();
        assertThat(ContainerIdGenerator.isValid("abcdefghijk")).isTrue();
    }
}
