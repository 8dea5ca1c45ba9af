#!/usr/bin/env python3
"""The JSON side of bench/compare.sh (standard library only): the scenarios' profiles, one stress run driven
through the REST API and saved raw, the run manifest, and the Markdown tables (median and spread of the repeats).

About 800 lines in one file on purpose: compare.sh calls it as one tool, and one file of the standard library
needs no package, no path and no install on a fresh machine. It reads in sections, in the order of the commands
below: the scenarios, the models, one run, the manifest, the tables and the summary; bench/baseline.py, the
comparison against a baseline, is the one part that left.

compare.sh starts and stops the processes; this file never does. Every wait here is bounded. The mutating calls
authenticate as ECHO_API_USERNAME with ECHO_API_PASSWORD, the settings compare.sh gives the app.

  bench.py scenarios [--describe]                  the scenario names in order (--describe: one line on each)
  bench.py scenario-models --scenario S --url URL --models "a b"
                                                   those of the models the scenario loads (by their traits)
  bench.py models   --url URL                      every model of the app (GET /api/models): "id port" lines
  bench.py start    --url URL --models "a b" --port-base N
                                                   starts each model on N + (its default port - 7000); prints
                                                   the ids started (a model the platform cannot run is left out)
  bench.py run      --scenario S --url URL (--models "a b" | --target HOST:PORT --label MODEL
                    --server URL --server-pid PID) --out FILE [--quick]
  bench.py manifest --dir DIR (--begin ... | --scenario S --event start|end | --end)
  bench.py table    --dir DIR --scenario S        prints the scenario's Markdown and writes DIR/S.md
  bench.py summary  --dir DIR                     writes DIR/summary.md: the manifest, then every table
"""
import argparse
import base64
import glob
import json
import os
import platform
import resource
import statistics
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timezone

# The scenarios, in the order compare.sh runs them (the one list: compare.sh asks `bench.py scenarios`). Each
# request names only what differs from the stress API's defaults (the note's experiment, docs/the-note.md: 500 conns,
# 64 B ping-pong, 10 s after 2 s of warm-up); the run's JSON has the whole request, defaults filled in, and the
# tables describe that. "quick" only proves the script works: its figures are not a measurement.
QUICK = {"durationSeconds": 2, "warmupSeconds": 0.5}
SCENARIOS = {
    "note": {
        "what": "the note's experiment: the stress API's defaults, every model",
        "full": {},
        "quick": {"connections": 100, **QUICK},
    },
    "kib": {
        "what": "1 KiB ping-pong: copying bytes instead of waking up",
        "full": {"payloadBytes": 1024},
        "quick": {"connections": 100, "payloadBytes": 1024, **QUICK},
    },
    "few": {
        "what": "50 connections ping-pong: few clients, where a thread per client is at its best",
        "full": {"connections": 50},
        "quick": {"connections": 10, **QUICK},
    },
    "pipeline": {
        "what": "50 connections × 16 messages in flight: batching per wake-up",
        "full": {"connections": 50, "pipeline": 16},
        "quick": {"connections": 10, "pipeline": 16, **QUICK},
    },
    "c10k": {
        "what": "10,000 connections, open loop at 1 msg/s each (10,000 msg/s in all), 64 B: holding many idle-ish "
                "clients",
        "full": {"connections": 10_000, "ratePerSecond": 10_000, "durationSeconds": 30, "rampUpSeconds": 10,
                 "connectTimeoutMs": 30_000, "responseTimeoutMs": 10_000},
        "quick": {"connections": 1_000, "ratePerSecond": 1_000, "durationSeconds": 3, "warmupSeconds": 0.5,
                  "rampUpSeconds": 1, "connectTimeoutMs": 30_000, "responseTimeoutMs": 10_000},
        # Only models that serve every client at once (GET /api/models: clientsAtOnce): one that serves one, or a pool
        # of 32, at a time would leave 10,000 to time out.
        "clientsAtOnce": "ALL",
    },
    "idle": {
        "what": "50 connections × 64 B ping-pong beside 5,000 connected and silent: does serving the busy few "
                "mean asking every socket?",
        "full": {"connections": 50, "idleConnections": 5_000, "payloadBytes": 64, "durationSeconds": 10,
                 "warmupSeconds": 2, "rampUpSeconds": 5, "connectTimeoutMs": 30_000},
        "quick": {"connections": 10, "idleConnections": 500, "payloadBytes": 64, "durationSeconds": 2,
                  "warmupSeconds": 0.5, "rampUpSeconds": 1, "connectTimeoutMs": 30_000},
        "clientsAtOnce": "ALL",  # a silent client would hold one of the few threads of the others for the whole run
    },
}

