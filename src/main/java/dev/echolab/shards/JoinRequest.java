package dev.echolab.shards;

import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import jakarta.validation.constraints.Size;

/**
 * A generator joining a group: the body of {@code POST /api/shards/{group}/members}.
 *
 * @param round   which run of the group it belongs to (a Kubernetes Job's uid): generators of another round never
 *                join this one; null to join the group's round that is still joining, or to open one
 * @param index   its index, from 0 (a Job's completion index); null to be given the lowest free one (compose
 *                replicas have none)
 * @param shards  N, how many generators share the load; every one of a round must say the same
 * @param generator who it is: its host's name and its process id ({@code echo-lab-loadgen-0-x7k2p:1}); the same
 *                  generator joining again (a retry) gets its index back
 */
public record JoinRequest(
        @Schema(nullable = true, example = "3f0c9a52-8f61-4c3e-9d0e-2b1f7f0c6a11")
        @Size(max = 100)
        @Pattern(regexp = "[A-Za-z0-9][A-Za-z0-9._-]*")
        String round,

        @Schema(nullable = true, example = "0") @Min(0) Integer index,
        @Schema(example = "4") @NotNull @Min(1) @Max(10_000) Integer shards,

        @Schema(example = "echo-lab-loadgen-0-x7k2p:1") @NotBlank @Size(max = 253)
        String generator) {}
