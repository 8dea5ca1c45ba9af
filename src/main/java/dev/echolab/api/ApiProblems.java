package dev.echolab.api;

import java.net.URI;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.validation.FieldError;
import org.springframework.web.bind.MethodArgumentNotValidException;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.RestControllerAdvice;
import org.springframework.web.context.request.ServletWebRequest;
import org.springframework.web.context.request.WebRequest;
import org.springframework.web.method.annotation.HandlerMethodValidationException;
import org.springframework.web.servlet.mvc.method.annotation.ResponseEntityExceptionHandler;

/**
 * Every error of the API as RFC 9457 {@code application/problem+json}: Spring MVC's own errors (405, 415, bad
 * JSON...) through {@link ResponseEntityExceptionHandler}, validation errors as a 400 that names each field, and
 * anything unexpected as a 500 whose body says nothing of the stack (the stack goes to the log).
 * Controllers throw {@link org.springframework.web.ErrorResponseException}s for their own 404/409/403.
 */
@RestControllerAdvice
class ApiProblems extends ResponseEntityExceptionHandler {

    private static final Logger log = LoggerFactory.getLogger(ApiProblems.class);

    /** A field that failed validation: which one, what was wrong, what it was. */
    record FieldProblem(String field, String message, Object rejected) {
    }

    @Override
    protected ResponseEntity<Object> handleMethodArgumentNotValid(MethodArgumentNotValidException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = ex.getBindingResult().getFieldErrors().stream()
                .map(e -> new FieldProblem(e.getField(), e.getDefaultMessage(), e.getRejectedValue()))
                .toList();
        List<String> globals = ex.getBindingResult().getGlobalErrors().stream()
                .map(e -> e.getDefaultMessage()).toList();
        return invalid(fields, globals, request);
    }

    @Override
    protected ResponseEntity<Object> handleHandlerMethodValidationException(HandlerMethodValidationException ex,
            HttpHeaders headers, HttpStatusCode status, WebRequest request) {
        List<FieldProblem> fields = ex.getParameterValidationResults().stream()
                .flatMap(r -> r.getResolvableErrors().stream().map(e -> new FieldProblem(
                        e instanceof FieldError f ? f.getField() : r.getMethodParameter().getParameterName(),
                        e.getDefaultMessage(), r.getArgument())))
                .toList();
        return invalid(fields, List.of(), request);
    }

    @ExceptionHandler(Exception.class)
    ResponseEntity<Object> unexpected(Exception ex, WebRequest request) {
        log.error("unexpected error on {}", describe(request), ex);
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.INTERNAL_SERVER_ERROR,
                "Something went wrong on our side; the server log has the details.");
        problem.setTitle("Internal Server Error");
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.INTERNAL_SERVER_ERROR, request);
    }

    private ResponseEntity<Object> invalid(List<FieldProblem> fields, List<String> globals, WebRequest request) {
        StringBuilder detail = new StringBuilder();
        for (FieldProblem f : fields) {
            detail.append(detail.isEmpty() ? "" : "; ").append(f.field()).append(": ").append(f.message());
        }
        for (String g : globals) {
            detail.append(detail.isEmpty() ? "" : "; ").append(g);
        }
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, detail.toString());
        problem.setTitle("Invalid request");
        problem.setType(URI.create("https://echolab.dev/problems/invalid-request"));
        problem.setProperties(Map.of("errors", fields));
        return createResponseEntity(problem, new HttpHeaders(), HttpStatus.BAD_REQUEST, request);
    }

    private static String describe(WebRequest request) {
        return request instanceof ServletWebRequest servlet
                ? servlet.getRequest().getMethod() + " " + servlet.getRequest().getRequestURI()
                : request.getDescription(false);
    }
}