# Calibration, not comparison of models: run only when named (compare.sh aa, compare.sh slowed), never by default.
# aa: one model measured 2 × N times in one run (repeats, interleaved), its odd repeats compared with its even ones,
# over and over: every better or worse is a false verdict. slowed: two copies of bench/SlowEcho.java, one 20 % slower
# per message, in one run with repeats: the slower one must come out worse.
CALIBRATION = {
    "aa": {
        "what": "A/A calibration: one model against itself, odd repeats against even ones, BENCH_AA_COMPARISONS times",
        "full": {"connections": 50, "durationSeconds": 5, "warmupSeconds": 1},
        "quick": {"connections": 10, "durationSeconds": 1, "warmupSeconds": 0.5},
    },
    "slowed": {
        "what": "a server 20 % slower per message (bench/SlowEcho.java) against the same server: it must be worse",
        "full": {"connections": 20, "durationSeconds": 5, "warmupSeconds": 1},
        "quick": {"connections": 10, "durationSeconds": 1.5, "warmupSeconds": 0.5},
    },
}
SCENARIOS.update(CALIBRATION)

# The issue's targets for the note scenario: (model, figure, goal, at most or at least).
TARGETS = [
    ("multi-reactor", "cpu", 1.1, "≤"), ("multi-reactor", "rate", 0.9, "≥"),
    ("multiplexing", "cpu", 1.1, "≤"), ("multiplexing", "rate", 0.9, "≥"),
    ("virtual-threads", "cpu", 1.5, "≤"), ("virtual-threads", "rate", 0.8, "≥"),
]
POLL_SECONDS = 0.5


def profile(scenario, quick):
    """The scenario's request fields, with BENCH_PROFILE (a JSON object's fields, e.g. '"durationSeconds":5')
    laid over them."""
    body = dict(SCENARIOS[scenario]["quick" if quick else "full"])
    extra = os.environ.get("BENCH_PROFILE", "").strip()
    if extra:
        body.update(json.loads("{" + extra.strip("{}") + "}"))
    return body


# ---------------------------------------------------------------------------------------------------- HTTP

def request(method, url, body=None, auth=False):
    """(status, parsed JSON or None); never raises for an HTTP error status, only for an unreachable server."""
    data = None if body is None else json.dumps(body).encode()
    req = urllib.request.Request(url, data=data, method=method)
    req.add_header("Accept", "application/json")
    if data is not None:
        req.add_header("Content-Type", "application/json")
    if auth:
        credentials = f"{os.environ['ECHO_API_USERNAME']}:{os.environ['ECHO_API_PASSWORD']}"
        token = base64.b64encode(credentials.encode()).decode()
        req.add_header("Authorization", "Basic " + token)
    try:
        with urllib.request.urlopen(req, timeout=15) as response:
            return response.status, json.loads(response.read() or b"null")
    except urllib.error.HTTPError as e:
        text = e.read().decode(errors="replace")
        try:
            return e.code, json.loads(text)
        except ValueError:
            return e.code, {"detail": text}


def get(url):
    status, body = request("GET", url)
    if status != 200:
        raise SystemExit(f"GET {url}: {status} {body}")
    return body


# ---------------------------------------------------------------------------------------------------- run

def rss_kib(pid):
    """VmRSS of a process, KiB (Linux); None when it cannot be read."""
    try:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


class ServerWatch:
    """The server instance's side of a c10k run: its model's CPU time and threads (GET /api/servers/{model}) and
    the process's resident memory, sampled at every poll of the load instance."""

    def __init__(self, url, model, pid):
        self.url, self.model, self.pid = url.rstrip("/"), model, pid
        idle = self.sample()
        if idle["state"] != "RUNNING":
            raise SystemExit(f"{model} is {idle['state']} on the server instance: {idle.get('lastError')}")
        self.idle = idle
        self.peak_threads = idle["threads"]
        self.first = self.last = None  # samples taken while measuring: (cpuSeconds, live messages)
        self.rss_open = None
        self.open_connections = 0

    def sample(self):
        server = get(f"{self.url}/api/servers/{self.model}")
        return {"state": server["state"], "cpuSeconds": server["cpuSeconds"], "threads": server["threads"],
                "active": server["connections"]["active"], "rssKiB": rss_kib(self.pid),
                "lastError": server.get("lastError")}

    def observe(self, live, requested):
        try:
            now = self.sample()
        except (OSError, SystemExit) as e:  # a server that stopped answering shows in the run's own result
            print(f"\n  server instance: {e}", file=sys.stderr)
            return
        self.peak_threads = max(self.peak_threads, now["threads"])
        if live and live.get("phase") == "measuring":
            point = (now["cpuSeconds"], live["messages"])
            self.first = self.first or point
            self.last = point
            # Resident memory counts only while every connection is open on both sides.
            if live["activeConnections"] >= requested and now["active"] >= requested:
                if now["rssKiB"] is not None and (self.rss_open is None or now["rssKiB"] > self.rss_open):
                    self.rss_open, self.open_connections = now["rssKiB"], now["active"]

    def report(self, target):
        try:
            end = self.sample()
        except (OSError, SystemExit):
            end = None
        cpu = messages = per_message = None
        if self.first and self.last and self.last[1] > self.first[1]:
            cpu = round(self.last[0] - self.first[0], 3)
            messages = self.last[1] - self.first[1]
            per_message = round(cpu * 1e6 / messages, 2)
        per_connection = None
        if self.rss_open is not None and self.idle["rssKiB"] is not None and self.open_connections:
            per_connection = round((self.rss_open - self.idle["rssKiB"]) / self.open_connections, 2)
        return {"model": self.model, "target": target, "pid": self.pid,
                "cpuSecondsMeasured": cpu, "messagesMeasured": messages, "cpuMicrosPerMessage": per_message,
                "cpuSecondsWholeRun": None if end is None else round(end["cpuSeconds"] - self.idle["cpuSeconds"], 3),
                "threadsIdle": self.idle["threads"], "peakThreads": self.peak_threads,
                "rssIdleKiB": self.idle["rssKiB"], "rssOpenKiB": self.rss_open,
                "connectionsOpenAtRss": self.open_connections, "rssPerConnectionKiB": per_connection}


