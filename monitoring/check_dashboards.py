#!/usr/bin/env python3
"""Checks Grafana dashboards without Grafana (standard library only).

  check_dashboards.py lint --datasource-uid UID DASHBOARD.json...
      Well-formed JSON; every panel but rows has a title, a unit, targets that carry an expression (PromQL, or
      SQL for the History dashboard), and a
      datasource that resolves to UID: directly, or through a datasource variable whose current value is UID.
      Query variables too.

  check_dashboards.py import [--plugin ID] --datasource-uid UID --out DIR DASHBOARD.json...
      Does what Grafana's "Import dashboard" does with the dashboard's __inputs: every ${INPUT} of a datasource
      input of plugin ID (prometheus unless given) becomes UID. Writes the results to DIR (lint them with the same
      UID: an imported dashboard must use the datasource chosen at import, not the one provisioned with compose).

  check_dashboards.py query --prometheus URL --time T --rate-interval 30s DASHBOARD...
      Evaluates every variable query and every panel expression through Prometheus's /api/v1/query at time T,
      with the variables substituted as Grafana would ($model = a regex of every value its query returns,
      $__rate_interval = the given window). Prints each expression with its series count and fails when one
      errors or returns no series, unless the emptiness is explained: the loop meters when no running model has
      made a loop pass. Datasource variables are not queried: every expression goes to the one Prometheus.
"""
import argparse
import json
import os
import re
import sys
import urllib.parse
import urllib.request

INPUT = re.compile(r"\$\{(\w+)\}")
VARIABLE = re.compile(r"\$\{(\w+)(?::\w+)?\}|\[\[(\w+)\]\]|\$(\w+)")
LABEL_VALUES = re.compile(r"^\s*label_values\((.*),\s*(\w+)\s*\)\s*$", re.S)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def all_panels(dashboard):
    for panel in dashboard.get("panels", []):
        yield panel
        yield from panel.get("panels", [])  # panels inside collapsed rows


def resolves_to(datasource, uid, datasource_variables):
    """Whether a panel's, target's or variable's datasource is uid, named directly or through a variable."""
    named = (datasource or {}).get("uid")
    match = INPUT.fullmatch(named or "")
    return named == uid or (match is not None and datasource_variables.get(match.group(1)) == uid)


def lint(paths, uid):
    problems = []
    for path in paths:
        try:
            dashboard = load(path)
        except (OSError, ValueError) as e:
            problems.append(f"{path}: not well-formed JSON: {e}")
            continue
        for key in ("uid", "title", "panels"):
            if not dashboard.get(key):
                problems.append(f"{path}: dashboard has no {key}")
        variables = dashboard.get("templating", {}).get("list", [])
        datasource_variables = {v.get("name"): (v.get("current") or {}).get("value")
                                for v in variables if v.get("type") == "datasource"}
        ids = set()
        for panel in all_panels(dashboard):
            name = f"{path}: panel {panel.get('id')} '{panel.get('title', '')}'"
            if panel.get("id") in ids:
                problems.append(f"{name}: duplicate id")
            ids.add(panel.get("id"))
            if not panel.get("gridPos"):
                problems.append(f"{name}: no gridPos")
            if panel.get("type") == "row":
                continue
            if not panel.get("title"):
                problems.append(f"{name}: no title")
            if not resolves_to(panel.get("datasource"), uid, datasource_variables):
                problems.append(f"{name}: datasource {panel.get('datasource')} is not {uid}")
            if not panel.get("fieldConfig", {}).get("defaults", {}).get("unit"):
                problems.append(f"{name}: no unit")
            targets = panel.get("targets") or []
            if not targets:
                problems.append(f"{name}: no targets")
            for target in targets:
                if not (target.get("expr") or target.get("rawSql") or "").strip():
                    problems.append(f"{name} [{target.get('refId')}]: no expression")
                if target.get("datasource") and not resolves_to(target["datasource"], uid, datasource_variables):
                    problems.append(f"{name} [{target.get('refId')}]: datasource {target['datasource']} is not {uid}")
        for var in variables:
            if var.get("type") == "query" and not resolves_to(var.get("datasource"), uid, datasource_variables):
                problems.append(f"{path}: variable {var.get('name')}: datasource {var.get('datasource')} is not {uid}")
        print(f"{path}: {sum(1 for p in all_panels(dashboard) if p.get('type') != 'row')} panels")
    for problem in problems:
        print("FAIL", problem)
    return not problems


def import_as(paths, plugin, uid, out):
    """Grafana's import: each ${NAME} of a datasource input, in any string of the dashboard, becomes uid."""
    problems = []
    for path in paths:
        dashboard = load(path)
        inputs = {i.get("name") for i in dashboard.get("__inputs", [])
                  if i.get("type") == "datasource" and i.get("pluginId") == plugin}
        if not inputs:
            problems.append(f"{path}: no __inputs entry for a {plugin} datasource: an import cannot choose one")
            continue

        def substitute_inputs(value):
            if isinstance(value, str):
                return INPUT.sub(lambda m: uid if m.group(1) in inputs else m.group(0), value)
            if isinstance(value, list):
                return [substitute_inputs(v) for v in value]
            if isinstance(value, dict):
                return {k: substitute_inputs(v) for k, v in value.items()}
            return value

        imported = substitute_inputs({k: v for k, v in dashboard.items() if k not in ("__inputs", "__requires")})
        target = os.path.join(out, os.path.basename(path))
        with open(target, "w", encoding="utf-8") as f:
            json.dump(imported, f, indent=2, ensure_ascii=False)
        print(f"{path}: imported with datasource {uid} ({', '.join(sorted(inputs))}) -> {target}")
    for problem in problems:
        print("FAIL", problem)
    return not problems


