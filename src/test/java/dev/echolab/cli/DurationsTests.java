package dev.echolab.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;
import picocli.CommandLine.TypeConversionException;

/** Every flag that takes a time reads it one way: units, largest first, mixed; never a bare number. */
class DurationsTests {

    @ParameterizedTest
    @CsvSource({
        "500ms, PT0.5S",
        "90s, PT1M30S",
        "1m30s, PT1M30S",
        "2m, PT2M",
        "1.5s, PT1.5S",
        "0, PT0S",
        "0s, PT0S",
        "1h2m3s, PT1H2M3S",
        "1d, PT24H",
        "250us, PT0.00025S",
        "250µs, PT0.00025S",
        "10ns, PT0.00000001S",
        "1s500ms, PT1.5S"
    })
    void readsUnitsLargestFirst(String text, String iso) {
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }

    @ParameterizedTest
    @ValueSource(strings = {"30", "1s1m", "5s5s", "-5s", "", "3x", "s", "1m 30s", "PT5S", "1.s"})
    void refusesWhatIsNotADurationInWords(String text) {
        assertThatThrownBy(() -> Durations.parse(text))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("'" + text + "'");
    }

    @ParameterizedTest
    @CsvSource({"PT1M30S, 1m30s", "PT0.5S, 500ms", "PT0S, 0s", "PT2H, 2h", "PT10S, 10s", "PT1.000001S, 1s1us"})
    void showsWhatItReads(String iso, String text) {
        assertThat(Durations.format(Duration.parse(iso))).isEqualTo(text);
        assertThat(Durations.parse(text)).isEqualTo(Duration.parse(iso));
    }
}
