package dev.allotment.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The committed crds/ must be exactly what the build generates from the Java classes. */
class GeneratedCrdsTest {
    static final Path COMMITTED = Path.of("crds");

    static Path generated() throws URISyntaxException {
        return Path.of(Objects.requireNonNull(GeneratedCrdsTest.class.getResource("/crds"),
                "the build did not generate CRDs into target/classes/crds").toURI());
    }

    private static List<String> names(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".yaml")).sorted().toList();
        }
    }

    @Test
    void committedCrdsAreTheGeneratedOnes() throws Exception {
        Path generated = generated();
        assertThat(names(COMMITTED)).as("crds/ file names; run scripts/gen-crds")
                .containsExactly("containerreservations.allotment.dev.yaml", "reservationpools.allotment.dev.yaml")
                .isEqualTo(names(generated));
        for (String name : names(generated)) {
            assertThat(Files.readString(COMMITTED.resolve(name)))
                    .as("crds/%s differs from what the build generates from dev.allotment.api; run scripts/gen-crds",
                            name)
                    .isEqualTo(Files.readString(generated.resolve(name)));
        }
    }
}
