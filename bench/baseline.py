#!/usr/bin/env python3
"""Prints the verdicts of every model of this bench's run of a scenario against a baseline: a regression check.

  baseline.py --url URL --dir DIR --scenario NAME --baseline DIR|ID|latest --jar JAR

The candidate is this bench's run, DIR/NAME.json (every model with its interleaved repeats). The baseline is
- a directory of an earlier bench (bench/results/<date>-<time>): its NAME.json (or the NAME-r<N>.json files of a bench
  from before repeats ran in one run), compared through the jar's `compare` over the files;
- run ids (comma-separated) in the app's history database, compared through GET /api/stress/compare;
- `latest`: the newest earlier run in that database with exactly the same request that succeeded.
Both ways it is the app's own statistics (Mann-Whitney U across repeats, Hodges-Lehmann interval, the minimum
difference); with fewer than 4 repeats a side only a difference beyond the machine's A/A spread counts. Prints a
Markdown table and writes it to DIR/NAME-compare.md. Standard library only.
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import urllib.error
import urllib.parse
import urllib.request

from bench import comparison_table


def get(url):
    try:
        with urllib.request.urlopen(url, timeout=30) as response:
            return json.load(response)
    except urllib.error.HTTPError as e:
        body = e.read().decode("utf-8", "replace")
        try:
            body = json.loads(body).get("detail", body)
        except ValueError:
            pass
        sys.exit(f"GET {url}: HTTP {e.code}: {body}")


def latest(url, candidate, request):
    """The newest stored run that succeeded with this exact request, other than the candidate."""
    page = 0
    while True:
        runs = get(f"{url}/api/stress?size=100&page={page}")
        if not runs:
            return None
        for run in runs:
            if run["id"] != candidate and run.get("request") == request and run["status"] == "SUCCEEDED":
                return run["id"]
        page += 1


def from_files(jar, base_files, candidate_file):
    """The jar's `compare` over result files: the same statistics as the API, without a database."""
    java = os.path.join(os.environ.get("JAVA_HOME", ""), "bin", "java") if os.environ.get("JAVA_HOME") else "java"
    command = [java, "-jar", jar, "compare", "--base", ",".join(base_files), "--candidate", candidate_file,
               "--format", "json"]
    done = subprocess.run(command, capture_output=True, text=True, timeout=300)
    if done.returncode not in (0, 1):  # 1: a verdict is worse, still a comparison
        sys.exit(f"{' '.join(command)}: exit {done.returncode}: {done.stderr.strip()}")
    return json.loads(done.stdout)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--baseline", required=True)
    parser.add_argument("--jar", required=True)
    args = parser.parse_args()

    candidate_file = os.path.join(args.dir, f"{args.scenario}.json")
    with open(candidate_file, encoding="utf-8") as f:
        run = json.load(f)
    if os.path.isdir(args.baseline):
        base_files = glob.glob(os.path.join(args.baseline, f"{args.scenario}.json")) or sorted(
            glob.glob(os.path.join(args.baseline, f"{args.scenario}-r*.json")))
        if not base_files:
            print(f"\n{args.scenario}: {args.baseline} has no run of it: nothing to compare with")
            return
        against = f"{args.baseline} ({', '.join(os.path.basename(f) for f in base_files)})"
        comparison = from_files(args.jar, base_files, candidate_file)
    else:
        base = args.baseline
        if base == "latest":
            base = latest(args.url, run["id"], run["request"])
            if not base:
                print(f"\n{args.scenario}: no earlier run with the same request in the history database: nothing to "
                      "compare with (this bench's run is stored now; the next --baseline latest finds it)")
                return
        against = base
        query = urllib.parse.urlencode({"base": base, "candidate": run["id"]})
        comparison = get(f"{args.url}/api/stress/compare?{query}")

    lines = [f"### {args.scenario}: this bench ({run['id']}) against {against}", ""] + comparison_table(comparison)
    worse = sorted({f"{m['model']} {x['metric']}" for m in comparison["models"] for x in m["metrics"]
                    if x["verdict"] == "worse"})
    lines += ["", f"Worse: {', '.join(worse)}." if worse else "No verdict is worse."]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    with open(os.path.join(args.dir, f"{args.scenario}-compare.md"), "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
