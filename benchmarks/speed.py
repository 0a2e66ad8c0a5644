"""Speed and memory of `shuangsui plan`, median of several runs (results in benchmarks/results/).

Usage: python benchmarks/speed.py [--runs 3] [--cases default,per-check,1000,1500,5000,20000]

For each case it runs the real command in a fresh process and records
- solve: the planner's wall time (feasibility.json `timings.wall_time`), split into planning stages
  and the uniqueness proofs that make the plan reproducible;
- command: the whole `shuangsui plan` process (loading, solve, checker, report, Excel, Word);
- ratio: whole command / solve, and overhead: whole command - solve (issue 15: overhead <= 1.5 s);
- peak memory: the maximum resident set size of that process.
Each figure is the median of the runs (>= 3 for the published table). The report's CJK font subset is
cached by character set (reports/fonts.py), so the first run of a scenario pays ~1 s more than the median.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from shuangsui.scenarios.generator import generate

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "benchmarks" / "results"

# name -> (folder or generator arguments)
CASES: dict[str, dict] = {
    "default": {
        "folder": ROOT / "scenarios" / "zhaoxian-2025Q1",
        "label": "赵县 default, 500 objects / 25 inspectors, standing",
    },
    "per-check": {
        "folder": ROOT / "scenarios" / "stress-per-check",
        "label": "500 / 25, per_check, own township, 2 directed",
    },
    "stress-1000": {
        "folder": ROOT / "scenarios" / "stress-1000",
        "label": "stress-1000 (bundled), 1,000 / 40, standing",
    },
    "tight-radiation": {
        "folder": ROOT / "scenarios" / "stress-tight-radiation",
        "label": "stress-tight-radiation (bundled)",
    },
    "1000": {"generate": {"objects": 1000, "inspectors": 40}, "label": "1,000 / 40, standing"},
    "1500": {"generate": {"objects": 1500, "inspectors": 48}, "label": "1,500 / 48, standing"},
    "5000": {"generate": {"objects": 5000, "inspectors": 150}, "label": "5,000 / 150, standing"},
    "5000-per-check": {
        "generate": {"objects": 5000, "inspectors": 150, "team_mode": "per_check"},
        "label": "5,000 / 150, per_check",
    },
    "20000": {"generate": {"objects": 20000, "inspectors": 500}, "label": "20,000 / 500, standing"},
    "20000-per-check": {
        "generate": {"objects": 20000, "inspectors": 500, "team_mode": "per_check"},
        "label": "20,000 / 500, per_check",
    },
}

WRAPPER = (
    "import resource, subprocess, sys; "
    "code = subprocess.run(sys.argv[1:], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL).returncode; "
    "print(code, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def run_once(folder: Path, out: Path, python: str = sys.executable) -> dict:
    """One `shuangsui plan` in a fresh process of `python` (an interpreter with shuangsui installed)."""
    command = [python, "-m", "shuangsui.cli", "plan", str(folder), "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run([python, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    code, rss_kb = map(int, done.stdout.split())
    report = json.loads((out / "feasibility.json").read_text(encoding="utf-8"))
    timings = report["timings"]
    proofs = sum(s["wall_time"] for s in timings["stages"] if s["name"].startswith("uniqueness"))
    return {
        "unique": report["reproducibility"]["unique_optimum"],
        "exit": code,
        "status": report["status"],
        "command_s": elapsed,
        "solve_s": timings["wall_time"],
        "proof_s": proofs,
        "peak_mb": rss_kb / 1024,
    }


def measure(folder: Path, runs: int, work: Path, name: str = "case", label: str = "") -> dict:
    """`shuangsui plan` on `folder`, `runs` times in fresh processes: the medians and the whole/solve ratio."""
    return summarise([run_once(folder, work / f"out-{name}-{k}") for k in range(runs)], name, label)


def measure_against(
    folder: Path, runs: int, work: Path, baseline: str, name: str = "case", label: str = ""
) -> tuple[dict, dict]:
    """This install and `baseline` (another interpreter with an older shuangsui), runs interleaved so that
    both see the same machine load: (this, baseline)."""
    ours, theirs = [], []
    for k in range(runs):
        theirs.append(run_once(folder, work / f"base-{name}-{k}", baseline))
        ours.append(run_once(folder, work / f"out-{name}-{k}"))
    return summarise(ours, name, label), summarise(theirs, name, label)


def summarise(results: list[dict], name: str, label: str) -> dict:
    runs = len(results)
    median = {key: statistics.median(r[key] for r in results) for key in ("command_s", "solve_s", "proof_s", "peak_mb")}
    proven = sum(1 for r in results if r["unique"] is True)
    return {
        "case": name,
        "label": label or name,
        "runs": runs,
        "status": "/".join(sorted({r["status"] for r in results})),
        "exit": sorted({r["exit"] for r in results}),
        "unique": f"{proven}/{runs}",
        **median,
        # Median of the per-run ratios and overheads (each run's own whole command against its own solve).
        "ratio": statistics.median(r["command_s"] / r["solve_s"] for r in results),
        "overhead_s": statistics.median(r["command_s"] - r["solve_s"] for r in results),
    }


def machine() -> str:
    return f"{platform.processor() or platform.machine()}, {os.cpu_count()} cores, Python {platform.python_version()}"


def table(rows: list[dict], runs: int, before: list[dict] | None = None) -> list[str]:
    lines = [
        f"# shuangsui plan: speed and memory (median of {runs} runs)",
        "",
        f"Machine: {machine()}. Solve = planner wall time incl. uniqueness proofs; command = whole process;",
        "ratio = command / solve; overhead = command - solve (everything but the solve: start-up, loading,",
        "checker, plan.xlsx, tasks.xlsx/.docx, results template, report.html with charts and font).",
        "",
        "| case | status | optimum proven unique | solve (s) | of which uniqueness proofs (s) "
        "| whole command (s) | command / solve | overhead (s) | peak memory (MB) |",
        "|---|---|---:|---:|---:|---:|---:|---:|---:|",
    ]
    lines += [
        f"| {r['label']} | {r['status']} | {r['unique']} | {r['solve_s']:.2f} | {r['proof_s']:.2f} "
        f"| {r['command_s']:.2f} | {r['ratio']:.2f} | {r['overhead_s']:.2f} | {r['peak_mb']:.0f} |"
        for r in rows
    ]
    if before:
        lines += [
            "",
            "Before (the `--baseline` install, runs interleaved with the ones above on the same machine):",
            "",
            "| case | solve (s) | whole command (s) | command / solve | overhead (s) | peak memory (MB) |",
            "|---|---:|---:|---:|---:|---:|",
        ]
        lines += [
            f"| {r['label']} | {r['solve_s']:.2f} | {r['command_s']:.2f} | {r['ratio']:.2f} "
            f"| {r['overhead_s']:.2f} | {r['peak_mb']:.0f} |"
            for r in before
        ]
    return lines


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--cases", default=",".join(CASES))
    parser.add_argument("--name", default="speed", help="results file stem in benchmarks/results/")
    parser.add_argument("--baseline", help="python of another install (e.g. main's venv): measured interleaved")
    args = parser.parse_args()
    rows: list[dict] = []
    before: list[dict] = []
    with tempfile.TemporaryDirectory() as tmp:
        for name in args.cases.split(","):
            case = CASES[name]
            folder = case.get("folder")
            if folder is None:
                folder = generate(Path(tmp) / f"scenario-{name}", **case["generate"])
            if args.baseline:
                row, old = measure_against(folder, args.runs, Path(tmp), args.baseline, name, case["label"])
                before.append(old)
                print(f"{name:16} before: solve {old['solve_s']:7.2f} s  command {old['command_s']:7.2f} s", flush=True)
            else:
                row = measure(folder, args.runs, Path(tmp), name, case["label"])
            rows.append(row)
            print(
                f"{name:16} {row['status']:9} solve {row['solve_s']:7.2f} s (proofs {row['proof_s']:.2f} s)"
                f"  command {row['command_s']:7.2f} s  ratio {row['ratio']:.2f}  peak {row['peak_mb']:7.0f} MB",
                flush=True,
            )
    RESULTS.mkdir(parents=True, exist_ok=True)
    lines = table(rows, args.runs, before)
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = {"machine": machine(), "runs": args.runs, "cases": rows, "before": before}
    (RESULTS / f"{args.name}.json").write_text(
        json.dumps(payload, ensure_ascii=False, indent=2) + "\n", encoding="utf-8"
    )
    print("\n".join(lines))


if __name__ == "__main__":
    main()