def budget_seconds(request, targets):
    """How long a run may take before it is cancelled: every phase and timeout of every target, and a margin.
    request is the run's own, with the API's defaults filled in."""
    per_target = (request["rampUpSeconds"] + request["warmupSeconds"] + (request.get("durationSeconds") or 60)
                  + request["connectTimeoutMs"] / 1000 + request["responseTimeoutMs"] / 1000 + 15)
    return per_target * targets * request.get("repeats", 1) + 30


def cmd_scenarios(args):
    """The scenarios in order (--all: with the calibrations, which run only when named)."""
    for name, scenario in SCENARIOS.items():
        if name in CALIBRATION and not (args.all or args.describe):
            continue
        print(f"  {name:<9} {scenario['what']}" if args.describe else name)


def cmd_scenario_models(args):
    """The models a scenario loads: the given ones whose traits (GET /api/models) it asks for."""
    wanted = SCENARIOS[args.scenario].get("clientsAtOnce")
    traits = {m["id"]: m for m in get(args.url.rstrip("/") + "/api/models")}
    print(" ".join(m for m in args.models.split() if wanted is None or traits[m]["clientsAtOnce"] == wanted))


def cmd_models(args):
    for model in get(args.url.rstrip("/") + "/api/models"):
        print(model["id"], model["port"])


def cmd_start(args):
    """Starts each model on its port moved by the port base; leaves out, with the reason, one the platform lacks."""
    base = args.url.rstrip("/")
    ports = {m["id"]: m["port"] for m in get(base + "/api/models")}
    started = []
    for model in args.models.split():
        port = args.port_base + ports[model] - 7000
        status, server = request("POST", f"{base}/api/servers/{model}/start", {"port": port}, auth=True)
        if status == 200 and server.get("state") == "RUNNING":
            started.append(model)
        elif (server or {}).get("state") == "UNAVAILABLE" or get(f"{base}/api/servers/{model}")["state"] == "UNAVAILABLE":
            print(f"{model}: left out, this platform cannot run it: {server.get('lastError') or server.get('detail')}",
                  file=sys.stderr)
        else:
            raise SystemExit(f"POST /api/servers/{model}/start {{\"port\": {port}}}: {status} {server}")
    print(" ".join(started))


def cmd_run(args):
    body = profile(args.scenario, args.quick)
    if args.repeats > 1:
        body["repeats"] = args.repeats
    watch = None
    if args.targets:  # host:port=label ...: servers outside the app, named in the results
        body["targets"] = [{"address": t.split("=")[0], "model": t.split("=")[1]} for t in args.targets.split()]
    elif args.target:
        body["targets"] = [args.target]
        watch = ServerWatch(args.server, args.label, args.server_pid)
    else:
        body["models"] = args.models.split()
    count = len(body.get("models", [])) + len(body.get("targets", []))
    base = args.url.rstrip("/")
    status, run = request("POST", f"{base}/api/stress", body, auth=True)
    if status != 202:
        raise SystemExit(f"POST /api/stress {json.dumps(body)}: {status} {run}")
    run_id = run["id"]
    if body.get("idleConnections") and not run.get("request", {}).get("idleConnections"):
        request("DELETE", f"{base}/api/stress/{run_id}", auth=True)
        raise SystemExit(f"this app's stress API does not know idleConnections (it answered {run.get('request')}); "
                         f"the {args.scenario} scenario needs it")
    budget = budget_seconds(run["request"], count)
    deadline = time.monotonic() + budget
    while run["status"] not in ("SUCCEEDED", "FAILED", "CANCELLED", "INCONCLUSIVE"):
        if time.monotonic() > deadline:
            request("DELETE", f"{base}/api/stress/{run_id}", auth=True)
            raise SystemExit(f"\nrun {run_id} did not finish in {budget:.0f} s; cancelled")
        time.sleep(POLL_SECONDS)
        run = get(f"{base}/api/stress/{run_id}")
        live = run.get("live")
        if watch:
            watch.observe(live, run["request"]["connections"])
        if live:
            label = args.label or live["model"]
            turn = f"{live['modelIndex'] + 1}/{live['models']}"
            print(f"\r  {args.scenario} {turn:>5} {label:<22} {live['phase']:<9} {live['progress'] * 100:3.0f}% "
                  f"{live['activeConnections']:>6} open {live['messagesPerSecond']:>11,.0f} msg/s", end="",
                  file=sys.stderr, flush=True)
    print(file=sys.stderr)
    with open(args.out, "w") as f:
        json.dump(run, f, indent=1)
    if watch:
        with open(args.out.removesuffix(".json") + ".server.json", "w") as f:
            json.dump(watch.report(args.target), f, indent=1)
    for result in run["results"]:
        name = args.label or result["model"]
        print(f"  {name}: {result['status']}, {result['throughput']['messagesPerSecond']:,.0f} msg/s"
              + "".join(f"\n    {note}" for note in result["notes"] if result["status"] != "SUCCEEDED"),
              file=sys.stderr)


