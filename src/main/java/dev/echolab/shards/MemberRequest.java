package dev.echolab.shards;

import dev.echolab.stress.StressRequest;
import dev.echolab.stress.StressRun;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;

/**
 * What a member of a round says next: that it is ready (its targets answer), or its result. The body of
 * {@code POST …/members/{index}/ready} and {@code …/result}.
 *
 * @param generator who it is, as it joined: only the generator that holds the index speaks for it
 * @param request   when saying it is ready: the stress it will run, its share of the load (the coordinator reads
 *                  how long it lasts, for the round's deadline)
 * @param run  its result, the run's JSON as {@code run} prints it (also the partial, CANCELLED one of a generator
 *             stopped by SIGTERM); null when only saying it is ready
 */
public record MemberRequest(
        @Schema(example = "echo-lab-loadgen-0-x7k2p:1") @NotBlank @Size(max = 253)
        String generator,

        @Schema(nullable = true) StressRequest request,
        @Schema(nullable = true) StressRun run) {}
