#!/usr/bin/env python3
"""Turns one bench run into bench/out/results-<db>-<N>.json and a table (Python standard library only).

  report.py collect RUN_DIR OUT_JSON   read RUN_DIR/meta.json and RUN_DIR/scenarios/*.json, write OUT_JSON,
                                       print the table
  report.py table RESULTS_JSON...      print the Markdown tables of finished runs (for bench/RESULTS.md)
"""

import glob
import json
import os
import sys


def mib(kib):
    return None if kib is None else round(kib / 1024, 1)


def collect(run_dir, out_path):
    with open(os.path.join(run_dir, "meta.json")) as f:
        result = json.load(f)
    scenarios = []
    for path in sorted(glob.glob(os.path.join(run_dir, "scenarios", "*.json"))):
        with open(path) as f:
            scenario = json.load(f)
        wrk = scenario.pop("wrk")
        errors = wrk["errors"]
        scenario.update(
            requests=wrk["requests"],
            duration_s=wrk["duration_s"],
            rps=wrk["rps"],
            p50_ms=wrk["p50_ms"],
            p90_ms=wrk["p90_ms"],
            p99_ms=wrk["p99_ms"],
            mean_ms=wrk["mean_ms"],
            max_ms=wrk["max_ms"],
            bytes=wrk["bytes"],
            errors=errors,
            errors_total=sum(errors.values()),
        )
        scenarios.append(scenario)
    result["scenarios"] = scenarios
    os.makedirs(os.path.dirname(os.path.abspath(out_path)), exist_ok=True)
    with open(out_path, "w") as f:
        json.dump(result, f, indent=2)
        f.write("\n")
    print(render(result))


def db_cpu(scenario):
    # SQLite runs inside the server; PostgreSQL's CPU is measured when it runs on this machine.
    value = scenario.get("db_cpu_pct")
    return "–" if not value else f"{value:.0f}"


def render(result):
    lines = [
        f"### {result['db']}, {result['tickets']:,} tickets",
        "",
        f"{result['date']} · {result['connections']} connections, {result['threads']} wrk threads, "
        f"{result['duration_s']} s per scenario · tree {result.get('commit', '?')}"
        + (f", binary built {result['binary']['built']} (sha256 {result['binary']['sha256']})" if "binary" in result else ""),
        "",
        "| scenario | conns | req/s | % of floor | p50 ms | p99 ms | max ms | errors | CPU % server / db / wrk / other | RSS max MiB |",
        "|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    floor = next((s["rps"] for s in result["scenarios"] if s["name"] == "floor"), None)
    for s in result["scenarios"]:
        share = f"{100 * s['rps'] / floor:.0f} %" if floor else "–"
        lines.append(
            f"| {s['name']} | {s['connections']} | {s['rps']:,.0f} | {share} | {s['p50_ms']:.1f} | {s['p99_ms']:.1f} | "
            f"{s['max_ms']:.0f} | {s['errors_total']} | "
            f"{s['server_cpu_pct']:.0f} / {db_cpu(s)} / {s['wrk_cpu_pct']:.0f} / {s['other_cpu_pct']:.0f} | "
            f"{mib(s['rss_max_kb'])} |"
        )
    size = result["db_size_bytes_after_seed"]
    lines += [
        "",
        f"- seeding: {result['seed_seconds']:.1f} s (migrate {result['migrate_seconds']:.1f} s)",
        f"- database size after seeding: {size / 2**20:,.0f} MiB; at the end: "
        f"{result['db_size_bytes_end'] / 2**20:,.0f} MiB",
        f"- server RSS idle: {mib(result['rss_idle_start_kb'])} MiB after start, "
        f"{mib(result['rss_idle_ready_kb'])} MiB after sign-in (before load); "
        f"peak (VmHWM) {mib(result['rss_peak_kb'])} MiB; at the end {mib(result['rss_end_kb'])} MiB",
    ]
    if "export" in result:
        e = result["export"]
        lines.append(
            f"- CSV export of every ticket: {e['rows']:,} rows, {e['bytes'] / 2**20:,.0f} MiB in {e['seconds']:.1f} s "
            f"({e['rows_per_second']:,} rows/s, first byte {e['first_byte_ms']:.0f} ms); server RSS "
            f"{mib(e['rss_before_kb'])} MiB before, peak {mib(e['rss_peak_kb'])} MiB "
            f"(+{mib(e['rss_growth_kb'])} MiB)")
    return "\n".join(lines)


def table(paths):
    for path in paths:
        with open(path) as f:
            print(render(json.load(f)))
        print()


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "collect":
        collect(sys.argv[2], sys.argv[3])
    elif len(sys.argv) >= 3 and sys.argv[1] == "table":
        table(sys.argv[2:])
    else:
        sys.exit(__doc__)
