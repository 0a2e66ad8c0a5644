"""No traceback on any input (issue 8): mutated scenario files through the command line.

Hypothesis mutates a small generated scenario (a cell replaced by junk, NaN, inf, huge or invisible
values; a column deleted; a quote or junk bytes inserted; a line dropped or duplicated; the file
cut short) and runs `validate` on every mutation and `plan` on a few. Every run must end with a
documented exit code and print no traceback.
"""

from __future__ import annotations

import shutil
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shuangsui.scenarios.generator import generate

from shuangsui.cli import main

FILES = ("scenario.toml", "objects.csv", "inspectors.csv", "items.csv", "conflicts.csv", "history.csv")
VALUES = (
    "", "nan", "NaN", "inf", "-inf", "1e30", "-1", "3000000000", "0", "0.5", '"', '""', '"x', "x\"y",
    "\u200b", "\ufeff", "\u00a0", "大气，水", "是", "否", "special", "D", "HJ-01", "2024Q4", "现场检查",
    "911301276683149824", "9.11301E+17", "\x00", "\u3000", "=1+2", "x" * 300, "[", "{", "'", "\\",
)  # fmt: skip
TOML_LINES = (
    "offsite_weight = inf", "[teams]\nsize = nan", "seed = -1", "[solver]\nworkers = 3000000000",
    "[solver]\ntime_limit = nan", "[credit_risk]\nmultipliers = { A = inf }", "[[directed]]\nname = ''",
    "period = 2025", "[quota]\ngeneral = 1e400", "name = \"\"", "[avoidance]\nannual_cap = 1e30",
    "[[directed]]\nname = 'x'\ncount = 9999999999999", "[teams]\nmode = 'x'", "\x00", "[",
)  # fmt: skip


@pytest.fixture(scope="module")
def base(tmp_path_factory) -> Path:
    return generate(tmp_path_factory.mktemp("fuzz") / "base", objects=60, inspectors=12)


@st.composite
def mutations(draw: st.DrawFn) -> tuple[str, str, tuple]:
    name = draw(st.sampled_from(FILES))
    if name == "scenario.toml":
        kind = draw(st.sampled_from(["append", "junk", "cut"]))
        arg = draw(st.sampled_from(TOML_LINES)) if kind == "append" else draw(st.integers(0, 10_000))
        return name, kind, (arg,)
    kind = draw(st.sampled_from(["cell", "cell", "column", "quote", "junk", "line", "cut"]))
    return name, kind, (draw(st.integers(0, 10_000)), draw(st.integers(0, 40)), draw(st.sampled_from(VALUES)))


def mutate(folder: Path, name: str, kind: str, args: tuple) -> None:
    path = folder / name
    data = path.read_bytes()
    if kind == "append":
        path.write_bytes(data + b"\n" + args[0].encode() + b"\n")
        return
    if kind == "junk":
        at = args[0] % (len(data) + 1)
        path.write_bytes(data[:at] + b"\xff\xfe\x00\x81\x9c" + data[at:])
        return
    if kind == "cut":
        path.write_bytes(data[: args[0] % (len(data) + 1)])
        return
    text = data.decode("utf-8-sig")
    lines = text.split("\r\n") if "\r\n" in text else text.split("\n")
    row, col, value = args
    line = row % len(lines)
    if kind == "line":
        lines.insert(line, lines[line]) if col % 2 else lines.pop(line)
    elif kind == "quote":
        at = col % (len(lines[line]) + 1)
        lines[line] = lines[line][:at] + '"' + lines[line][at:]
    else:
        cells = lines[line].split(",")
        if kind == "column":
            for n, other in enumerate(lines):
                parts = other.split(",")
                if len(parts) > 1:
                    del parts[col % len(parts)]
                lines[n] = ",".join(parts)
        else:
            cells[col % len(cells)] = value
            lines[line] = ",".join(cells)
    path.write_text("\r\n".join(lines), encoding="utf-8-sig")


def run(*args: str) -> tuple[int, str]:
    result = CliRunner().invoke(main, list(args))
    if result.exception is not None and not isinstance(result.exception, SystemExit):
        shown = "".join(traceback.format_exception(result.exception))
        pytest.fail(f"uncaught {type(result.exception).__name__} for {args}:\n{shown}\n{result.output}")
    assert "Traceback" not in result.output, result.output
    return result.exit_code, result.output


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_validate_any_mutation_exits_0_or_2(base: Path, tmp_path_factory, mutation: tuple) -> None:
    folder = shutil.copytree(base, tmp_path_factory.mktemp("v") / "s")
    mutate(folder, *mutation)
    code, output = run("validate", str(folder))
    assert code in (0, 2), output


@pytest.mark.slow
@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(mutation=mutations())
def test_plan_any_mutation_exits_with_a_documented_code(base: Path, tmp_path_factory, mutation: tuple) -> None:
    root = tmp_path_factory.mktemp("p")
    folder = shutil.copytree(base, root / "s")
    mutate(folder, *mutation)
    code, output = run("plan", str(folder), "--out", str(root / "out"), "--workers", "1", "--time-limit", "2")
    assert code in (0, 2, 3, 4, 5), output
    if code == 2:
        assert not (root / "out").exists(), "exit 2 writes nothing"
