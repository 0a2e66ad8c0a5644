"""`shuangsui compare` and `shuangsui sweep`: the whole command against the sum of its solves (issue 15).

Usage: python benchmarks/compare_sweep.py [--runs 3] [--name compare-sweep] [--baseline OTHER/bin/python]

- compare: zhaoxian-2025Q1, stress-per-check and stress-tight-radiation (bundled); its solves are the
  three plans' wall times in compare.json (the extra work compare does on top, the draw shift and the
  rule differences solved alone, counts as overhead);
- sweep: --team-size 3,4,5 --capacity-scale 0.8,1.0,1.2 on the default county; its solves are the nine
  settings' wall times in sweep.json.
Ratio = whole command / sum of solves, per run, then the median (goal: under 2).
"""

from __future__ import annotations

import argparse
import json
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from speed import RESULTS, ROOT, WRAPPER, machine  # a sibling script, not a package

SCENARIOS = ROOT / "scenarios"
COUNTIES = ("zhaoxian-2025Q1", "stress-per-check", "stress-tight-radiation")
SWEPT = ["--team-size", "3,4,5", "--capacity-scale", "0.8,1.0,1.2"]
CASES: dict[str, dict] = {
    "compare": {
        "args": ["compare", *(str(SCENARIOS / n) for n in COUNTIES)],
        "json": "compare.json",
        "runs_key": "scenarios",
        "label": "compare: zhaoxian-2025Q1, stress-per-check, stress-tight-radiation",
    },
    "sweep": {
        "args": ["sweep", str(SCENARIOS / "zhaoxian-2025Q1"), *SWEPT],
        "json": "sweep.json",
        "runs_key": "settings",
        "label": "sweep: 3 team sizes x 3 capacity scales, default county",
    },
}


def run_once(case: dict, out: Path, python: str = sys.executable) -> dict:
    """One command in a fresh process: whole wall time, the sum of the solves it records, peak memory."""
    command = [python, "-m", "shuangsui.cli", *case["args"], "--out", str(out)]
    started = time.perf_counter()
    done = subprocess.run([python, "-c", WRAPPER, *command], capture_output=True, text=True, check=True)
    elapsed = time.perf_counter() - started
    code, rss_kb = map(int, done.stdout.split())
    data = json.loads((out / case["json"]).read_text(encoding="utf-8"))
    solves = sum(entry["wall_time"] for entry in data[case["runs_key"]])
    return {"exit": code, "command_s": elapsed, "solves_s": solves, "peak_mb": rss_kb / 1024}


def summarise(results: list[dict], name: str, label: str) -> dict:
    return {
        "case": name,
        "label": label,
        "runs": len(results),
        "exit": sorted({r["exit"] for r in results}),
        **{key: statistics.median(r[key] for r in results) for key in ("command_s", "solves_s", "peak_mb")},
        "ratio": statistics.median(r["command_s"] / r["solves_s"] for r in results),
    }


def table(rows: list[dict], before: list[dict]) -> list[str]:
    lines = [
        f"# shuangsui compare / sweep: whole command against the sum of its solves (median of {rows[0]['runs']} runs)",
        "",
        f"Machine: {machine()}.",
        "",
        "| case | solves (s) | whole command (s) | command / solves | peak memory (MB) |",
        "|---|---:|---:|---:|---:|",
    ]
    lines += [_row(r) for r in rows]
    if before:
        lines += ["", "Before (the `--baseline` install, runs interleaved with the ones above):", ""]
        lines += lines[4:6]
        lines += [_row(r) for r in before]
    return lines


def _row(r: dict) -> str:
    return f"| {r['label']} | {r['solves_s']:.2f} | {r['command_s']:.2f} | {r['ratio']:.2f} | {r['peak_mb']:.0f} |"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--name", default="compare-sweep", help="results file stem in benchmarks/results/")
    parser.add_argument("--baseline", help="python of another install: measured interleaved")
    args = parser.parse_args()
    rows, before = [], []
    with tempfile.TemporaryDirectory() as tmp:
        for name, case in CASES.items():
            ours, theirs = [], []
            for k in range(args.runs):
                if args.baseline:
                    theirs.append(run_once(case, Path(tmp) / f"base-{name}-{k}", args.baseline))
                ours.append(run_once(case, Path(tmp) / f"out-{name}-{k}"))
            rows.append(summarise(ours, name, case["label"]))
            if theirs:
                before.append(summarise(theirs, name, case["label"]))
            print(f"{name:8} command {rows[-1]['command_s']:6.2f} s  solves {rows[-1]['solves_s']:6.2f} s  "
                  f"ratio {rows[-1]['ratio']:.2f}", flush=True)  # fmt: skip
    lines = table(rows, before)
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / f"{args.name}.md").write_text("\n".join(lines) + "\n", encoding="utf-8")
    payload = {"machine": machine(), "runs": args.runs, "cases": rows, "before": before}
    text = json.dumps(payload, ensure_ascii=False, indent=2) + "\n"
    (RESULTS / f"{args.name}.json").write_text(text, encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
