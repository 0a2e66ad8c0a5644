"""Writing a folder of outputs all at once: files appear complete or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable, Iterable
from pathlib import Path


def write_atomically(out_dir: Path, write: Callable[[Path], None], owned: Iterable[str] = ()) -> None:
    """Let `write` fill a temporary folder beside `out_dir`, then move each file into `out_dir`.

    A failure inside `write` leaves `out_dir` untouched (no half-written plan). Files named in
    `owned` that this run did not write are removed, so no stale plan of an earlier run survives.
    A sub-folder written by `write` replaces the folder of that name as a whole.
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        write(staging)
        out_dir.mkdir(exist_ok=True)
        written = {path.name for path in staging.iterdir()}
        for name in sorted(set(owned) - written):
            _remove(out_dir / name)
        for name in sorted(written):
            if (staging / name).is_dir():
                _remove(out_dir / name)
            os.replace(staging / name, out_dir / name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def _remove(path: Path) -> None:
    if path.is_dir() and not path.is_symlink():
        shutil.rmtree(path)
    else:
        path.unlink(missing_ok=True)
