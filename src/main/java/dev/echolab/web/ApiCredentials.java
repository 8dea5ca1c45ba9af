package dev.echolab.web;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.LongAdder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.GrantedAuthority;
import org.springframework.security.core.authority.AuthorityUtils;
import org.springframework.security.web.authentication.WebAuthenticationDetails;

/**
 * Checks the one API user's HTTP Basic credentials in constant time against SHA-256 digests of the configured
 * ones: a few microseconds, right or wrong, where a password hash (bcrypt) costs about 100 ms of CPU per request.
 * A slow hash protects a stolen password database; this app has none, the password is in its configuration. What
 * keeps the password from being guessed is {@link FailedAttempts}, which this provider feeds.
 */
final class ApiCredentials implements AuthenticationProvider {

    private static final Logger log = LoggerFactory.getLogger(ApiCredentials.class);
    /** Shorter than this, a password is guessable from a word list even at {@link FailedAttempts}' pace. */
    static final int SHORT_PASSWORD = 16;

    private static final List<GrantedAuthority> OPERATOR = AuthorityUtils.createAuthorityList("ROLE_OPERATOR");

    private final byte[] username;
    private final byte[] password;
    private final FailedAttempts attempts;
    private final LongAdder checks = new LongAdder();

    ApiCredentials(String username, String password, FailedAttempts attempts) {
        this.username = sha256(username);
        this.password = sha256(password);
        this.attempts = attempts;
    }

    /** The configured credentials; with no password set, one is generated and logged, as Spring Boot does. */
    static ApiCredentials of(ApiProperties api, FailedAttempts attempts) {
        String password = api.password();
        if (password == null || password.isBlank()) {
            password = UUID.randomUUID().toString();
            log.warn(
                    "\n\nUsing generated API password: {}\n(user '{}'; set echo.api.password or ECHO_API_PASSWORD "
                            + "to choose one)\n",
                    password,
                    api.username());
        } else if (password.length() < SHORT_PASSWORD) {
            log.warn(
                    "echo.api.password has {} characters; one of at least {} random ones cannot be guessed at "
                            + "{} attempts a minute for each address",
                    password.length(),
                    SHORT_PASSWORD,
                    FailedAttempts.LIMIT);
        }
        return new ApiCredentials(api.username(), password, attempts);
    }

    @Override
    public Authentication authenticate(Authentication authentication) {
        String name = authentication.getName();
        FailedAttempts.Client client = new FailedAttempts.Client(
                authentication.getDetails() instanceof WebAuthenticationDetails details
                        ? details.getRemoteAddress()
                        : "unknown",
                name);
        checks.increment();
        Object given = authentication.getCredentials();
        // & rather than &&: both digests are compared every time, so the time taken says nothing about which failed.
        boolean right = MessageDigest.isEqual(sha256(name), username)
                & MessageDigest.isEqual(sha256(given == null ? "" : given.toString()), password);
        if (!right) {
            attempts.failed(client);
            throw new BadCredentialsException("Wrong user or password");
        }
        attempts.succeeded(client);
        return UsernamePasswordAuthenticationToken.authenticated(name, null, OPERATOR);
    }

    @Override
    public boolean supports(Class<?> authentication) {
        return UsernamePasswordAuthenticationToken.class.isAssignableFrom(authentication);
    }

    /** The per-client pace this provider feeds; it runs as a filter before the credentials are checked. */
    FailedAttempts attempts() {
        return attempts;
    }

    /** How many credentials were checked since start-up: what the tests count instead of timing. */
    long checks() {
        return checks.sum();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }
}
