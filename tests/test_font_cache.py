"""The CJK font subset of report.html is cached by font and character set (reports/fonts.py, issue 15)."""

from __future__ import annotations

import base64
import io
import threading
from pathlib import Path

import pytest
from fontTools.ttLib import TTFont
from shuangsui.reports import fonts

TEXT = "赵县生态环境分局 双随机、一公开 抽查计划 2025Q1"


@pytest.fixture
def cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache"
    monkeypatch.setenv(fonts.CACHE_ENV, str(folder))
    fonts.css_font_face.cache_clear()
    yield folder
    fonts.css_font_face.cache_clear()


def _cmap(data: bytes) -> set[str]:
    return {chr(code) for code in TTFont(io.BytesIO(data)).getBestCmap()}


def test_hit_gives_the_bytes_of_a_miss(cache: Path) -> None:
    path = fonts.font_path()
    chars = "".join(sorted(set(TEXT)))
    fresh = fonts._subset(path, chars)
    first = fonts.subset_font(path, chars)  # miss: computed and stored
    stored = list(cache.glob("*.otf"))
    assert [p.name for p in stored] == [f"{fonts.subset_key(path, chars)}.otf"]
    assert stored[0].read_bytes() == fresh == first
    assert fonts.subset_font(path, chars) == fresh  # hit
    assert set(chars) - {" "} <= _cmap(first)
    assert not list(cache.glob(".subset-*"))  # no temporary file left behind


def test_hit_is_read_from_the_cache(cache: Path) -> None:
    """A stored subset is used as it is: the cache is really read (a changed file shows)."""
    path = fonts.font_path()
    chars = "".join(sorted(set(TEXT)))
    fonts.subset_font(path, chars)
    (cache / f"{fonts.subset_key(path, chars)}.otf").write_bytes(b"marker")
    assert fonts.subset_font(path, chars) == b"marker"


def test_key_depends_on_characters_and_font(cache: Path, tmp_path: Path) -> None:
    path = fonts.font_path()
    assert fonts.subset_key(path, "赵县") != fonts.subset_key(path, "赵州")
    other = tmp_path / "other.otf"
    other.write_bytes(path.read_bytes()[:1000])
    assert fonts.subset_key(path, "赵县") != fonts.subset_key(other, "赵县")


def test_css_embeds_the_cached_subset(cache: Path) -> None:
    css = fonts.css_font_face(TEXT)
    data = base64.b64decode(css.split("base64,")[1].split(")")[0])
    assert data == fonts._subset(fonts.font_path(), "".join(sorted(set(TEXT))))
    assert len(list(cache.glob("*.otf"))) == 1


def test_concurrent_writers_leave_one_whole_file(cache: Path) -> None:
    path = fonts.font_path()
    chars = "".join(sorted(set(TEXT + "并发")))
    results: list[bytes] = []

    def work() -> None:
        results.append(fonts.subset_font(path, chars))

    threads = [threading.Thread(target=work) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    expected = fonts._subset(path, chars)
    assert results == [expected] * 4
    assert [p.read_bytes() for p in cache.iterdir()] == [expected]


def test_cache_under_a_file_only_costs_time(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The cache folder cannot be made (a file is in the way): the subset is computed, nothing fails."""
    blocker = tmp_path / "file"
    blocker.write_text("x")
    monkeypatch.setenv(fonts.CACHE_ENV, str(blocker / "cache"))
    chars = "".join(sorted(set(TEXT)))
    assert fonts.subset_font(fonts.font_path(), chars) == fonts._subset(fonts.font_path(), chars)