# ---------------------------------------------------------------------------------------------------- manifest

def sh(*command):
    try:
        out = subprocess.run(command, capture_output=True, text=True, timeout=30)
        return (out.stdout + out.stderr).strip()
    except (OSError, subprocess.TimeoutExpired) as e:
        return f"unknown ({e})"


def load_average():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return "unknown"


def cpu_model():
    try:
        with open("/proc/cpuinfo") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.machine()


def now_utc():
    return datetime.now(timezone.utc).isoformat(timespec="seconds")


def cmd_manifest(args):
    path = os.path.join(args.dir, "manifest.json")
    if args.begin:
        java = os.path.join(os.environ["JAVA_HOME"], "bin", "java")
        opts = os.environ.get("JAVA_OPTS", "").split()
        soft, hard = resource.getrlimit(resource.RLIMIT_NOFILE)
        manifest = {
            "startedAt": now_utc(), "finishedAt": None,
            "quick": args.quick, "repeat": args.repeat, "scenarios": args.scenarios.split(),
            "models": args.models.split(), "c10kModels": args.c10k_models.split(),
            "git": {"commit": sh("git", "rev-parse", "HEAD"), "branch": sh("git", "rev-parse", "--abbrev-ref", "HEAD"),
                    "dirty": bool(sh("git", "status", "--porcelain", "--untracked-files=no"))},
            "jdk": sh(java, "-version").splitlines()[:3],
            "javaHome": os.environ["JAVA_HOME"], "javaOpts": " ".join(opts),
            "jvmFlags": " ".join(f for f in sh(java, *opts, "-XX:+PrintCommandLineFlags", "-version").split("\n")[0]
                                 .split() if f != "-XX:+PrintCommandLineFlags"),
            "cores": os.cpu_count(), "cpuModel": cpu_model(), "memoryMiB": os.sysconf("SC_PHYS_PAGES")
            * os.sysconf("SC_PAGE_SIZE") // 2**20,
            "kernel": " ".join(platform.uname()[i] for i in (0, 2, 3, 4)),
            "ulimitN": {"soft": soft, "hard": hard},
            "loadAverageBefore": load_average(), "loadAverageAfter": None,
            "jar": args.jar, "appArgs": args.app_args,
            "profiles": {s: profile(s, args.quick) for s in args.scenarios.split()},
            "scenarioTimes": {},
        }
    else:
        with open(path) as f:
            manifest = json.load(f)
        if args.scenario:
            times = manifest["scenarioTimes"].setdefault(args.scenario, {})
            times[args.event + "At"] = now_utc()
            times["loadAverage" + args.event.capitalize()] = load_average()
        if args.end:
            manifest["finishedAt"] = now_utc()
            manifest["loadAverageAfter"] = load_average()
    with open(path, "w") as f:
        json.dump(manifest, f, indent=1)


# ---------------------------------------------------------------------------------------------------- tables

def number(value):
    """Three significant digits at most, thousands grouped, as the stress API's own table: 63,458 / 4.06 / 14.3."""
    if value is None:
        return "–"
    magnitude = abs(value)
    decimals = 0 if magnitude >= 100 or value == int(value) else 1 if magnitude >= 10 else 2 if magnitude >= 1 else 3
    return f"{value:,.{decimals}f}"


def median_spread(values, spread):
    """'median', and with more than one value '± half the min–max range, as a share of the median'."""
    values = [v for v in values if v is not None]
    if not values:
        return "–"
    middle = statistics.median(values)
    text = number(middle)
    if spread and len(values) > 1 and middle:
        text += f" ±{(max(values) - min(values)) / 2 / abs(middle) * 100:.0f}%"
    return text


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def load_runs(directory, scenario):
    """{model: [(result, server-side sample or None, the run's request), one per repeat]}."""
    rows = {}
    if scenario == "c10k":
        for path in sorted(glob.glob(os.path.join(directory, "c10k-*-r*.json"))):
            if path.endswith(".server.json"):
                continue
            with open(path) as f:
                run = json.load(f)
            with open(path.removesuffix(".json") + ".server.json") as f:
                server = json.load(f)
            for result in run["results"]:
                rows.setdefault(server["model"], []).append((result, server, run["request"]))
    else:
        paths = [p for p in glob.glob(os.path.join(directory, f"{scenario}.json"))]
        paths += sorted(glob.glob(os.path.join(directory, f"{scenario}-r*.json")))  # before repeats ran in one run
        for path in paths:
            with open(path) as f:
                run = json.load(f)
            for result in run["results"]:
                rows.setdefault(result["model"], []).append((result, None, run["request"]))
    return rows


