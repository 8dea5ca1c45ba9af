package dev.echolab.web;

import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.web.filter.OncePerRequestFilter;

/**
 * Keeps other sites from making calls that change state (cross-site request forgery). A browser sends the Basic
 * credentials it has cached for this app with any request to it, a form POST from another site included, so
 * credentials alone prove nothing. Refused before they are checked: a request that says it comes from another
 * site ({@code Sec-Fetch-Site} other than {@code same-origin} or {@code none}, or an {@code Origin} that is not
 * this app's) gets a 403, and a body that is not JSON gets a 415, since JSON is the one type a page cannot send
 * to another site without the CORS preflight this app never grants, while a form can send the other three.
 */
final class CrossSiteRequestFilter extends OncePerRequestFilter {

    private final ProblemResponses problems;

    CrossSiteRequestFilter(ProblemResponses problems) {
        this.problems = problems;
    }

    @Override
    protected void doFilterInternal(HttpServletRequest request, HttpServletResponse response, FilterChain chain)
            throws ServletException, IOException {
        String site = request.getHeader("Sec-Fetch-Site");
        String origin = request.getHeader(HttpHeaders.ORIGIN);
        if (site != null && !site.equals("same-origin") && !site.equals("none")) {
            problems.write(
                    request,
                    response,
                    RequestProblemType.CROSS_SITE_REQUEST,
                    "Sec-Fetch-Site: " + site + ". Calls that change state are taken only from this app's own pages "
                            + "and from clients that are not browsers.");
        } else if (origin != null && !sameOrigin(origin, request)) {
            problems.write(
                    request,
                    response,
                    RequestProblemType.CROSS_SITE_REQUEST,
                    "Origin " + origin + " is not this app's. Calls that change state are taken only from this "
                            + "app's own pages and from clients that are not browsers.");
        } else if (request.getContentType() != null && !json(request.getContentType())) {
            problems.write(
                    request,
                    response,
                    RequestProblemType.JSON_ONLY,
                    "Content-Type '" + request.getContentType()
                            + "' is refused: calls that change state take application/json, or no body.");
        } else {
            chain.doFilter(request, response);
        }
    }

    /** The Origin's scheme, host and port are the ones this request was addressed to (Host, or a proxy's). */
    private static boolean sameOrigin(String origin, HttpServletRequest request) {
        try {
            URI uri = new URI(origin);
            if (uri.getScheme() == null || uri.getHost() == null) {
                return false; // "null" (a sandboxed frame, a file: page) and anything unparsable
            }
            return uri.getScheme().equalsIgnoreCase(request.getScheme())
                    && uri.getHost().equalsIgnoreCase(request.getServerName())
                    && port(uri) == request.getServerPort();
        } catch (URISyntaxException e) {
            return false;
        }
    }

    private static int port(URI uri) {
        if (uri.getPort() >= 0) {
            return uri.getPort();
        }
        return uri.getScheme().toLowerCase(Locale.ROOT).equals("https") ? 443 : 80;
    }

    private static boolean json(String contentType) {
        try {
            MediaType type = MediaType.parseMediaType(contentType);
            return type.getType().equals("application")
                    && (type.getSubtype().equals("json") || type.getSubtype().endsWith("+json"));
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
