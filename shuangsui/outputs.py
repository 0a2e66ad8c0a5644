"""Writing a folder of outputs all at once: files appear complete or not at all."""

from __future__ import annotations

import os
import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path


def write_atomically(out_dir: Path, write: Callable[[Path], None]) -> None:
    """Let `write` fill a temporary folder beside `out_dir`, then move each file into `out_dir`.

    A failure inside `write` leaves `out_dir` untouched (no half-written plan).
    """
    out_dir = Path(out_dir)
    out_dir.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".{out_dir.name}.", dir=out_dir.parent))
    try:
        write(staging)
        out_dir.mkdir(exist_ok=True)
        for path in sorted(staging.iterdir()):
            os.replace(path, out_dir / path.name)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
