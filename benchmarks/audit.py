"""Throughput of `shuangsui audit` and `shuangsui batch` on a local Dask cluster of 1 and 2 workers.

Usage: python benchmarks/audit.py [--seeds 40] [--counties 20] [--workers 1,2] [--out benchmarks/results/audit.md]

- audit: the default county's N audit seeds (`app.audit.run_audit`, one CP-SAT thread per task) on a
  LocalCluster of W single-threaded worker processes; plans per second = N / wall time of the run
  (the cluster's start-up is measured apart).
- batch: a generated province of `--counties` counties (`generator --province`) planned by
  `app.batch.run_batch` as `shuangsui plan` would (uniqueness proofs, report, Excel, task sheets).

The audit.json of every run must be identical apart from timings (checked here too), so the speed-up is
the only thing the worker count changes. Results: benchmarks/results/audit.md and audit.json.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from shuangsui.app.audit import run_audit  # noqa: E402
from shuangsui.app.batch import run_batch  # noqa: E402
from shuangsui.app.cluster import cluster, scenario_files  # noqa: E402
from shuangsui.models.loading import load_scenario  # noqa: E402
from shuangsui.reports.audit import audit_dict  # noqa: E402
from shuangsui.scenarios.generator import Options, write_province  # noqa: E402

RESULTS = ROOT / "benchmarks" / "results"


def audit_run(folder: Path, seeds: int, workers: int) -> dict[str, Any]:
    scenario = load_scenario(folder)
    started = time.perf_counter()
    with cluster(None, workers) as client:
        ready = time.perf_counter() - started
        audited = run_audit(client, scenario_files(folder), str(folder), scenario, seeds)
    data = audit_dict(audited)
    timings = data.pop("timings")
    return {
        "workers": workers,
        "seeds": seeds,
        "cluster_start_s": round(ready, 2),
        "wall_s": round(audited.wall_time, 2),
        "plans_per_s": round(seeds / audited.wall_time, 2),
        "solve_sum_s": timings["solve_time_sum"],
        "flagged": len(data["flagged"]),
        "load_after": round(os.getloadavg()[0], 1),
        "result": data,
    }


def batch_run(folder: Path, workers: int) -> dict[str, Any]:
    started = time.perf_counter()
    with cluster(None, workers) as client:
        ready = time.perf_counter() - started
        done = run_batch(client, folder)
    codes: dict[int, int] = {}
    for c in done.counties:
        codes[c.exit_code] = codes.get(c.exit_code, 0) + 1
    return {
        "workers": workers,
        "counties": len(done.counties),
        "exit_codes": codes,
        "cluster_start_s": round(ready, 2),
        "wall_s": round(done.wall_time, 2),
        "counties_per_min": round(60 * len(done.counties) / done.wall_time, 2),
        "solve_sum_s": round(sum(c.wall_time for c in done.counties), 2),
        "load_after": round(os.getloadavg()[0], 1),
    }


def markdown(audits: list[dict[str, Any]], batches: list[dict[str, Any]], counties: int, load: str) -> str:
    base = audits[0]["plans_per_s"]
    lines = [
        "# Audit and batch throughput on a local Dask cluster",
        "",
        f"Machine: {os.cpu_count()} cores, {platform.machine()}, Python {platform.python_version()}; "
        f"load average before the runs {load}; the load after each run is in the tables (above 2 means other "
        "jobs shared the 2 cores, and the speed-up understates what free cores give). "
        "`python benchmarks/audit.py`; each worker is one process with one thread, each plan one CP-SAT thread.",
        "",
        f"## audit: default county (500 objects), {audits[0]['seeds']} seeds",
        "",
        "| workers | plans / s | speed-up | wall (s) | cluster start (s) | sum of solve times (s) | flagged "
        "| load after |",
        "|---:|---:|---:|---:|---:|---:|---:|---:|",
    ]
    for a in audits:
        lines.append(
            f"| {a['workers']} | {a['plans_per_s']:.2f} | {a['plans_per_s'] / base:.2f}× | {a['wall_s']:.1f} "
            f"| {a['cluster_start_s']:.1f} | {a['solve_sum_s']:.1f} | {a['flagged']} | {a['load_after']} |"
        )
    lines += [
        "",
        "audit.json identical for every worker count (timings apart): "
        + ("yes" if all(a["result"] == audits[0]["result"] for a in audits) else "NO"),
        "",
        f"## batch: generated province of {counties} counties (`generator --province {counties}`)",
        "",
        "| workers | counties | exit codes | counties / min | speed-up | wall (s) | cluster start (s) "
        "| sum of solve times (s) | load after |",
        "|---:|---:|---|---:|---:|---:|---:|---:|---:|",
    ]
    for b in batches:
        codes = ", ".join(f"{k}: {v}" for k, v in sorted(b["exit_codes"].items()))
        speed = b["counties_per_min"] / batches[0]["counties_per_min"]
        lines.append(
            f"| {b['workers']} | {b['counties']} | {codes} | {b['counties_per_min']:.1f} | {speed:.2f}× "
            f"| {b['wall_s']:.1f} | {b['cluster_start_s']:.1f} | {b['solve_sum_s']:.1f} | {b['load_after']} |"
        )
    return "\n".join(lines) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--scenario", type=Path, default=ROOT / "scenarios" / "zhaoxian-2025Q1")
    parser.add_argument("--seeds", type=int, default=40)
    parser.add_argument("--counties", type=int, default=20)
    parser.add_argument("--workers", default="1,2", help="worker counts, comma-separated")
    parser.add_argument("--out", type=Path, default=RESULTS / "audit.md")
    args = parser.parse_args(argv)
    workers = [int(w) for w in args.workers.split(",")]
    load = " ".join(f"{x:.1f}" for x in os.getloadavg())

    audits = []
    for w in workers:
        print(f"audit, {w} worker(s) …", file=sys.stderr)
        audits.append(audit_run(args.scenario, args.seeds, w))
    batches = []
    with tempfile.TemporaryDirectory() as tmp:
        province = Path(tmp) / "province"
        write_province(province, args.counties, Options())
        for w in workers:
            print(f"batch, {w} worker(s) …", file=sys.stderr)
            batches.append(batch_run(province, w))

    text = markdown(audits, batches, args.counties, load)
    print(text)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    summary = {"load_average": load, "audit": [a | {"result": None} for a in audits], "batch": batches}
    args.out.with_suffix(".json").write_text(json.dumps(summary, indent=2) + "\n", encoding="utf-8")
    print(f"written to {args.out} and {args.out.with_suffix('.json')}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
