package dev.echolab.shards;

import dev.echolab.web.ProblemAnswer;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.headers.Header;
import io.swagger.v3.oas.annotations.media.ArraySchema;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import io.swagger.v3.oas.annotations.media.Schema;
import io.swagger.v3.oas.annotations.responses.ApiResponse;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import java.net.URI;
import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * {@code /api/shards}: the coordinator of sharded runs. Load generators started with {@code run --coordinator} join
 * a group, say when their targets answer, are all given one instant to start at, and post their results, which are
 * merged into one stored run. The calls a generator makes change state and need the API's credentials; reading a
 * round is open, for people and for {@code echo-lab wait}.
 */
@RestController
@RequestMapping("/api/shards")
@Tag(
        name = "shards",
        description = "The coordinator of sharded runs: load generators on other machines join a group, start at "
                + "one instant and post their results, merged into one stored run")
class ShardsController {

    /** A group or round as a path segment: a Job's name or uid, a compose service's name. */
    static final String NAME = "[A-Za-z0-9][A-Za-z0-9._-]{0,252}";

    private final ShardRounds rounds;

    ShardsController(ShardRounds rounds) {
        this.rounds = rounds;
    }

    @GetMapping
    @Operation(
            operationId = "listShardGroups",
            summary = "List the groups",
            description = "The newest round of every group the coordinator remembers, newest first.")
    @ApiResponse(
            responseCode = "200",
            description = "The newest round of each group",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            array = @ArraySchema(schema = @Schema(implementation = RoundView.class)),
                            examples = @ExampleObject(name = "groups", ref = "shard-groups")))
    List<RoundView> list() {
        return rounds.groups();
    }

    @GetMapping("/{group}")
    @Operation(
            operationId = "getShardGroup",
            summary = "A group's newest round",
            description = "Where the group's newest round is: who joined, the start instant, whose results came, "
                    + "and once merged, where the run is (run). echo-lab wait polls this.")
    @ApiResponse(
            responseCode = "200",
            description = "The group's newest round",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = RoundView.class),
                            examples = {
                                @ExampleObject(name = "merged", ref = "shard-round-merged"),
                                @ExampleObject(name = "joining", ref = "shard-round-joining")
                            }))
    @ProblemAnswer(
            value = "unknown-shard-round",
            description = "No round of this group is known",
            examples = @ExampleObject(ref = "shard-unknown-group"))
    RoundView group(@PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group) {
        return rounds.find(group, null).orElseThrow(() -> ShardProblems.unknownRound(group, null));
    }

    @GetMapping("/{group}/rounds/{round}")
    @Operation(
            operationId = "getShardRound",
            summary = "One round",
            description = "As the group's newest round, for a round named by its id; the generators poll it for "
                    + "their start instant.")
    @ApiResponse(
            responseCode = "200",
            description = "The round",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = RoundView.class),
                            examples = @ExampleObject(name = "started", ref = "shard-round-started")))
    @ProblemAnswer(
            value = "unknown-shard-round",
            description = "No such round of this group",
            examples = @ExampleObject(ref = "shard-unknown-round"))
    RoundView round(
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group,
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "3f0c9a52") String round) {
        return rounds.find(group, round).orElseThrow(() -> ShardProblems.unknownRound(group, round));
    }

    @PostMapping("/{group}/members")
    @Operation(
            operationId = "joinShardGroup",
            summary = "Join a group",
            description = "A load generator joins the group's round: the one it names (round: a Kubernetes Job's "
                    + "uid), else the round still joining, else a new one. It holds the index it asks for, or is "
                    + "given the lowest free one; the same generator joining again gets its index back. Every generator of "
                    + "a round must give the same shards (N). Joining is not being ready: that comes once its "
                    + "targets answer (…/ready).")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = JoinRequest.class),
                            examples = {
                                @ExampleObject(name = "given an index", ref = "shard-join"),
                                @ExampleObject(name = "a Job's pod", ref = "shard-join-indexed")
                            }))
    @ApiResponse(
            responseCode = "201",
            description = "Joined: its round and index",
            headers =
                    @Header(
                            name = "Location",
                            description = "The round",
                            schema =
                                    @Schema(type = "string", example = "/api/shards/echo-lab-loadgen/rounds/3f0c9a52")),
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = Membership.class),
                            examples = @ExampleObject(name = "joined", ref = "shard-membership")))
    @ProblemAnswer(
            value = "invalid-request",
            description = "A field out of range (shards, index at or beyond shards), a blank generator, no request",
            examples = @ExampleObject(ref = "shard-index-out-of-range"))
    @ProblemAnswer(
            value = "shard-refused",
            description = "The round has another N, the index is held by another generator, every index is taken, "
                    + "or the round has started or ended",
            examples = {
                @ExampleObject(name = "index taken", ref = "shard-index-taken"),
                @ExampleObject(name = "started without it", ref = "shard-round-started-without-it")
            })
    ResponseEntity<Membership> join(
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group,
            @Valid @RequestBody JoinRequest request) {
        Membership membership = rounds.join(group, request);
        return ResponseEntity.created(URI.create("/api/shards/" + group + "/rounds/" + membership.round()))
                .body(membership);
    }

    @PostMapping("/{group}/rounds/{round}/members/{index}/ready")
    @Operation(
            operationId = "shardReady",
            summary = "Say a shard is ready",
            description = "The generator holding this index is ready: its targets answer. Once all N are, the round "
                    + "starts: startAt is set (echo.shards.start-lead ahead) and every generator starts then. Saying "
                    + "it again changes nothing.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = MemberRequest.class),
                            examples = @ExampleObject(name = "ready", ref = "shard-ready")))
    @ApiResponse(
            responseCode = "200",
            description = "The round, STARTED once this was the last one",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = RoundView.class),
                            examples = @ExampleObject(name = "started", ref = "shard-round-started")))
    @ProblemAnswer(
            value = "unknown-shard-round",
            description = "No such round of this group",
            examples = @ExampleObject(ref = "shard-unknown-round"))
    @ProblemAnswer(
            value = "shard-refused",
            description = "Another generator holds the index, or the round has ended",
            examples = @ExampleObject(ref = "shard-not-member"))
    RoundView ready(
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group,
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "3f0c9a52") String round,
            @PathVariable @Min(0) @Parameter(example = "0") int index,
            @Valid @RequestBody MemberRequest request) {
        if (request.request() == null) {
            throw ShardProblems.noRequest();
        }
        return rounds.ready(group, round, index, request.generator(), request.request());
    }

    @PostMapping("/{group}/rounds/{round}/members/{index}/result")
    @Operation(
            operationId = "postShardResult",
            summary = "Post a shard's result",
            description = "The run of the generator holding this index, as run prints it (a generator stopped by "
                    + "SIGTERM posts its partial, CANCELLED one). Once every shard's has come, or at the round's "
                    + "resultDeadline, the results are merged as the merge command does and stored as one run; "
                    + "shards without a result are listed in its coordination.missing, and the run is partial.")
    @io.swagger.v3.oas.annotations.parameters.RequestBody(
            content =
                    @Content(
                            schema = @Schema(implementation = MemberRequest.class),
                            examples = @ExampleObject(name = "result", ref = "shard-result")))
    @ApiResponse(
            responseCode = "202",
            description = "Taken; the round, MERGED once this was the last one",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = RoundView.class),
                            examples = @ExampleObject(name = "merged", ref = "shard-round-merged")))
    @ProblemAnswer(
            value = "invalid-request",
            description = "No run in the body, or a blank generator",
            examples = @ExampleObject(ref = "shard-no-run"))
    @ProblemAnswer(
            value = "unknown-shard-round",
            description = "No such round of this group",
            examples = @ExampleObject(ref = "shard-unknown-round"))
    @ProblemAnswer(
            value = "shard-refused",
            description = "Another generator holds the index, the round has not started or has ended, or this shard "
                    + "posted already",
            examples = @ExampleObject(ref = "shard-round-ended"))
    ResponseEntity<RoundView> result(
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group,
            @PathVariable @Pattern(regexp = NAME) @Parameter(example = "3f0c9a52") String round,
            @PathVariable @Min(0) @Parameter(example = "0") int index,
            @Valid @RequestBody MemberRequest request) {
        if (request.run() == null) {
            throw ShardProblems.noRun();
        }
        return ResponseEntity.status(HttpStatus.ACCEPTED)
                .body(rounds.result(group, round, index, request.generator(), request.run()));
    }

    @DeleteMapping("/{group}")
    @Operation(
            operationId = "abandonShardRound",
            summary = "Give up a group's round",
            description = "Abandons the group's round that has not ended (generators that are gone, a run to stop "
                    + "waiting for): nothing is merged, its generators are told when they next ask, and the next "
                    + "generator to join opens a new round.")
    @ApiResponse(
            responseCode = "200",
            description = "The round, ABANDONED",
            content =
                    @Content(
                            mediaType = MediaType.APPLICATION_JSON_VALUE,
                            schema = @Schema(implementation = RoundView.class),
                            examples = @ExampleObject(name = "abandoned", ref = "shard-round-abandoned")))
    @ProblemAnswer(
            value = "unknown-shard-round",
            description = "The group has no round that has not ended",
            examples = @ExampleObject(ref = "shard-unknown-group"))
    RoundView abandon(@PathVariable @Pattern(regexp = NAME) @Parameter(example = "echo-lab-loadgen") String group) {
        return rounds.abandon(group).orElseThrow(() -> ShardProblems.unknownRound(group, null));
    }
}