class Prometheus:
    def __init__(self, url, time):
        self.url = url.rstrip("/")
        self.time = time

    def query(self, expr):
        """The result vector of an instant query; raises ValueError with Prometheus's message on an error."""
        data = urllib.parse.urlencode({"query": expr, "time": self.time}).encode()
        try:
            with urllib.request.urlopen(self.url + "/api/v1/query", data=data, timeout=30) as response:
                body = json.load(response)
        except urllib.error.HTTPError as e:
            body = json.load(e)
        if body.get("status") != "success":
            raise ValueError(f"{body.get('errorType')}: {body.get('error')}")
        return body["data"]["result"]


def substitute(expr, values):
    def one(m):
        name = m.group(1) or m.group(2) or m.group(3)
        if name not in values:
            raise KeyError(name)
        return values[name]
    return VARIABLE.sub(one, expr)


def regex_of(values):
    return "(" + "|".join(re.sub(r"([\\^$.|?*+()\[\]{}])", r"\\\1", v) for v in values) + ")"


def query(paths, prometheus, rate_interval):
    builtin = {"__rate_interval": rate_interval, "__interval": "1s", "__interval_ms": "1000",
               "__range": rate_interval, "__range_s": rate_interval.rstrip("s"), "__range_ms": "0"}
    loops_idle = not prometheus.query("sum(echo_server_loop_iterations_total) > 0")
    counts = {"OK": 0, "SKIP": 0, "FAIL": 0}

    def report(status, series, where, expr, note=""):
        counts[status] += 1
        print(f"{status:<4} {series:>4}  {where}: {expr}" + (f"\n           -> {note}" if note else ""))

    for path in paths:
        dashboard = load(path)
        values = dict(builtin)
        print(f"== {path}")
        for var in dashboard.get("templating", {}).get("list", []):
            name = var["name"]
            if var.get("type") == "datasource":
                continue
            definition = var.get("definition") or (var.get("query") or {}).get("query", "")
            match = LABEL_VALUES.match(definition)
            if not match:
                report("FAIL", 0, f"variable ${name}", definition, "only label_values(selector, label) is checked")
                continue
            selector, label = match.groups()
            expr = f"count by ({label}) ({substitute(selector, values)})"
            try:
                found = sorted({s["metric"].get(label, "") for s in prometheus.query(expr)} - {""})
            except (ValueError, KeyError) as e:
                report("FAIL", 0, f"variable ${name}", definition, str(e))
                continue
            if not found and var.get("includeAll") and var.get("allValue") == ".*":
                # e.g. $generator with no load generator scraped: "All" (.*) still matches every series.
                report("SKIP", 0, f"variable ${name}", definition, "no values here; All matches every series")
            else:
                report("OK" if found else "FAIL", len(found), f"variable ${name}", definition, ", ".join(found))
            all_value = var.get("allValue") if var.get("includeAll") else None
            values[name] = all_value or regex_of(found or ["no-value"])
        print(f"   $model={values.get('model')} $instance={values.get('instance')} "
              f"$__rate_interval={rate_interval} time={prometheus.time}")
        for panel in all_panels(dashboard):
            for target in panel.get("targets") or []:
                expr = target.get("expr", "")
                where = f"{panel.get('title')} [{target.get('refId')}]"
                try:
                    series = len(prometheus.query(substitute(expr, values)))
                except KeyError as e:
                    report("FAIL", 0, where, expr, f"unknown variable ${e.args[0]}")
                    continue
                except ValueError as e:
                    report("FAIL", 0, where, expr, str(e))
                    continue
                if series:
                    report("OK", series, where, expr)
                elif "echo_server_loop_" in expr and loops_idle:
                    report("SKIP", 0, where, expr,
                           "no running model has made a loop pass (none has a polling or selecting loop)")
                else:
                    report("FAIL", 0, where, expr, "no series")
    # Worded so that CI does not take it for a test runner's summary line.
    print(f"dashboard expressions: {counts['OK']} answered with series, {counts['SKIP']} skipped with a reason, "
          f"{counts['FAIL']} wrong")
    return counts["FAIL"] == 0


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    lint_args = commands.add_parser("lint")
    lint_args.add_argument("--datasource-uid", required=True)
    lint_args.add_argument("dashboards", nargs="+")
    import_args = commands.add_parser("import")
    import_args.add_argument("--plugin", default="prometheus")
    import_args.add_argument("--datasource-uid", required=True)
    import_args.add_argument("--out", required=True)
    import_args.add_argument("dashboards", nargs="+")
    query_args = commands.add_parser("query")
    query_args.add_argument("--prometheus", required=True)
    query_args.add_argument("--time", required=True)
    query_args.add_argument("--rate-interval", required=True)
    query_args.add_argument("dashboards", nargs="+")
    args = parser.parse_args()
    if args.command == "lint":
        ok = lint(args.dashboards, args.datasource_uid)
    elif args.command == "import":
        ok = import_as(args.dashboards, args.plugin, args.datasource_uid, args.out)
    else:
        ok = query(args.dashboards, Prometheus(args.prometheus, args.time), args.rate_interval)
    sys.exit(0 if ok else 1)


if __name__ == "__main__":
    main()