def out_of(flags, when_all, otherwise):
    """'yes'/'no' for one run, 'k/N' when the repeats disagree."""
    hits = sum(flags)
    if hits == len(flags):
        return when_all
    if hits == 0:
        return otherwise
    return f"{hits}/{len(flags)}"


def scenario_table(directory, scenario, manifest):
    found = load_runs(directory, scenario)
    order = manifest["c10kModels"] if scenario == "c10k" else manifest["models"]
    rows = {m: found[m] for m in sorted(found, key=lambda m: order.index(m) if m in order else len(order))}
    repeats = max((len(r) for r in rows.values()), default=0)
    spread = repeats > 1
    # The request as the API filled it in: what ran, not what this script asked for.
    body = next(iter(rows.values()))[0][2] if rows else profile(scenario, manifest["quick"])
    lines = [f"### `{scenario}`: {SCENARIOS[scenario]['what']}", ""]
    lines.append(f"{describe(body)} {repeats} run{'s' if repeats != 1 else ''} per model"
                 + (": each cell is the median, ± half the min–max range as a share of it." if spread else ".")
                 + (" **Quick mode: proves the script works, measures nothing.**" if manifest["quick"] else ""))
    lines.append("")
    c10k = scenario == "c10k"
    headings = ["model", "ok runs", "connections", "msg/s", "MB/s", "p50 µs", "p99 µs", "p99.9 µs",
                "server CPU µs/msg", "client CPU µs/msg", "peak threads"]
    headings += ["RSS KiB/conn"] if c10k else []
    headings += ["integrity", "client-bound"]
    lines.append("| " + " | ".join(headings) + " |")
    lines.append("|---|" + "---:|" * (len(headings) - 3) + "---|---|")
    notes = []
    for model, runs in rows.items():
        results = [r for r, _, _ in runs]
        servers = [s for _, s, _ in runs]
        ok = sum(r["status"] == "SUCCEEDED" for r in results)
        held = min(r["connections"]["established"] for r in results)
        requested = results[0]["connections"]["requested"]
        if c10k:
            cpu = [s["cpuMicrosPerMessage"] for s in servers]
            threads = [s["peakThreads"] for s in servers]
        else:
            cpu = [r["cost"]["cpuMicrosPerMessage"] for r in results]
            threads = [r["cost"]["peakThreads"] for r in results]
        cells = [f"`{model}`", f"{ok}/{len(results)}",
                 f"{held:,}" if held == requested else f"**{held:,} of {requested:,}**",
                 median_spread([r["throughput"]["messagesPerSecond"] for r in results], spread),
                 number(median([r["throughput"]["bytesPerSecond"] / 1e6 for r in results])),
                 number(median([r["latencyMicros"]["p50"] for r in results])),
                 median_spread([r["latencyMicros"]["p99"] for r in results], spread),
                 number(median([r["latencyMicros"]["p999"] for r in results])),
                 median_spread(cpu, spread),
                 number(median([r["client"].get("cpuMicrosPerMessage") for r in results])),
                 number(median(threads))]
        if c10k:
            cells.append(number(median([s["rssPerConnectionKiB"] for s in servers])))
        cells.append(out_of([r["integrity"]["verified"] for r in results], "verified", "**BROKEN**"))
        cells.append(out_of([r["clientBound"] for r in results], "**yes**", "no"))
        lines.append("| " + " | ".join(cells) + " |")
        seen = []
        for r in results:
            seen += [n for n in r["notes"] if n not in seen and not n.startswith("CPU time is")]
        notes += [f"- **{model}**: {n}" for n in seen[:3]]
    if notes:
        lines += ["", "Notes (from the runs themselves):", ""] + notes
    if c10k:
        failed = [m for m, runs in rows.items() if any(r["status"] != "SUCCEEDED" for r, _, _ in runs)]
        lines += ["", f"Held every connection with every byte verified: {len(rows) - len(failed)} of {len(rows)} "
                      f"models" + (f" (not: {', '.join(failed)})." if failed else ".")]
    if scenario == "note":
        lines += [""] + targets(rows)
    return "\n".join(lines) + "\n"


