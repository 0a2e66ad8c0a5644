"""`shuangsui batch`: plan every county (scenario folder) of a city or province on a Dask cluster.

Each immediate, non-hidden sub-folder of the batch folder is one county's scenario. A task receives the
folder's file contents as bytes (`app.cluster.scenario_files`), plans it exactly as `shuangsui plan`
does (same solve, same independent check, the same files written by `app.plan`) and returns
the files' bytes, the plan's exit code (0 plan, 2 invalid input, 3 no plan exists, 4 the plan failed
the checker, 5 none within the time limit) and the summary figures. One county's failure never stops
the batch: bad input and an internal error are reported with the county, like an infeasible plan.
"""

from __future__ import annotations

import tempfile
import time
from collections.abc import Mapping
from pathlib import Path
from typing import TYPE_CHECKING

from shuangsui.app.cluster import RunStopped, gather, load_files, new_stop_event, scenario_files, stoppable
from shuangsui.models.errors import EXIT_INVALID, ShuangsuiError
from shuangsui.reports.cluster_records import Batch, County

if TYPE_CHECKING:
    from distributed import Client

EXIT_INTERNAL = 1  # an unexpected error in one county (a bug): reported, the batch goes on


class BatchFolderError(ShuangsuiError):
    """The batch folder has no county folder, or cannot be read (exit 2)."""

    exit_code = EXIT_INVALID


def county_folders(root: Path) -> list[Path]:
    """The county folders of a batch: every immediate, non-hidden sub-folder, by name.

    Raises
    ------
    BatchFolderError
        `root` is not a readable folder or has no sub-folder.
    """
    root = Path(root)
    if not root.is_dir():
        raise BatchFolderError(f"批量目录不存在或不是文件夹 (not a folder): {root}")
    try:
        found = sorted(p for p in root.iterdir() if p.is_dir() and not p.name.startswith("."))
    except OSError as err:
        raise BatchFolderError(f"无法读取批量目录 (unreadable) {root}: {err.strerror or err}") from None
    if not found:
        raise BatchFolderError(f"{root} 下没有场景文件夹（每个县一个子文件夹）(no scenario sub-folders)")
    return found


def plan_county(
    files: Mapping[str, bytes], folder: str, label: str, workers: int | None, time_limit: float | None, stop: str | None
) -> County:
    """Plan one county on a worker, as `shuangsui plan` would, and return its files as bytes."""
    from shuangsui.app.plan import plan_exit_code, plan_period, verdict, write_plan_files
    from shuangsui.reports.batch import county_entry

    started = time.perf_counter()
    try:
        with stoppable(stop):
            scenario = load_files(files, label)
            result = plan_period(scenario, time_limit=time_limit, workers=workers)  # with verified suggestions
            evaluation = verdict(scenario, result)
            with tempfile.TemporaryDirectory(prefix="shuangsui-county-") as tmp:
                write_plan_files(Path(tmp), scenario, result, evaluation)
                written = {p.name: p.read_bytes() for p in sorted(Path(tmp).iterdir())}
    except RunStopped:
        raise
    except ShuangsuiError as err:
        return County(folder, err.exit_code, "invalid", str(err), None, {}, time.perf_counter() - started)
    except Exception as err:  # a bug in one county must not stop the others
        message = f"内部错误 (internal error) {type(err).__name__}: {err}"
        return County(folder, EXIT_INTERNAL, "error", message, None, {}, time.perf_counter() - started)
    entry = county_entry(scenario, result, evaluation)
    return County(
        folder, plan_exit_code(result, evaluation), result.status.value, None, entry, written, result.wall_time
    )


def _files(folder: Path) -> dict[str, bytes]:
    """The folder's files; an unreadable folder sends none, and its county is reported as invalid input."""
    try:
        return scenario_files(folder)
    except OSError:
        return {}


def run_batch(client: Client, root: Path, *, workers: int | None = 1, time_limit: float | None = None) -> Batch:
    """Plan every county folder under `root` on the Dask `client`; results in folder order."""
    from shuangsui.app.cluster import worker_count

    started = time.perf_counter()
    folders = county_folders(root)
    stop = new_stop_event()
    futures = [
        client.submit(
            plan_county, _files(f), f.name, str(f), workers, time_limit, stop, pure=False, key=f"county-{i}-{stop}"
        )
        for i, f in enumerate(folders)
    ]
    counties = gather(client, futures, stop, "批量 (batch)")
    return Batch(str(root), tuple(counties), worker_count(client), time.perf_counter() - started)
