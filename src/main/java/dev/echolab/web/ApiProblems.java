package dev.echolab.web;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.TypeMismatchException;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.http.converter.HttpMessageNotReadableException;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.MissingServletRequestParameterException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;
import org.springframework.web.servlet.resource.NoResourceFoundException;
import tools.jackson.core.JacksonException;
import tools.jackson.core.TokenStreamLocation;
import tools.jackson.databind.exc.PropertyBindingException;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: Spring MVC's own errors (405, 415...)
 * through {@link ResponseEntityExceptionHandler}, a body that is not JSON or has a field of the wrong type or name
 * as a 400 that says where, validation errors as a 400 that names each field, an unknown path as a 404 that names
 * it, and anything unexpected as a 500 whose body says nothing of the stack (the stack goes to the log).
 * Controllers throw {@link org.springframework.web.ErrorResponseException}s for their own 404/409/403, typed by
 * {@link ProblemType}. Errors raised before Spring MVC (filters, the
 * security firewall) are {@link ProblemErrorController}'s.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    static final URI ABOUT_BLANK = URI.create("about:blank");

    /** A field that failed validation: which one, what was wrong, what it was. */
    record FieldProblem(String field, String message, Object rejected) {}

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(
            MethodArgumentNotValidException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), e.getDefaultMessage(), e.getRejectedValue()))
                .toList();
        List<String> globals = ex.getBindingResult().getGlobalErrors().stream()
                .map(e -> e.getDefaultMessage())
                .toList();
        return invalid(fields, globals, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(
            HandlerMethodValidationException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream()
                        .map(e -> new FieldProblem(
                                e instanceof FieldError f
                                        ? f.getField()
                                        : r.getMethodParameter().getParameterName(),
                                e.getDefaultMessage(),
                                r.getArgument())))
                .toList();
        return invalid(fields, List.of(), request);
    }

    /** A query parameter left out: the same problem as a field that failed validation, naming it. */
    @Override
    protected ResponseEntity<Object> handleMissingServletRequestParameter(
            MissingServletRequestParameterException ex,
            HttpHeaders headers,
            HttpStatusCode status,
            WebRequest request) {
        return invalid(List.of(new FieldProblem(ex.getParameterName(), "is required", null)), List.of(), request);
    }

    /** A query parameter or path variable that is not of its type ({@code size=ten}), naming it. */
    @Override
    protected ResponseEntity<Object> handleTypeMismatch(
            TypeMismatchException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        String name = ex.getPropertyName() != null ? ex.getPropertyName() : "parameter";
        String type = ex.getRequiredType() == null
                ? "of another type"
                : "a " + ex.getRequiredType().getSimpleName();
        return invalid(List.of(new FieldProblem(name, "must be " + type, ex.getValue())), List.of(), request);
    }

    @Override
    protected ResponseEntity<Object> handleHttpMessageNotReadable(
            HttpMessageNotReadableException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = RequestProblemType.MALFORMED_BODY.problem(unreadable(ex));
        return createResponseEntity(problem, headers, HttpStatus.BAD_REQUEST, request);
    }

    @Override
    protected ResponseEntity<Object> handleNoResourceFoundException(
            NoResourceFoundException ex, HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.NOT_FOUND,
                "Nothing here: " + describe(request) + ". The API is under /api (see /v3/api-docs).");
        problem.setTitle("Not Found");
        return createResponseEntity(problem, headers, HttpStatus.NOT_FOUND, request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("unexpected error on {}", describe(request), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(
                HttpStatus.INTERNAL_SERVER_ERROR, "Something went wrong on our side; the server log has the details.");
        problem.setTitle("Internal Server Error");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> fields, List<String> globals, WebRequest request) {
        StringBuilder detail = new StringBuilder();
        for (FieldProblem f : fields) {
            detail.append(detail.isEmpty() ? "" : "; ")
                    .append(f.field())
                    .append(": ")
                    .append(f.message());
        }
        for (String g : globals) {
            detail.append(detail.isEmpty() ? "" : "; ").append(g);
        }
        ProblemDetail problem = RequestProblemType.INVALID_REQUEST.problem(detail.toString());
        problem.setProperties(Map.of("errors", fields));
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    /** Every problem names its type, {@code about:blank} when the status code says it all (RFC 9457, 4.2.1). */
    @Override
    protected ResponseEntity<Object> createResponseEntity(
            Object body, HttpHeaders headers, HttpStatusCode statusCode, WebRequest request) {
        if (body instanceof ProblemDetail problem && problem.getType() == null) {
            problem.setType(ABOUT_BLANK);
        }
        return super.createResponseEntity(body, headers, statusCode, request);
    }

    /** Where the body went wrong, in words; never Jackson's message, which names Java types. */
    private static String unreadable(HttpMessageNotReadableException ex) {
        JacksonException json = null;
        for (Throwable t = ex; t != null && json == null; t = t.getCause()) {
            json = t instanceof JacksonException j ? j : null;
        }
        if (json instanceof PropertyBindingException unknown) {
            return "Unknown field '" + unknown.getPropertyName() + "'.";
        }
        if (json != null && !json.getPath().isEmpty()) {
            return "Field '" + path(json.getPath()) + "' has a value of the wrong type.";
        }
        TokenStreamLocation at = json != null ? json.getLocation() : null;
        if (at != null && at.getLineNr() > 0) {
            return "The body is not valid JSON (line " + at.getLineNr() + ", column " + at.getColumnNr() + ").";
        }
        return "The body is missing or is not valid JSON.";
    }

    private static String path(List<JacksonException.Reference> path) {
        StringBuilder out = new StringBuilder();
        for (JacksonException.Reference r : path) {
            if (r.getPropertyName() != null) {
                out.append(out.isEmpty() ? "" : ".").append(r.getPropertyName());
            } else {
                out.append('[').append(r.getIndex()).append(']');
            }
        }
        return out.toString();
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
