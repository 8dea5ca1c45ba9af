package dev.echolab.history;

/**
 * Examples of {@code GET /api/stress/compare} for the OpenAPI document, as a running app answered them (a busy 2-core
 * machine, hence the wide intervals): two runs of netty and multiplexing with 4 interleaved repeats each (netty's part
 * of their comparison), the two models within the first run, a run named twice, and a failed run.
 */
final class CompareExamples {

    static final String RUNS = """
            {
             "base": [
              "43ca1b7a"
             ],
             "candidate": [
              "edcbbf13"
             ],
             "alpha": 0.05,
             "minDifference": 0.05,
             "aaSpread": {
              "messagesPerSecond": 0.35,
              "p50Micros": 0.35,
              "p99Micros": 0.35,
              "p999Micros": 0.35,
              "cpuMicrosPerMessage": 0.35
             },
             "includeFailed": false,
             "method": "Each side is a set of runs (each repeat of a run counts as one). Per metric: the medians, the Hodges-Lehmann estimate of candidate ÷ base (the median of every pairwise ratio) with its distribution-free 95 % interval, and the two-sided Mann-Whitney U test across runs. better or worse: p ≤ 0.05 and the whole interval beyond the minimum difference (×0.952 to ×1.05); same: the whole interval within it; otherwise inconclusive, with about how many runs a side would decide. With fewer runs than the test needs to reach p ≤ 0.05 (4 a side), a difference counts only if every candidate run differs from every base run by more than the machine's A/A spread (echo.history.aa-spread), and never as same. A result measured while the load generator was the limit gets no verdict.",
             "models": [
              {
               "model": "netty",
               "baseModel": "netty",
               "absentFrom": null,
               "baseRuns": 4,
               "candidateRuns": 4,
               "metrics": [
                {
                 "metric": "messagesPerSecond",
                 "higherIsBetter": true,
                 "base": 32515.0,
                 "candidate": 53473.5,
                 "ratio": 1.645,
                 "shift": 1.552,
                 "interval": {
                  "low": 0.762,
                  "high": 12.975,
                  "confidence": 0.95
                 },
                 "pValue": 0.11428571428571428,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.762 to ×12.975) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.114); about 30 runs a side would decide it",
                 "runsNeeded": 30,
                 "caveats": []
                },
                {
                 "metric": "p50Micros",
                 "higherIsBetter": false,
                 "base": 377.2,
                 "candidate": 304.3,
                 "ratio": 0.807,
                 "shift": 0.767,
                 "interval": {
                  "low": 0.145,
                  "high": 1.537,
                  "confidence": 0.95
                 },
                 "pValue": 0.4857142857142857,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.145 to ×1.537) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.486); about 51 runs a side would decide it",
                 "runsNeeded": 51,
                 "caveats": []
                },
                {
                 "metric": "p99Micros",
                 "higherIsBetter": false,
                 "base": 9377.8,
                 "candidate": 2609.9,
                 "ratio": 0.278,
                 "shift": 0.153,
                 "interval": {
                  "low": 0.016,
                  "high": 1.49,
                  "confidence": 0.95
                 },
                 "pValue": 0.11428571428571428,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.016 to ×1.49) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.114); about 5 runs a side would decide it",
                 "runsNeeded": 5,
                 "caveats": []
                },
                {
                 "metric": "p999Micros",
                 "higherIsBetter": false,
                 "base": 29634.6,
                 "candidate": 6625.3,
                 "ratio": 0.224,
                 "shift": 0.23,
                 "interval": {
                  "low": 0.036,
                  "high": 1.232,
                  "confidence": 0.95
                 },
                 "pValue": 0.11428571428571428,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.036 to ×1.232) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.114); about 5 runs a side would decide it",
                 "runsNeeded": 5,
                 "caveats": []
                },
                {
                 "metric": "cpuMicrosPerMessage",
                 "higherIsBetter": false,
                 "base": 19.1,
                 "candidate": 10.5,
                 "ratio": 0.55,
                 "shift": 0.563,
                 "interval": {
                  "low": 0.127,
                  "high": 1.075,
                  "confidence": 0.95
                 },
                 "pValue": 0.11428571428571428,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.127 to ×1.075) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.114); about 10 runs a side would decide it",
                 "runsNeeded": 10,
                 "caveats": []
                }
               ]
              }
             ],
             "notes": [
              "run 43ca1b7a started on a busy machine (load average 15.68 on 2 cores): its figures may move far more than the A/A spread measured on a quiet one",
              "run edcbbf13 started on a busy machine (load average 14.48 on 2 cores): its figures may move far more than the A/A spread measured on a quiet one"
             ]
            }
            """;

