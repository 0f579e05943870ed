package dev.allotment.local;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class HumanDurationTest {
    @Test
    void printsAgesAsKubectlDoes() {
        assertThat(HumanDuration.format(Duration.ofSeconds(-5))).isEqualTo("<invalid>");
        assertThat(HumanDuration.format(Duration.ofMillis(-500))).isEqualTo("0s");
        assertThat(HumanDuration.format(Duration.ofSeconds(119))).isEqualTo("119s");
        assertThat(HumanDuration.format(Duration.ofSeconds(192))).isEqualTo("3m12s");
        assertThat(HumanDuration.format(Duration.ofMinutes(4))).isEqualTo("4m");
        assertThat(HumanDuration.format(Duration.ofMinutes(42))).isEqualTo("42m");
        assertThat(HumanDuration.format(Duration.ofMinutes(200))).isEqualTo("3h20m");
        assertThat(HumanDuration.format(Duration.ofHours(30))).isEqualTo("30h");
        assertThat(HumanDuration.format(Duration.ofHours(52))).isEqualTo("2d4h");
        assertThat(HumanDuration.format(Duration.ofDays(20))).isEqualTo("20d");
        assertThat(HumanDuration.format(Duration.ofDays(800))).isEqualTo("2y70d");
        assertThat(HumanDuration.format(Duration.ofDays(3650))).isEqualTo("10y");
    }
}
