"""Writing a folder of outputs all at once: the folder holds one run's files, never a mix.

- `check_out_dir` refuses an unusable `--out` (an existing file, a path under a file, a folder
  that cannot be written) before any work, with the reason (exit 2).
- `reserved` creates and locks the folder for one run (`flock` on the folder itself, so no lock
  file is left in it): a second run into the same folder exits 2 at once instead of racing. A
  folder this run created is removed again if the run ends without writing into it.
- `write_atomically` lets a writer fill a staging folder *inside* `--out` (so the final moves
  never cross a filesystem, even when `--out` is a mount point), then swaps the files in: the
  previous run's files are first moved aside, the new ones moved in, and if any move fails every
  old file is put back. A cross-device rename falls back to copy-then-rename.
"""

from __future__ import annotations

import errno
import fcntl
import os
import shutil
import tempfile
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from shuangsui.interrupts import deferred
from shuangsui.models.errors import EXIT_INVALID, ShuangsuiError

STAGING_PREFIX = ".shuangsui-staging."
PREVIOUS_PREFIX = ".shuangsui-previous."  # kept (never auto-removed) if a restore ever fails

_HELD: dict[Path, int] = {}  # folders this process has locked -> the folder's descriptor


class OutputFolderError(ShuangsuiError):
    """`--out` cannot be used or written; nothing of this run is left in it."""

    exit_code = EXIT_INVALID

    def __init__(self, out_dir: Path, reason: str) -> None:
        super().__init__(f"输出目录不可用 (unusable --out) {out_dir}: {reason}")


def _why(err: OSError) -> str:
    return err.strerror or str(err)


def check_out_dir(out_dir: Path) -> None:
    """Raise `OutputFolderError` when `out_dir` cannot become an output folder (nothing is created)."""
    out_dir = Path(out_dir)
    if out_dir.exists() and not out_dir.is_dir():
        raise OutputFolderError(out_dir, "已存在同名文件，不是文件夹 (an existing file, not a folder)")
    existing = out_dir
    while not existing.exists():
        if existing.is_symlink():
            raise OutputFolderError(out_dir, f"{existing} 是失效的符号链接 (a broken symbolic link)")
        existing = existing.parent
    if not existing.is_dir():
        raise OutputFolderError(out_dir, f"路径中的 {existing} 是文件，不是文件夹 (a path under a file)")
    if not os.access(existing, os.W_OK | os.X_OK):
        raise OutputFolderError(out_dir, f"{existing} 没有写权限 (not writable)")


def _created_top(out_dir: Path) -> Path | None:
    """The outermost folder of `out_dir` that does not exist yet (None when it exists)."""
    top = None
    path = out_dir
    while not path.exists():
        top, path = path, path.parent
    return top


def _remove_if_empty(out_dir: Path, top: Path) -> None:
    path = out_dir
    while True:
        try:
            path.rmdir()
        except OSError:
            return
        if path == top:
            return
        path = path.parent


def _remove_leftovers(out_dir: Path) -> None:
    """Staging folders of a run that was killed (SIGKILL, power loss): never part of the outputs."""
    for entry in out_dir.iterdir():
        if entry.name.startswith(STAGING_PREFIX) and entry.is_dir() and not entry.is_symlink():
            shutil.rmtree(entry, ignore_errors=True)


@contextmanager
def reserved(out_dir: Path) -> Iterator[Path]:
    """Check, create and lock `out_dir` for this run.

    Raises
    ------
    OutputFolderError
        The folder is unusable, or another run holds it (exit 2).
    """
    out_dir = Path(out_dir).absolute()
    if out_dir in _HELD:
        yield out_dir
        return
    check_out_dir(out_dir)
    top = _created_top(out_dir)
    try:
        out_dir.mkdir(parents=True, exist_ok=True)
        fd = os.open(out_dir, os.O_RDONLY | os.O_DIRECTORY)
    except OSError as err:
        raise OutputFolderError(out_dir, f"无法创建 (not writable): {_why(err)}") from None
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except OSError as err:
            if err.errno not in (errno.EWOULDBLOCK, errno.EAGAIN):
                raise OutputFolderError(out_dir, f"无法加锁 (cannot lock): {_why(err)}") from None
            message = "另一个 shuangsui 运行正在写入该目录，请等它结束或换一个 --out (locked by another run)"
            raise OutputFolderError(out_dir, message) from None
        _HELD[out_dir] = fd
        try:
            _remove_leftovers(out_dir)
            Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=out_dir)).rmdir()  # probe: writable?
        except OSError as err:
            raise OutputFolderError(out_dir, f"无法写入 (not writable): {_why(err)}") from None
        yield out_dir
    finally:
        _HELD.pop(out_dir, None)
        if top is not None:
            _remove_if_empty(out_dir, top)
        os.close(fd)  # releases the lock


