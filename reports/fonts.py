"""The CJK font of every report: Noto Sans CJK SC as shipped inside the `mplfonts` package.

System fonts are never relied on, so a chart renders the same on a bare CI machine and on a
bureau's PC. The font is registered with matplotlib once, and placed first among fonts of the same
family name so that a system copy of Noto Sans CJK can never be picked instead.
"""

from __future__ import annotations

import base64
import io
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from matplotlib import font_manager

FONT_FILE = "NotoSansCJKsc-Regular.otf"


@dataclass(frozen=True)
class CjkFont:
    family: str  # matplotlib family name, "Noto Sans CJK SC"
    path: Path  # the .otf inside the installed mplfonts package


def _mplfonts_dir() -> Path:
    import mplfonts  # the package only; its CLI installer is never called

    return Path(mplfonts.__file__).resolve().parent / "fonts"


@lru_cache(maxsize=1)
def cjk_font() -> CjkFont:
    """Register the mplfonts CJK font with matplotlib (once) and return its family name and path."""
    path = _mplfonts_dir() / FONT_FILE
    if not path.is_file():
        raise FileNotFoundError(f"mplfonts does not ship {FONT_FILE} (looked in {path.parent})")
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


@lru_cache(maxsize=8)
def css_font_face(text: str) -> str:
    """An @font-face rule embedding the glyphs of `text` (subset of the same font), or "".

    Keeps report.html self-contained: Chinese renders even where no CJK font is installed.
    """
    try:
        from fontTools import subset
        from fontTools.ttLib import TTFont
    except ImportError:  # pragma: no cover - fontTools ships with matplotlib
        return ""
    options = subset.Options()
    options.notdef_outline = True
    options.name_IDs = ["*"]
    # Horizontal text without OpenType features: half the size and time, same look.
    options.layout_features = []
    options.drop_tables += ["BASE", "VORG", "vhea", "vmtx", "GSUB", "GPOS"]
    font = TTFont(str(cjk_font().path), lazy=True, recalcTimestamp=False)
    subsetter = subset.Subsetter(options)
    subsetter.populate(text="".join(sorted(set(text))))
    subsetter.subset(font)
    buffer = io.BytesIO()
    font.save(buffer)
    data = base64.b64encode(buffer.getvalue()).decode("ascii")
    return (
        "@font-face { font-family: 'ReportCJK'; font-style: normal; font-weight: 400; "
        f"src: url(data:font/otf;base64,{data}) format('opentype'); }}"
    )