    static final String MODELS = """
            {
             "base": [
              "43ca1b7a"
             ],
             "candidate": [
              "43ca1b7a"
             ],
             "alpha": 0.05,
             "minDifference": 0.05,
             "aaSpread": {
              "messagesPerSecond": 0.35,
              "p50Micros": 0.35,
              "p99Micros": 0.35,
              "p999Micros": 0.35,
              "cpuMicrosPerMessage": 0.35
             },
             "includeFailed": false,
             "method": "Each side is a set of runs (each repeat of a run counts as one). Per metric: the medians, the Hodges-Lehmann estimate of candidate ÷ base (the median of every pairwise ratio) with its distribution-free 95 % interval, and the two-sided Mann-Whitney U test across runs. better or worse: p ≤ 0.05 and the whole interval beyond the minimum difference (×0.952 to ×1.05); same: the whole interval within it; otherwise inconclusive, with about how many runs a side would decide. With fewer runs than the test needs to reach p ≤ 0.05 (4 a side), a difference counts only if every candidate run differs from every base run by more than the machine's A/A spread (echo.history.aa-spread), and never as same. A result measured while the load generator was the limit gets no verdict.",
             "models": [
              {
               "model": "multiplexing",
               "baseModel": "netty",
               "absentFrom": null,
               "baseRuns": 4,
               "candidateRuns": 4,
               "metrics": [
                {
                 "metric": "messagesPerSecond",
                 "higherIsBetter": true,
                 "base": 32515.0,
                 "candidate": 37074.0,
                 "ratio": 1.14,
                 "shift": 1.086,
                 "interval": {
                  "low": 0.448,
                  "high": 9.08,
                  "confidence": 0.95
                 },
                 "pValue": 0.4857142857142857,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.448 to ×9.08) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.486); no number of runs is likely to decide it: the estimate sits on the minimum difference",
                 "runsNeeded": null,
                 "caveats": []
                },
                {
                 "metric": "p50Micros",
                 "higherIsBetter": false,
                 "base": 377.2,
                 "candidate": 293.8,
                 "ratio": 0.779,
                 "shift": 0.628,
                 "interval": {
                  "low": 0.141,
                  "high": 1.472,
                  "confidence": 0.95
                 },
                 "pValue": 0.4857142857142857,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.141 to ×1.472) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.486); about 15 runs a side would decide it",
                 "runsNeeded": 15,
                 "caveats": []
                },
                {
                 "metric": "p99Micros",
                 "higherIsBetter": false,
                 "base": 9377.8,
                 "candidate": 5615.6,
                 "ratio": 0.599,
                 "shift": 0.51,
                 "interval": {
                  "low": 0.024,
                  "high": 5.034,
                  "confidence": 0.95
                 },
                 "pValue": 0.6857142857142857,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.024 to ×5.034) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.686); about 27 runs a side would decide it",
                 "runsNeeded": 27,
                 "caveats": []
                },
                {
                 "metric": "p999Micros",
                 "higherIsBetter": false,
                 "base": 29634.6,
                 "candidate": 26230.8,
                 "ratio": 0.885,
                 "shift": 0.889,
                 "interval": {
                  "low": 0.023,
                  "high": 6.527,
                  "confidence": 0.95
                 },
                 "pValue": 0.6857142857142857,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.023 to ×6.527) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.686); no number of runs is likely to decide it: the estimate sits on the minimum difference",
                 "runsNeeded": null,
                 "caveats": []
                },
                {
                 "metric": "cpuMicrosPerMessage",
                 "higherIsBetter": false,
                 "base": 19.1,
                 "candidate": 10.0,
                 "ratio": 0.525,
                 "shift": 0.581,
                 "interval": {
                  "low": 0.139,
                  "high": 1.045,
                  "confidence": 0.95
                 },
                 "pValue": 0.05714285714285714,
                 "verdict": "inconclusive",
                 "rule": "rankTest",
                 "reason": "with 4 base and 4 candidate runs, the 95 % interval (×0.139 to ×1.045) is neither beyond nor within the minimum difference (×0.952 to ×1.05) (p = 0.057); about 11 runs a side would decide it",
                 "runsNeeded": 11,
                 "caveats": []
                }
               ]
              }
             ],
             "notes": [
              "run 43ca1b7a started on a busy machine (load average 15.68 on 2 cores): its figures may move far more than the A/A spread measured on a quiet one"
             ]
            }
            """;

    static final String REPEATED = """
            {
             "detail": "candidate: run 43ca1b7a is named twice: each run counts once (a run set against itself has no spread, and every difference would look real)",
             "instance": "/api/stress/compare",
             "status": 400,
             "title": "Invalid request",
             "type": "/problems/invalid-request",
             "errors": [
              {
               "field": "candidate",
               "message": "run 43ca1b7a is named twice: each run counts once (a run set against itself has no spread, and every difference would look real)",
               "rejected": "43ca1b7a"
              }
             ]
            }
            """;

    static final String FAILED = """
            {
             "detail": "candidate: run 634f9676 is FAILED (blocking FAILED, 19 connections ended in errors, integrity broken: 0 connections with wrong bytes, 1216 bytes missing): its figures are not a clean measurement of the server. Compare it with includeFailed=true to see verdicts that carry the failure in words",
             "instance": "/api/stress/compare",
             "status": 400,
             "title": "Invalid request",
             "type": "/problems/invalid-request",
             "errors": [
              {
               "field": "candidate",
               "message": "run 634f9676 is FAILED (blocking FAILED, 19 connections ended in errors, integrity broken: 0 connections with wrong bytes, 1216 bytes missing): its figures are not a clean measurement of the server. Compare it with includeFailed=true to see verdicts that carry the failure in words",
               "rejected": "634f9676"
              }
             ]
            }
            """;

    static final String UNKNOWN_RUN = """
            {"type": "/problems/unknown-run", "title": "Unknown run", "status": 404,
             "detail": "candidate: there is no run 'nope' (deleted, or never stored).",
             "instance": "/api/stress/compare"}
            """;

    static final String NOT_FINISHED = """
            {"type": "/problems/run-not-finished", "title": "Run not finished", "status": 409,
             "detail": "candidate: run 9d10ecab is RUNNING; compare it once it has finished.",
             "instance": "/api/stress/compare"}
            """;

    private CompareExamples() {}
}
