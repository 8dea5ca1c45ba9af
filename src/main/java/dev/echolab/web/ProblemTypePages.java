package dev.echolab.web;

import static org.springframework.web.util.HtmlUtils.htmlEscape;

import io.swagger.v3.oas.annotations.Hidden;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Collectors;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.server.ResponseStatusException;

/**
 * The page behind each problem's {@code type}: {@code GET /problems/<slug>} says what the problem means and what to
 * do, and {@code GET /problems} lists them all. Plain HTML built from every feature's {@link ProblemTypeCatalog}, open
 * to everyone.
 */
@RestController
@Hidden
class ProblemTypePages {

    private static final String STYLE = "body{font:16px/1.5 system-ui,sans-serif;max-width:44rem;margin:2rem auto;"
            + "padding:0 1rem;color:#222}code{background:#f3f3f3;padding:0 .2rem}h1{font-size:1.6rem}"
            + "dt{font-weight:600;margin-top:.8rem}";

    /** Every feature's types by slug, in the catalogs' order. */
    private final Map<String, ProblemType> types = new LinkedHashMap<>();

    ProblemTypePages(List<ProblemTypeCatalog> catalogs) {
        for (ProblemTypeCatalog catalog : catalogs) {
            for (ProblemType type : catalog.types()) {
                ProblemType before = types.putIfAbsent(type.definition().slug(), type);
                if (before != null) {
                    throw new IllegalStateException(
                            "problem types " + before.name() + " and " + type.name() + " have one URI, " + type.uri());
                }
            }
        }
    }

    @GetMapping(path = ProblemType.PATH, produces = MediaType.TEXT_HTML_VALUE)
    String index() {
        String items = types.values().stream()
                .map(t -> "<dt><a href=\"" + t.uri() + "\">" + htmlEscape(t.title()) + "</a> ("
                        + t.status().value() + ")</dt><dd>"
                        + htmlEscape(t.definition().meaning()) + "</dd>")
                .collect(Collectors.joining("\n"));
        return page(
                "Echo Lab problem types",
                "<p>Every error of the Echo Lab API is an RFC 9457 problem "
                        + "(<code>application/problem+json</code>). Its <code>type</code> is one of these pages; errors "
                        + "whose status code says it all have the type <code>about:blank</code>.</p>\n<dl>\n" + items
                        + "\n</dl>");
    }

    @GetMapping(path = ProblemType.PATH + "/{slug}", produces = MediaType.TEXT_HTML_VALUE)
    String type(@PathVariable String slug) {
        ProblemType type = Optional.ofNullable(types.get(slug))
                .orElseThrow(() -> new ResponseStatusException(
                        HttpStatus.NOT_FOUND,
                        "There is no problem type '" + slug + "'; " + ProblemType.PATH + " lists them."));
        return page(
                type.title(),
                "<p>HTTP status <strong>" + type.status().value() + " "
                        + htmlEscape(type.status().getReasonPhrase()) + "</strong>, type <code>" + type.uri()
                        + "</code>.</p>"
                        + "\n<h2>What it means</h2>\n<p>"
                        + htmlEscape(type.definition().meaning()) + "</p>"
                        + "\n<h2>What to do</h2>\n<p>"
                        + htmlEscape(type.definition().whatToDo()) + "</p>"
                        + "\n<p>The problem's <code>detail</code> says what went wrong this time. "
                        + "<a href=\"" + ProblemType.PATH + "\">All problem types</a> · <a href=\"/\">Console</a></p>");
    }

    private static String page(String title, String body) {
        return "<!DOCTYPE html>\n<html lang=\"en\">\n<head><meta charset=\"utf-8\"><title>" + htmlEscape(title)
                + " · Echo Lab</title><style>" + STYLE + "</style></head>\n<body>\n<h1>" + htmlEscape(title)
                + "</h1>\n" + body + "\n</body>\n</html>\n";
    }
}
