"""What every command shares: loading a scenario, failing with an exit code, progress lines."""

from __future__ import annotations

import functools
import math
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

from shuangsui.models.errors import ShuangsuiError

if TYPE_CHECKING:
    from shuangsui.app.compare import Run
    from shuangsui.models.data_warnings import DataWarning
    from shuangsui.models.domain import Scenario
    from shuangsui.reports.background import Pending

# Every file `shuangsui plan` may write: a rerun into the same folder replaces or removes each.
# tasks.xlsx, tasks.docx and results-template.xlsx: the task sheets and results template (app.lifecycle).
PLAN_OUTPUTS = (
    "plan.json",
    "plan.xlsx",
    "plan.csv",
    "report.html",
    "feasibility.json",
    "tasks.xlsx",
    "tasks.docx",
    "results-template.xlsx",
)


def fail(error: ShuangsuiError) -> NoReturn:
    click.echo(str(error), err=True)
    sys.exit(error.exit_code)


def load(folder: Path, *, digest: bool = True) -> Scenario:
    from shuangsui.models.loading import load_scenario

    try:
        return load_scenario(folder, digest=digest)
    except ShuangsuiError as error:
        fail(error)


# From this many bytes of scenario files (~2,000 objects) `plan` has its chart helper load the scenario
# while this process imports the planner (OR-Tools and the checker, ~0.2 s); below, loading takes a few
# hundredths of a second and the helper's time goes to its own preparation.
HELPER_LOADS_FROM = 300_000


def loading_beside(folder: Path, *, digest: bool) -> Callable[[], tuple[Scenario, list[DataWarning]]] | None:
    """A large scenario's loading with its data warnings, for the chart helper to do first
    (`reports.background.Helper`); None for a small one (or a folder that cannot be read: `load` says why)."""
    try:
        size = sum(path.stat().st_size for path in Path(folder).iterdir() if path.is_file())
    except OSError:
        return None
    return functools.partial(load_with_warnings, folder, digest) if size >= HELPER_LOADS_FROM else None


def load_with_warnings(folder: Path, digest: bool) -> tuple[Scenario, list[DataWarning]]:
    """The scenario and its data warnings (a user error raised as `ShuangsuiError`)."""
    from shuangsui.models.data_warnings import scenario_warnings
    from shuangsui.models.loading import load_scenario

    scenario = load_scenario(folder, digest=digest)
    return scenario, scenario_warnings(scenario)


def load_from(loading: Pending[tuple[Scenario, list[DataWarning]]] | None, folder: Path, *, digest: bool) -> Scenario:
    """The scenario `loading` brings (loaded by a helper, or here if it could not), its warnings kept;
    without `loading`, `load`. A user error exits as in `load`."""
    from shuangsui.models.data_warnings import remember_warnings

    if loading is None:
        return load(folder, digest=digest)
    try:
        scenario, warnings = loading.result()
    except ShuangsuiError as error:
        fail(error)
    remember_warnings(scenario, warnings)
    return scenario


def progress(n: int, total: int, label: str) -> Callable[[Run], None]:
    """Print "[n/total] label …" on stderr now and the setting's outcome when it is solved."""
    from shuangsui.reports.labels import STATUS_SHORT

    click.echo(f"[{n}/{total}] {label} … ", err=True, nl=False)

    def done(run: Run) -> None:
        click.echo(f"{STATUS_SHORT[run.result.status.value]}，{run.result.wall_time:.2f} 秒", err=True)

    return done


def list_option(parse: Callable[[str], tuple]) -> Callable[[click.Context, click.Parameter, str | None], tuple | None]:
    """A click callback: the option's text parsed into a tuple, or a usage error (exit 2)."""

    def callback(ctx: click.Context, param: click.Parameter, value: str | None) -> tuple | None:
        if value is None:
            return None
        try:
            return parse(value)
        except ValueError as error:
            raise click.BadParameter(str(error), ctx=ctx, param=param) from None

    return callback


@contextmanager
def running(out_dir: Path | None = None, *, solving: bool = True) -> Iterator[None]:
    """A command's work: stoppable by Ctrl-C / SIGTERM (exit 130 / 143), `--out` checked and locked
    before any work, and a user error (`ShuangsuiError`) reported without a traceback."""
    from shuangsui.interrupts import interruptible
    from shuangsui.outputs import reserved

    with interruptible(solving):
        try:
            if out_dir is None:
                yield
            else:
                with reserved(out_dir):
                    yield
        except ShuangsuiError as error:
            fail(error)


class TimeLimit(click.ParamType):
    """A time limit in seconds: a finite number > 0 (click's FloatRange lets nan and inf through)."""

    name = "seconds"

    def convert(self, value: object, param: click.Parameter | None, ctx: click.Context | None) -> float:
        try:
            number = float(value)  # type: ignore[arg-type]
        except (TypeError, ValueError):
            self.fail(f"应为秒数 (not a number): {value!r}", param, ctx)
        if not math.isfinite(number) or number <= 0 or number > MAX_TIME_LIMIT:
            bounds = f"0 到 {MAX_TIME_LIMIT:g} 之间的秒数 (must be in (0, {MAX_TIME_LIMIT:g}])"
            self.fail(f"应为{bounds}: {value!r}", param, ctx)
        return number


MAX_TIME_LIMIT = 7 * 24 * 3600.0  # a week: beyond it a typo, not a wish
MAX_WORKERS = 1024
WORKERS = click.IntRange(min=0, max=MAX_WORKERS)


def echo_warnings(scenario: Scenario, err: bool = False) -> None:
    """The scenario's data warnings (valid, but likely to empty the draw), one per line."""
    from shuangsui.models.data_warnings import scenario_warnings

    found = scenario_warnings(scenario)
    if found:
        click.echo(f"提醒 (warnings): {len(found)} 条", err=err)
        for warning in found:
            click.echo(f"  - {warning}", err=err)


def cluster_options(task: str) -> Callable[[Callable[..., None]], Callable[..., None]]:
    """The Dask options of `audit` and `batch`: --scheduler, --local-workers, --workers-per-task;
    `task` names what one task plans (每个种子 / 每个县) in the help texts."""
    scheduler = click.option(
        "--scheduler",
        metavar="tcp://HOST:8786",
        help="Dask 调度器地址；不给则在本机启动 LocalCluster (scheduler address; default: a local cluster)",
    )
    local_workers = click.option(
        "--local-workers",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        help="本机 LocalCluster 的 worker 进程数，默认为核心数；与 --scheduler 同用时不起作用 (local Dask workers)",
    )
    per_task = click.option(
        "--workers-per-task",
        type=click.IntRange(min=1, max=MAX_WORKERS),
        default=1,
        show_default=True,
        help=f"{task}的求解线程数 (CP-SAT workers per task)",
    )

    def add(command: Callable[..., None]) -> Callable[..., None]:
        return scheduler(local_workers(per_task(command)))

    return add