def describe(request):
    """The run's request in words; request has the API's defaults filled in."""
    loop = (f"open loop at {request['ratePerSecond']:,} msg/s" if request.get("ratePerSecond")
            else f"closed loop, {request['pipeline']} in flight per connection")
    ramp = f", connects over {request['rampUpSeconds']:g} s" if request.get("rampUpSeconds") else ""
    length = (f"{request['durationSeconds']:g} s" if request.get("durationSeconds")
              else f"{request['messagesPerConnection']:,} messages per connection")
    return (f"{request['connections']:,} connections × {request['payloadBytes']:,} B, {loop}, "
            f"{length} after {request['warmupSeconds']:g} s warm-up{ramp};")


def targets(rows):
    """The issue's targets as ratios to netty, taken within each run (same run, same machine), then the median."""
    if "netty" not in rows:
        return ["Targets: not computed (netty was not in this run)."]

    def ratios(model, figure):
        values = []
        for (mine, _, _), (netty, _, _) in zip(rows.get(model, []), rows["netty"]):
            if figure == "cpu":
                a, b = mine["cost"]["cpuMicrosPerMessage"], netty["cost"]["cpuMicrosPerMessage"]
            elif figure == "rate":
                a, b = mine["throughput"]["messagesPerSecond"], netty["throughput"]["messagesPerSecond"]
            else:  # the load generator's CPU per message against netty's server CPU per message
                a, b = netty["client"].get("cpuMicrosPerMessage"), netty["cost"]["cpuMicrosPerMessage"]
            if a is not None and b:
                values.append(a / b)
        return values

    names = {"cpu": "server CPU µs/msg ÷ netty's", "rate": "msg/s ÷ netty's",
             "client": "stress engine's CPU µs/msg ÷ netty server's"}
    lines = ["Targets of issue 8 (ratios within each run, then the median; min–max over the runs):", "",
             "| target | ratio | range | goal | met |", "|---|---:|---|---|---|"]
    for model, figure, goal, sense in TARGETS + [("netty", "client", 1.0, "≤")]:
        values = ratios(model, figure)
        if not values:
            lines.append(f"| `{model}` {names[figure]} | – | – | {sense} {goal} | not measured |")
            continue
        ratio = statistics.median(values)
        met = ratio <= goal if sense == "≤" else ratio >= goal
        lines.append(f"| `{model}` {names[figure]} | {ratio:.2f} | {min(values):.2f}–{max(values):.2f} | "
                     f"{sense} {goal} | {'yes' if met else '**no**'} |")
    bound = [r["clientBound"] for r, _, _ in rows["netty"]]
    lines.append(f"| stress engine client-bound against `netty` | {out_of(bound, 'yes', 'no')} | | no | "
                 f"{'yes' if not any(bound) else '**no**'} |")
    return lines


# ---------------------------------------------------------------------------------------------------- verdicts

LABELS = {"messagesPerSecond": "msg/s", "p50Micros": "p50 µs", "p99Micros": "p99 µs", "p999Micros": "p99.9 µs",
          "cpuMicrosPerMessage": "CPU µs/msg"}


def cmd_compare(args):
    """GET /api/stress/compare (the app's statistics) with these parameters; saves its JSON."""
    query = {"base": args.base, "candidate": args.candidate}
    if args.run:
        query["run"] = args.run
    comparison = get(f"{args.url.rstrip('/')}/api/stress/compare?{urllib.parse.urlencode(query)}")
    with open(args.out, "w") as f:
        json.dump(comparison, f, indent=1)


def ratio(value):
    return "–" if value is None else f"×{value:.3f}".rstrip("0").rstrip(".")


def comparison_table(comparison):
    """A comparison's verdicts, one row per model and metric, then its caveats, method and notes: Markdown lines."""
    lines = ["| model | metric | base | candidate | ratio | shift (interval) | p | verdict | rule | runs a side to "
             "decide |", "|---|---|--:|--:|--:|---|--:|---|---|--:|"]
    caveats = []
    for model in comparison["models"]:
        name = model["model"] if model["model"] == model["baseModel"] else f"{model['model']} vs {model['baseModel']}"
        if model["absentFrom"]:
            other = "candidate" if model["absentFrom"] == "base" else "base"
            lines.append(f"| {name} | only in the {other} | | | | | | | | |")
            continue
        for m in model["metrics"]:
            interval = m["interval"]
            shift = "–" if interval is None else (
                f"{ratio(m['shift'])} ({ratio(interval['low']) if interval['low'] else 'unbounded'} to "
                f"{ratio(interval['high']) if interval['high'] else 'unbounded'}, {interval['confidence'] * 100:.0f} %)")
            p = "–" if m["pValue"] is None else f"{m['pValue']:.3g}"
            lines.append(f"| {name} | {LABELS.get(m['metric'], m['metric'])} | {number(m['base'])} | "
                         f"{number(m['candidate'])} | {ratio(m['ratio'])} | {shift} | {p} | **{m['verdict']}** | "
                         f"{m['rule']} | {m['runsNeeded'] or ''} |")
            caveats += [c for c in m["caveats"] if c not in caveats]
    lines += [""] + [f"- caveat: {c}" for c in caveats]
    lines += ["", f"Method: {comparison['method']}"] + [f"Note: {n}" for n in comparison["notes"]]
    return lines


