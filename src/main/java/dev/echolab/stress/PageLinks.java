package dev.echolab.stress;

import java.util.ArrayList;
import java.util.List;
import org.springframework.web.servlet.support.ServletUriComponentsBuilder;
import org.springframework.web.util.UriComponents;

/** The RFC 8288 {@code Link} header of a page of runs: first, prev, next and last, with the same filters. */
final class PageLinks {

    private PageLinks() {}

    static String of(RunQuery query, long total) {
        long last = Math.max(0, (total - 1) / query.size());
        List<String> links = new ArrayList<>();
        links.add(link(0, "first"));
        if (query.page() > 0) {
            links.add(link(Math.min(query.page() - 1, last), "prev"));
        }
        if (query.page() < last) {
            links.add(link(query.page() + 1, "next"));
        }
        links.add(link(last, "last"));
        return String.join(", ", links);
    }

    /** The request's own path and query, page replaced, as a path-absolute reference. */
    private static String link(long page, String rel) {
        UriComponents uri = ServletUriComponentsBuilder.fromCurrentRequest()
                .replaceQueryParam("page", page)
                .build();
        return "<" + uri.getPath() + "?" + uri.getQuery() + ">; rel=\"" + rel + "\"";
    }
}
