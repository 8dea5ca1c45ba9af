package dev.echolab.web;

import io.swagger.v3.oas.annotations.Hidden;
import jakarta.servlet.RequestDispatcher;
import jakarta.servlet.http.HttpServletRequest;
import java.net.URI;
import org.springframework.boot.webmvc.error.ErrorController;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.util.StringUtils;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * What {@code /error} answers, in place of Spring Boot's JSON map and whitelabel page: the servlet container
 * forwards here every error raised outside Spring MVC's exception handling (a filter's {@code sendError}, Spring
 * Security's firewall, an exception thrown by a filter), and it becomes the same RFC 9457 problem as the rest.
 * A 5xx detail never repeats the exception's message; the container has logged the exception already. Not part
 * of the API: hidden from the OpenAPI document.
 */
@Hidden
@RestController
class ProblemErrorController implements ErrorController {

    @RequestMapping("${server.error.path:${error.path:/error}}")
    ResponseEntity<ProblemDetail> error(HttpServletRequest request) {
        HttpStatus status = status(request);
        String message = (String) request.getAttribute(RequestDispatcher.ERROR_MESSAGE);
        ProblemDetail problem = ProblemDetail.forStatus(status);
        problem.setType(ApiProblems.ABOUT_BLANK);
        problem.setDetail(status.is4xxClientError() && StringUtils.hasText(message) ? message : detail(status));
        String uri = (String) request.getAttribute(RequestDispatcher.ERROR_REQUEST_URI);
        problem.setInstance(instance(uri != null ? uri : request.getRequestURI()));
        return ResponseEntity.status(status)
                .contentType(MediaType.APPLICATION_PROBLEM_JSON)
                .body(problem);
    }

    private static HttpStatus status(HttpServletRequest request) {
        Object code = request.getAttribute(RequestDispatcher.ERROR_STATUS_CODE);
        if (code == null) {
            return HttpStatus.NOT_FOUND; // /error asked for directly: there is no error to show
        }
        HttpStatus status = HttpStatus.resolve((Integer) code);
        return status != null ? status : HttpStatus.INTERNAL_SERVER_ERROR;
    }

    private static String detail(HttpStatus status) {
        return status.is5xxServerError()
                ? "Something went wrong on our side; the server log has the details."
                : status.getReasonPhrase() + ".";
    }

    private static URI instance(String path) {
        try {
            return URI.create(path);
        } catch (IllegalArgumentException e) {
            return null; // a path the container accepted but java.net.URI does not: leave instance out
        }
    }
}