def verdict_of(comparison, metric):
    return next(m["verdict"] for m in comparison["models"][0]["metrics"] if m["metric"] == metric)


def cmd_aa_table(args):
    """The A/A calibration: how often one model compared with itself got better or worse, and its spread."""
    comparisons = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(args.dir, "aa-r*-compare.json")))]
    runs = [json.load(open(p)) for p in sorted(glob.glob(os.path.join(args.dir, "aa-r*.json")))
            if not p.endswith("-compare.json")]
    if not comparisons:
        raise SystemExit(f"no A/A comparison in {args.dir}")
    with open(os.path.join(args.dir, "manifest.json")) as f:
        quick = json.load(f)["quick"]
    model = comparisons[0]["models"][0]
    metrics = [m["metric"] for m in model["metrics"]]
    lines = [f"### `aa`: {model['model']} against itself, {len(comparisons)} comparisons of {model['baseRuns']} "
             f"against {model['candidateRuns']} interleaved repeats", "",
             describe(runs[0]["request"]).rstrip(";") + ". Each comparison is one run of 2 × N repeats, its odd repeats against "
             "its even ones; every better or worse is a false verdict. The spread is max ÷ min − 1 of one run's "
             "repeats: its median and its largest over the runs."
             + (" **Quick mode: proves the scenario works, measures nothing.**" if quick else ""), "",
             "| metric | better | worse | same | inconclusive | unknown | false verdicts | spread, median | spread, "
             "largest |", "|---|--:|--:|--:|--:|--:|--:|--:|--:|"]
    false_total = 0
    largest = {}
    for metric in metrics:
        verdicts = [verdict_of(c, metric) for c in comparisons]
        counts = {v: verdicts.count(v) for v in ("better", "worse", "same", "inconclusive", "unknown")}
        false = counts["better"] + counts["worse"]
        false_total += false
        spreads = []
        for run in runs:
            values = [value(r, metric) for r in run["results"]]
            values = [v for v in values if v]
            if len(values) > 1:
                spreads.append(max(values) / min(values) - 1)
        largest[metric] = max(spreads) if spreads else None
        lines.append(f"| {LABELS[metric]} | {counts['better']} | {counts['worse']} | {counts['same']} | "
                     f"{counts['inconclusive']} | {counts['unknown']} | {false} of {len(verdicts)} | "
                     f"{percent(statistics.median(spreads)) if spreads else '–'} | {percent(largest[metric])} |")
    lines += ["", f"False verdicts: **{false_total} of {len(comparisons) * len(metrics)}** (goal: 0).", "",
              "The largest spreads as settings of the service (A/A spread per metric, used when a comparison has too "
              "few runs for the rank test):", "", "```"]
    lines += [f"--echo.history.aa-spread-by-metric[{m}]={largest[m]:.2f}" for m in metrics if largest[m] is not None]
    lines += ["```"]
    write_table(args.dir, "aa", lines)


def cmd_slowed_table(args):
    """The slowed check: a server 20 % slower per message must be worse."""
    with open(os.path.join(args.dir, "slowed-compare.json")) as f:
        comparison = json.load(f)
    with open(os.path.join(args.dir, "slowed.json")) as f:
        run = json.load(f)
    with open(os.path.join(args.dir, "manifest.json")) as f:
        quick = json.load(f)["quick"]
    model = comparison["models"][0]
    lines = [f"### `slowed`: `{model['model']}` against `{model['baseModel']}`, {model['baseRuns']} interleaved "
             "repeats each", "",
             describe(run["request"]).rstrip(";") + f". {args.what}"
             + (" **Quick mode: proves the scenario works, measures nothing.**" if quick else ""), ""]
    lines += comparison_table(comparison)
    expected = ["messagesPerSecond", "p50Micros"]
    called = {metric: verdict_of(comparison, metric) for metric in expected}
    held = all(v == "worse" for v in called.values())
    lines += ["", ("Held" if held else "**Not held**") + ": the slower server is called worse on msg/s and p50 ("
              + ", ".join(f"{LABELS[m]} {v}" for m, v in called.items()) + ")."]
    write_table(args.dir, "slowed", lines)


def value(result, metric):
    return {"messagesPerSecond": result["throughput"]["messagesPerSecond"],
            "p50Micros": result["latencyMicros"]["p50"], "p99Micros": result["latencyMicros"]["p99"],
            "p999Micros": result["latencyMicros"]["p999"],
            "cpuMicrosPerMessage": (result.get("cost") or {}).get("cpuMicrosPerMessage")}[metric]


def percent(share):
    return "–" if share is None else f"{share * 100:.0f} %"


def write_table(directory, scenario, lines):
    text = "\n".join(lines) + "\n"
    with open(os.path.join(directory, f"{scenario}.md"), "w") as f:
        f.write(text)
    print(text)


def cmd_table(args):
    with open(os.path.join(args.dir, "manifest.json")) as f:
        manifest = json.load(f)
    text = scenario_table(args.dir, args.scenario, manifest)
    with open(os.path.join(args.dir, f"{args.scenario}.md"), "w") as f:
        f.write(text)
    print(text)


