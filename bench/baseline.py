#!/usr/bin/env python3
"""Prints how this bench's runs of a scenario compare with a baseline stored in the history database.

  baseline.py --url URL --dir DIR --scenario NAME --baseline ID|latest

The candidate is this bench's series: the run ids in DIR/NAME-r*.json. The baseline is a run id (or ids, comma-
separated), or `latest`: the newest runs in the database, made before this bench, with exactly the same request
(models and profile) that succeeded, as many as the candidate has repeats (a bench --repeat series stores consecutive runs).
The app answers GET /api/stress/compare: with repeats on both sides their spread sets the noise, else the app's
floor (echo.history.noise-floor). Prints a Markdown table and writes it to DIR/NAME-compare.md.
Standard library only.
"""
import argparse
import glob
import json
import sys
import urllib.error
import urllib.parse
import urllib.request

LABELS = {"messagesPerSecond": "msg/s", "p50Micros": "p50 µs", "p99Micros": "p99 µs", "p999Micros": "p99.9 µs",
          "cpuMicrosPerMessage": "CPU µs/msg"}


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


def latest(url, candidates, request, count):
    """The newest `count` stored runs that succeeded with this exact request, not among the candidates."""
    found, page = [], 0
    while len(found) < count:
        runs = get(f"{url}/api/stress?size=100&page={page}")
        if not runs:
            break
        for run in runs:
            if run["id"] not in candidates and run.get("request") == request and run["status"] == "SUCCEEDED":
                found.append(run["id"])
                if len(found) == count:
                    break
        page += 1
    return found


def number(value):
    if value is None:
        return "–"
    return f"{value:,.0f}" if abs(value) >= 100 else f"{value:,.1f}"


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--url", required=True)
    parser.add_argument("--dir", required=True)
    parser.add_argument("--scenario", required=True)
    parser.add_argument("--baseline", required=True)
    args = parser.parse_args()

    runs = [json.load(open(f, encoding="utf-8")) for f in sorted(glob.glob(f"{args.dir}/{args.scenario}-r*.json"))]
    candidates = [r["id"] for r in runs]
    if not candidates:
        sys.exit(f"no runs of {args.scenario} in {args.dir}")
    if args.baseline == "latest":
        base = latest(args.url, set(candidates), runs[0]["request"], len(candidates))
        if not base:
            print(f"\n{args.scenario}: no earlier run with the same request in the history database: nothing to "
                  "compare with (this bench's runs are stored now; the next --baseline latest finds them)")
            return
    else:
        base = args.baseline.split(",")
    query = urllib.parse.urlencode({"base": ",".join(base), "candidate": ",".join(candidates)})
    comparison = get(f"{args.url}/api/stress/compare?{query}")

    lines = [f"### {args.scenario}: this bench ({', '.join(candidates)}) against {', '.join(base)}", "",
             "| model | metric | base | candidate | ratio | verdict |", "|---|---|--:|--:|--:|---|"]
    for model in comparison["models"]:
        if model["absentFrom"]:
            other = "candidate" if model["absentFrom"] == "base" else "base"
            lines.append(f"| {model['model']} | only in the {other} | | | | |")
            continue
        for m in model["metrics"]:
            ratio = "–" if m["ratio"] is None else f"×{m['ratio']:.2f}"
            lines.append(f"| {model['model']} | {LABELS.get(m['metric'], m['metric'])} | {number(m['base'])} | "
                         f"{number(m['candidate'])} | {ratio} | **{m['verdict']}** (±{m['noise'] * 100:.0f} %) |")
    lines += ["", f"Method: {comparison['method']}."]
    lines += [f"Note: {n}." for n in comparison["notes"]]
    text = "\n".join(lines) + "\n"
    print("\n" + text)
    with open(f"{args.dir}/{args.scenario}-compare.md", "w", encoding="utf-8") as f:
        f.write(text)


if __name__ == "__main__":
    main()
