package dev.echolab.server;

import java.util.Arrays;
import java.util.List;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/** A model id that {@link IoModel} does not know: a 404 problem that lists the ids it does know. */
public class UnknownModelException extends ErrorResponseException {

    public UnknownModelException(String id) {
        super(ServerProblemType.UNKNOWN_MODEL.status(), problem(id), null);
    }

    private static ProblemDetail problem(String id) {
        List<String> known = Arrays.stream(IoModel.values()).map(IoModel::id).toList();
        ProblemDetail problem = ServerProblemType.UNKNOWN_MODEL.problem(
                "There is no model '" + id + "'. Known models: " + String.join(", ", known) + ".");
        problem.setProperty("model", id);
        problem.setProperty("knownModels", known);
        return problem;
    }
}