def cmd_summary(args):
    with open(os.path.join(args.dir, "manifest.json")) as f:
        m = json.load(f)
    git = m["git"]
    command = " ".join(["bench/compare.sh", *m["scenarios"], "--repeat", str(m["repeat"])]
                       + (["--quick"] if m["quick"] else []))
    loads = "; ".join(f"`{s}` {t.get('loadAverageStart', '?')} → {t.get('loadAverageEnd', '?')}"
                      for s, t in m["scenarioTimes"].items())
    lines = [f"Measured {m['startedAt'][:10]} with `{command}`:", "",
             f"- machine: {m['cores']} cores ({m['cpuModel']}), {m.get('memoryMiB', '?'):,} MiB, {m['kernel']}; "
             f"`ulimit -n` {m['ulimitN']['soft']} "
             f"(hard {m['ulimitN']['hard']})",
             f"- JDK: {m['jdk'][0]}; JVM flags: `{m['jvmFlags']}`" + (f"; JAVA_OPTS `{m['javaOpts']}`"
                                                                     if m["javaOpts"] else ""),
             f"- code: commit {git['commit'][:10]} on `{git['branch']}`"
             + (" (with uncommitted changes)" if git["dirty"] else ""),
             f"- load average (1, 5, 15 min) before: {m['loadAverageBefore']}, after: {m['loadAverageAfter']}; "
             f"per scenario, start → end: {loads}",
             ""]
    for scenario in m["scenarios"]:
        path = os.path.join(args.dir, f"{scenario}.md")
        if os.path.exists(path):
            with open(path) as f:
                lines.append(f.read())
    with open(os.path.join(args.dir, "summary.md"), "w") as f:
        f.write("\n".join(lines))
    print(f"summary: {os.path.join(args.dir, 'summary.md')}", file=sys.stderr)


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    scenarios = commands.add_parser("scenarios")
    scenarios.add_argument("--describe", action="store_true")
    scenarios.add_argument("--all", action="store_true")
    scenario_models = commands.add_parser("scenario-models")
    scenario_models.add_argument("--scenario", required=True, choices=SCENARIOS)
    scenario_models.add_argument("--models", required=True)
    scenario_models.add_argument("--url", required=True)
    models = commands.add_parser("models")
    models.add_argument("--url", required=True)
    start = commands.add_parser("start")
    start.add_argument("--url", required=True)
    start.add_argument("--models", required=True)
    start.add_argument("--port-base", type=int, required=True)
    run = commands.add_parser("run")
    run.add_argument("--scenario", required=True, choices=SCENARIOS)
    run.add_argument("--url", required=True)
    run.add_argument("--models", default="")
    run.add_argument("--target")
    run.add_argument("--targets", default="", help="host:port=label ...: servers outside the app")
    run.add_argument("--repeats", type=int, default=1)
    run.add_argument("--label")
    run.add_argument("--server")
    run.add_argument("--server-pid", type=int)
    run.add_argument("--out", required=True)
    run.add_argument("--quick", action="store_true")
    manifest = commands.add_parser("manifest")
    manifest.add_argument("--dir", required=True)
    manifest.add_argument("--begin", action="store_true")
    manifest.add_argument("--end", action="store_true")
    manifest.add_argument("--scenario")
    manifest.add_argument("--event", choices=["start", "end"])
    manifest.add_argument("--quick", action="store_true")
    manifest.add_argument("--repeat", type=int, default=1)
    manifest.add_argument("--scenarios", default="")
    manifest.add_argument("--models", default="")
    manifest.add_argument("--c10k-models", default="")
    manifest.add_argument("--jar", default="")
    manifest.add_argument("--app-args", default="")
    table = commands.add_parser("table")
    table.add_argument("--dir", required=True)
    table.add_argument("--scenario", required=True, choices=SCENARIOS)
    compare = commands.add_parser("compare")
    compare.add_argument("--url", required=True)
    compare.add_argument("--run")
    compare.add_argument("--base", required=True)
    compare.add_argument("--candidate", required=True)
    compare.add_argument("--out", required=True)
    aa_table = commands.add_parser("aa-table")
    aa_table.add_argument("--dir", required=True)
    slowed_table = commands.add_parser("slowed-table")
    slowed_table.add_argument("--dir", required=True)
    slowed_table.add_argument("--what", default="")
    summary = commands.add_parser("summary")
    summary.add_argument("--dir", required=True)
    args = parser.parse_args()
    {"scenarios": cmd_scenarios, "scenario-models": cmd_scenario_models, "models": cmd_models, "start": cmd_start, "run": cmd_run, "manifest": cmd_manifest,
     "table": cmd_table, "summary": cmd_summary, "compare": cmd_compare, "aa-table": cmd_aa_table,
     "slowed-table": cmd_slowed_table}[args.command](args)


if __name__ == "__main__":
    main()
