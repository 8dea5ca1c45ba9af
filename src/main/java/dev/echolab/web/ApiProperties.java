package dev.echolab.web;

import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;

/**
 * HTTP Basic credentials of the calls that change state. Kept here, beside the security that uses them, so that the
 * cross-cutting web package depends on no feature's configuration.
 *
 * @param username User name of the mutating API calls (POST, PUT, PATCH, DELETE).
 * @param password Their password (env ECHO_API_PASSWORD); when empty, one is generated and logged at start-up.
 */
@ConfigurationProperties("echo.api")
public record ApiProperties(@DefaultValue("admin") String username, String password) {}