def _move(source: Path, target: Path) -> None:
    """Rename `source` to `target`; across filesystems, copy beside `target` and rename there."""
    try:
        os.replace(source, target)
    except OSError as err:
        if err.errno != errno.EXDEV:
            raise
        temporary = target.with_name(f"{STAGING_PREFIX}{target.name}")
        if source.is_dir():
            shutil.copytree(source, temporary, symlinks=True)
        else:
            shutil.copy2(source, temporary)
        os.rename(temporary, target)
        if source.is_dir():
            shutil.rmtree(source)
        else:
            source.unlink()


def _swap(out_dir: Path, staging: Path, owned: Iterable[str]) -> None:
    """Replace the previous run's files by the staged ones: all of them, or none (old set restored)."""
    new = sorted(p.name for p in staging.iterdir())
    old = sorted(n for n in set(new) | set(owned) if os.path.lexists(out_dir / n))
    for name in old:
        existing = out_dir / name
        staged_file = name in new and not (staging / name).is_dir()  # an owned stale folder just goes
        if existing.is_dir() and not existing.is_symlink() and staged_file:
            raise OutputFolderError(out_dir, f"{existing} 是文件夹，无法替换为文件 (a folder is in the way)")
    aside = Path(tempfile.mkdtemp(prefix=PREVIOUS_PREFIX, dir=out_dir))
    moved_old: list[str] = []
    moved_new: list[str] = []
    with deferred():
        try:
            for name in old:
                _move(out_dir / name, aside / name)
                moved_old.append(name)
            for name in new:
                _move(staging / name, out_dir / name)
                moved_new.append(name)
        except OSError as err:
            _roll_back(out_dir, staging, aside, moved_old, moved_new, err)
    shutil.rmtree(aside, ignore_errors=True)


def _roll_back(out_dir: Path, staging: Path, aside: Path, old: list[str], new: list[str], err: OSError) -> None:
    """Take the new files out again and put the previous ones back; then raise `OutputFolderError`."""
    try:
        for name in reversed(new):
            _move(out_dir / name, staging / name)
        for name in reversed(old):
            _move(aside / name, out_dir / name)
    except OSError as second:
        reason = (
            f"无法替换文件 (could not replace a file): {_why(err)}；恢复也失败 (restore failed): {_why(second)}；"
            f"原有文件保存在 (previous files kept in) {aside}"
        )
        raise OutputFolderError(out_dir, reason) from None
    shutil.rmtree(aside, ignore_errors=True)
    reason = f"无法替换文件，已恢复原有文件 (could not replace a file; previous files restored): {_why(err)}"
    raise OutputFolderError(out_dir, reason) from None


def write_atomically(out_dir: Path, write: Callable[[Path], None], owned: Iterable[str] = ()) -> None:
    """Let `write` fill a staging folder inside `out_dir`, then swap its files into `out_dir`.

    A failure or a stop request inside `write` leaves `out_dir` untouched (no half-written plan).
    Files named in `owned` that this run did not write are removed with the previous run's files,
    so no stale plan of an earlier run survives. A sub-folder written by `write` replaces the folder
    of that name as a whole. The folder is locked while this runs (see `reserved`; a command usually
    reserves it before any work).

    Raises
    ------
    OutputFolderError
        `out_dir` is unusable or locked by another run, or a file could not be replaced (exit 2).
    """
    with reserved(Path(out_dir)) as folder:
        staging = Path(tempfile.mkdtemp(prefix=STAGING_PREFIX, dir=folder))
        try:
            write(staging)
            _swap(folder, staging, owned)
        finally:
            shutil.rmtree(staging, ignore_errors=True)
