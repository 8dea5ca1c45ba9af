package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.echolab.config.EchoProperties;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;
import org.springframework.security.crypto.password.PasswordEncoder;

/** The API user: the configured password, or one generated and logged when none is set. */
@ExtendWith(OutputCaptureExtension.class)
class SecurityConfigTests {

    private static final Pattern LOGGED = Pattern.compile("Using generated API password: (\\S+)");
    private final PasswordEncoder encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();

    @Test
    void withNoPasswordOneIsGeneratedLoggedAndAccepted(CapturedOutput output) {
        UserDetails user = new SecurityConfig().apiUser(properties(Map.of())).loadUserByUsername("admin");

        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).as("a generated password in the log").isTrue();
        String password = logged.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(encoder.matches(password, user.getPassword())).isTrue();
        assertThat(output.getAll()).contains("set echo.api.password or ECHO_API_PASSWORD");
    }

    @Test
    void twoStartsGenerateTwoPasswords(CapturedOutput output) {
        new SecurityConfig().apiUser(properties(Map.of()));
        new SecurityConfig().apiUser(properties(Map.of()));
        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).isTrue();
        String first = logged.group(1);
        assertThat(logged.find()).isTrue();
        assertThat(logged.group(1)).isNotEqualTo(first);
    }

    @Test
    void aConfiguredUserAndPasswordAreUsedAndNothingIsLogged(CapturedOutput output) {
        UserDetails user = new SecurityConfig()
                .apiUser(properties(Map.of("echo.api.username", "operator", "echo.api.password", "s3cret")))
                .loadUserByUsername("operator");
        assertThat(encoder.matches("s3cret", user.getPassword())).isTrue();
        assertThat(output.getAll()).doesNotContain("generated API password");
    }

    private static EchoProperties properties(Map<String, String> settings) {
        return new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("echo", EchoProperties.class);
    }
}
