"""The scenarios committed under scenarios/, the generator command of each, and what to expect.

    python -m shuangsui.scenarios.bundled [ROOT]      # regenerate all of them (ROOT defaults to scenarios/)

The tests regenerate them into a temporary folder and compare bytes, so a committed scenario always
equals what its command writes.
"""

from __future__ import annotations

import shlex
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from shuangsui.scenarios.generator import Options, options, parse_args
from shuangsui.scenarios.generator import main as generate_main

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Bundled:
    folder: str
    flags: str  # generator options after the output folder, as typed in a shell
    feasible: bool
    why: str  # what the scenario exercises; for an infeasible one, the rules in conflict

    @property
    def args(self) -> list[str]:
        return shlex.split(self.flags)

    def options(self) -> Options:
        return options(parse_args([self.folder, *self.args]))

    def command(self) -> str:
        argv = ["python", "-m", "shuangsui.scenarios.generator", f"scenarios/{self.folder}", *self.args]
        return shlex.join(argv)


PER_CHECK = "赵县 2025年第一季度（压力测试：按次组队、本乡镇回避、两项定向抽查）"
THOUSAND = "赵县 2025年第一季度（压力测试：1000个检查对象）"

BUNDLED: tuple[Bundled, ...] = (
    Bundled(
        "zhaoxian-2025Q1",
        "--document",
        True,
        "the realistic default: 赵县 2025Q1 under the source plan's rules",
    ),
    Bundled(
        "stress-per-check",
        f"--team-mode per_check --own-township --directed 2 --style zh --encoding gb18030 --name '{PER_CHECK}'",
        True,
        "per-check groups, own-township avoidance, two directed blocks; all-Chinese GB18030 files",
    ),
    Bundled(
        "stress-tight-radiation",
        "--variant tight-radiation",
        True,
        "half the special objects and 3 key objects are hospitals needing 辐射; two radiation"
        " specialists on duty with capacity 2 each (1 would be infeasible); capacity margin 1.1",
    ),
    Bundled(
        "stress-1000",
        f"--objects 1000 --inspectors 40 --style en --encoding utf-8 --name '{THOUSAND}'",
        True,
        "1,000 objects and 40 inspectors; English headers and values, UTF-8 without BOM",
    ),
    Bundled(
        "infeasible-missing-specialty",
        "--objects 120 --inspectors 12 --variant missing-specialty",
        False,
        "credit_risk_draws + specialty: 8 of the 10 special objects are hospitals needing 辐射 and"
        " no eligible inspector has 辐射, so special C and D need 2 draws each with none drawable",
    ),
    Bundled(
        "infeasible-capacity",
        "--objects 200 --inspectors 10 --variant capacity-shortfall",
        False,
        "credit_risk_draws + capacity: no off-site facilities, so the 35 on-site checks need 72"
        " capacity and the 9 eligible inspectors have 54",
    ),
    Bundled(
        "infeasible-annual-cap",
        "--objects 150 --inspectors 12 --variant annual-cap",
        False,
        "credit_risk_draws + annual_cap + avoidance: 2025Q3; 5 of the 8 special objects (all 3 of"
        " class D) were checked in 2025Q1 and 2025Q2, a hospital is ruled out by a conflict and the"
        " repeat window; special D needs 2 draws, none drawable",
    ),
)


def regenerate(root: Path = HERE, only: Sequence[str] | None = None) -> list[Path]:
    """Write the bundled scenarios under `root` (all of them, or those named in `only`)."""
    written = []
    for scenario in BUNDLED:
        if only is None or scenario.folder in only:
            folder = root / scenario.folder
            generate_main([str(folder), *scenario.args, "--quiet"])
            written.append(folder)
    return written


if __name__ == "__main__":
    for path in regenerate(Path(sys.argv[1]) if len(sys.argv) > 1 else HERE):
        print(f"wrote {path}")
