package dev.echolab.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.boot.context.properties.source.MapConfigurationPropertySource;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;

/** The API user: the configured password, or one generated and logged when none is set; one check per attempt. */
@ExtendWith(OutputCaptureExtension.class)
class ApiCredentialsTests {

    private static final Pattern LOGGED = Pattern.compile("Using generated API password: (\\S+)");

    @Test
    void withNoPasswordOneIsGeneratedLoggedAndAccepted(CapturedOutput output) {
        ApiCredentials credentials = credentials(Map.of());

        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).as("a generated password in the log").isTrue();
        String password = logged.group(1);
        assertThat(password).hasSizeGreaterThanOrEqualTo(32);
        assertThat(credentials.authenticate(attempt("admin", password)).isAuthenticated())
                .isTrue();
        assertThat(output.getAll()).contains("set echo.api.password or ECHO_API_PASSWORD");
    }

    @Test
    void twoStartsGenerateTwoPasswords(CapturedOutput output) {
        credentials(Map.of());
        credentials(Map.of());
        Matcher logged = LOGGED.matcher(output.getAll());
        assertThat(logged.find()).isTrue();
        String first = logged.group(1);
        assertThat(logged.find()).isTrue();
        assertThat(logged.group(1)).isNotEqualTo(first);
    }

    @Test
    void aConfiguredUserAndPasswordAreAcceptedAndNothingElseIs(CapturedOutput output) {
        ApiCredentials credentials =
                credentials(Map.of("echo.api.username", "operator", "echo.api.password", "a-long-enough-secret"));

        Authentication accepted = credentials.authenticate(attempt("operator", "a-long-enough-secret"));
        assertThat(accepted.isAuthenticated()).isTrue();
        assertThat(accepted.getName()).isEqualTo("operator");
        assertThat(accepted.getCredentials()).as("the password is not kept").isNull();
        for (Authentication wrong : new Authentication[] {
            attempt("operator", "a-long-enough-secreT"),
            attempt("admin", "a-long-enough-secret"),
            attempt("operator", ""),
            attempt("operator", null)
        }) {
            assertThatThrownBy(() -> credentials.authenticate(wrong)).isInstanceOf(BadCredentialsException.class);
        }
        assertThat(credentials.checks()).as("one check per attempt").isEqualTo(5);
        assertThat(output.getAll()).doesNotContain("generated API password", "characters");
    }

    @Test
    void aShortPasswordWorksButIsWarnedAbout(CapturedOutput output) {
        ApiCredentials credentials = credentials(Map.of("echo.api.password", "s3cret"));
        assertThat(credentials.authenticate(attempt("admin", "s3cret")).isAuthenticated())
                .isTrue();
        assertThat(output.getAll()).contains("echo.api.password has 6 characters", "at least 16");
    }

    private static Authentication attempt(String user, String password) {
        return UsernamePasswordAuthenticationToken.unauthenticated(user, password);
    }

    private static ApiCredentials credentials(Map<String, String> settings) {
        ApiProperties properties =
                new Binder(new MapConfigurationPropertySource(settings)).bindOrCreate("echo.api", ApiProperties.class);
        return ApiCredentials.of(properties, new FailedAttempts(null));
    }
}
