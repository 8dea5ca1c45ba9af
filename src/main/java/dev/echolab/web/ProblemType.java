package dev.echolab.web;

import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A problem type the app can answer with: its URI ({@code /problems/<slug>}, a page this app serves, as RFC 9457
 * wants a type to be documentation a person can open), its status, its title, and the text of that page. Each feature
 * owns its types, an enum beside its controller ({@link RequestProblemType} here, {@code ServerProblemType},
 * {@code StressProblemType}, {@code ShardProblemType}), and lists them through a {@link ProblemTypeCatalog} bean.
 * Errors whose status says it all (405, 413, 500...) use {@code about:blank} instead.
 */
public interface ProblemType {

    /** Where the pages are served; a type's URI is this plus its slug, relative as RFC 9457 allows. */
    String PATH = "/problems";

    /**
     * What a type is.
     *
     * @param slug     the last segment of its URI, unique among every feature's types
     * @param status   the HTTP status it is answered with
     * @param title    the problem's title
     * @param meaning  what it means, on its page
     * @param whatToDo what to do about it, on its page
     */
    record Definition(String slug, HttpStatus status, String title, String meaning, String whatToDo) {}

    Definition definition();

    /** The constant's name, as an enum has it. */
    String name();

    default URI uri() {
        return URI.create(PATH + "/" + definition().slug());
    }

    default HttpStatus status() {
        return definition().status();
    }

    default String title() {
        return definition().title();
    }

    /** A problem of this type: its status, title and URI, with this occurrence's detail. */
    default ProblemDetail problem(String detail) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(status(), detail);
        problem.setTitle(title());
        problem.setType(uri());
        return problem;
    }

    /** The same problem as an exception a controller throws; Spring MVC renders it. */
    default ErrorResponseException exception(String detail) {
        return new ErrorResponseException(status(), problem(detail), null);
    }

    /**
     * A 400 naming one query parameter or field, as a failed validation does: detail {@code field: message}, and
     * {@code errors: [{field, message, rejected}]}.
     */
    static ErrorResponseException invalid(String field, String message, Object rejected) {
        ProblemDetail problem = RequestProblemType.INVALID_REQUEST.problem(field + ": " + message);
        problem.setProperty("errors", List.of(new ApiProblems.FieldProblem(field, message, rejected)));
        return new ErrorResponseException(RequestProblemType.INVALID_REQUEST.status(), problem, null);
    }
}
