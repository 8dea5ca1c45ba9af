package dev.echolab.server;

import java.net.URI;
import java.util.Arrays;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A model id that {@link IoModel} does not know: a 404 problem that lists the ids it does know. */
public class UnknownModelException extends ErrorResponseException {

    public static final URI TYPE = URI.create("https://echolab.dev/problems/unknown-model");

    public UnknownModelException(String id) {
        super(HttpStatus.NOT_FOUND, problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        List<String> known = Arrays.stream(IoModel.values()).map(IoModel::id).toList();
        ProblemDetail problem = ProblemDetail.forStatusAndDetail(HttpStatus.NOT_FOUND,
                "There is no model '" + id + "'. Known models: " + String.join(", ", known) + ".");
        problem.setTitle("Unknown model");
        problem.setType(TYPE);
        problem.setProperty("model", id);
        problem.setProperty("knownModels", known);
        return problem;
    }
}
