package dev.echolab.web;

import java.util.List;
import org.springframework.core.annotation.Order;
import org.springframework.http.HttpStatus;
import org.springframework.stereotype.Component;

/**
 * The problem types of a request as such, whatever it asks for: its body, its fields, its credentials, where it
 * came from. Every other problem type is its feature's ({@code ServerProblemType}, ...); {@link ProblemType} says
 * what they all are.
 */
public enum RequestProblemType implements ProblemType {
    INVALID_REQUEST(
            "invalid-request",
            HttpStatus.BAD_REQUEST,
            "Invalid request",
            "A field of the request is out of range, missing or beyond a configured limit. The errors member lists "
                    + "each field with what was wrong and the value sent.",
            "Fix the named fields. Limits of the load generator are echo.stress.* settings; GET /v3/api-docs "
                    + "shows each field's range."),
    MALFORMED_BODY(
            "malformed-body",
            HttpStatus.BAD_REQUEST,
            "Malformed request body",
            "The body is not JSON, has a field of the wrong type, or has a field the call does not know (a misspelt "
                    + "name is refused rather than silently ignored).",
            "Send a JSON object with the fields the call documents; the detail names the field or the line and "
                    + "column where the JSON went wrong."),
    UNAUTHORIZED(
            "unauthorized",
            HttpStatus.UNAUTHORIZED,
            "Unauthorized",
            "Calls that change state (POST, PUT, PATCH, DELETE) need HTTP Basic credentials, and none or wrong ones "
                    + "were sent. GET calls are open.",
            "Send user echo.api.username (default admin) with password echo.api.password (env ECHO_API_PASSWORD); "
                    + "with none set, the app generated one and logged it at start-up."),
    TOO_MANY_FAILED_ATTEMPTS(
            "too-many-failed-attempts",
            HttpStatus.TOO_MANY_REQUESTS,
            "Too many failed attempts",
            "Wrong credentials came too often in a short time from this address for this user, so each of its "
                    + "attempts waits a few seconds before it is checked (the password cannot be guessed at HTTP "
                    + "speed), and so many such attempts are waiting now that this one was not checked at all.",
            "Wait the number of seconds in the Retry-After header and send the right password: it is let in."),
    CROSS_SITE_REQUEST(
            "cross-site-request",
            HttpStatus.FORBIDDEN,
            "Cross-site request refused",
            "A call that changes state came from a page of another site (its Origin or Sec-Fetch-Site header says "
                    + "so). A browser would have sent its cached credentials along, so such calls are refused "
                    + "before the credentials are looked at.",
            "Make the call from this app's own console, or from a client that is not a browser page (curl, a "
                    + "script)."),
    JSON_ONLY(
            "json-only",
            HttpStatus.UNSUPPORTED_MEDIA_TYPE,
            "JSON only",
            "A call that changes state came with a body that is not application/json, such as the "
                    + "application/x-www-form-urlencoded, multipart/form-data or text/plain an HTML form sends. "
                    + "Refusing those means no other site's form can make the call.",
            "Send Content-Type: application/json with a JSON body, or no body and no Content-Type.");

    private final Definition definition;

    RequestProblemType(String slug, HttpStatus status, String title, String meaning, String whatToDo) {
        this.definition = new Definition(slug, status, title, meaning, whatToDo);
    }

    @Override
    public Definition definition() {
        return definition;
    }

    /** Lists these types on the problem pages. */
    @Component
    @Order(0)
    static class Catalog implements ProblemTypeCatalog {
        @Override
        public List<ProblemType> types() {
            return List.of(values());
        }
    }
}
