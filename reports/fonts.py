"""The CJK font of every report: Noto Sans CJK SC as shipped inside the `mplfonts` package.

System fonts are never relied on, so a chart renders the same on a bare CI machine and on a
bureau's PC. The font is registered with matplotlib once, and placed first among fonts of the same
family name so that a system copy of Noto Sans CJK can never be picked instead.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import io
import os
import tempfile
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

FONT_FILE = "NotoSansCJKsc-Regular.otf"


@dataclass(frozen=True)
class CjkFont:
    family: str  # matplotlib family name, "Noto Sans CJK SC"
    path: Path  # the .otf inside the installed mplfonts package


def _mplfonts_dir() -> Path:
    # Found without importing mplfonts (which imports matplotlib): report.html needs the file only.
    spec = importlib.util.find_spec("mplfonts")
    if spec is None or spec.origin is None:
        raise FileNotFoundError("the mplfonts package is not installed")
    return Path(spec.origin).resolve().parent / "fonts"


@lru_cache(maxsize=1)
def font_path() -> Path:
    """The .otf of Noto Sans CJK SC inside the installed mplfonts package."""
    path = _mplfonts_dir() / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"mplfonts does not ship {FONT_FILE} (looked in {path.parent})")
    return path


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """Register the mplfonts CJK font with matplotlib (once) and return its family name and path."""
    from matplotlib import font_manager

    path = font_path()
    manager = font_manager.fontManager
    manager.addfont(str(path))
    family = font_manager.FontProperties(fname=str(path)).get_name()
    # Same family name from a system font (e.g. fonts-noto-cjk)? Ours goes first: findfont keeps
    # the first of equally scored candidates.
    manager.ttflist.sort(key=lambda entry: Path(entry.fname).resolve() != path)
    manager._findfont_cached.cache_clear()  # type: ignore[attr-defined]
    return CjkFont(family=family, path=path)


def rc_params() -> dict[str, object]:
    """matplotlib settings of every report chart (use with `matplotlib.rc_context`)."""
    font = cjk_font()
    return {
        "font.family": [font.family],
        "font.size": 9,
        "axes.unicode_minus": False,
        "svg.hashsalt": "shuangsui",
        "path.simplify": True,
    }


CACHE_ENV = "SHUANGSUI_CACHE_DIR"  # overrides the cache folder (tests, read-only homes)


def cache_dir() -> Path:
    """Where font subsets are kept between runs: $SHUANGSUI_CACHE_DIR, else $XDG_CACHE_HOME/shuangsui/fonts,
    else ~/.cache/shuangsui/fonts."""
    if os.environ.get(CACHE_ENV):
        return Path(os.environ[CACHE_ENV])
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "shuangsui" / "fonts"


@lru_cache(maxsize=4)
def _file_sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def subset_key(font_path: Path, chars: str) -> str:
    """The cache key of a subset: the font file's SHA-256 and the character set's (and the subsetter's version)."""
    from fontTools import version as fonttools_version

    text = "\n".join((_file_sha256(font_path), fonttools_version, SUBSET_VERSION, chars))
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


SUBSET_VERSION = "1"  # bump when the subsetting options below change


def _subset(font_path: Path, chars: str) -> bytes:
    """The OpenType font with only the glyphs of `chars` (no clock in it: same chars, same bytes)."""
    from fontTools import subset
    from fontTools.ttLib import TTFont

    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    # Horizontal text without OpenType features: half the size and time, same look.
    options.layout_features = []
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS"]
    font = TTFont(str(font_path), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text=chars)
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    return buffer.getvalue()


def subset_font(font_path: Path, chars: str) -> bytes:
    """`_subset`, kept in the user's cache by font and character set (~1 s saved per report).

    The cached bytes are those `_subset` returns, so a hit and a miss give the same report. Concurrent
    runs write to a temporary file and rename it into place (atomic), so a reader never sees half a file;
    an unusable cache folder only costs the time."""
    path = cache_dir() / f"{subset_key(font_path, chars)}.otf"
    try:
        return path.read_bytes()
    except OSError:
        pass
    data = _subset(font_path, chars)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, prefix=".subset-", suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                out.write(data)
            os.replace(temporary, path)
        finally:
            if os.path.exists(temporary):
                os.unlink(temporary)
    except OSError:
        pass
    return data


@lru_cache(maxsize=8)
def css_font_face(text: str) -> str:
    """An @font-face rule embedding the glyphs of `text` (subset of the same font), or "".

    Keeps report.html self-contained: Chinese renders even where no CJK font is installed.
    """
    data = base64.b64encode(subset_font(font_path(), "".join(sorted(set(text))))).decode("ascii")
    return (
        "@font-face { font-family: 'ReportCJK'; font-style: normal; font-weight: 400; "
        f"src: url(data:font/otf;base64,{data}) format('opentype'); }}"
    )
