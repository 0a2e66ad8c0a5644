"""The system programs the tests drive: Chromium for HTML pages, LibreOffice and poppler for .docx.

.ci/run installs them. A test that needs one fails when it is missing: it never skips, so a green
run always means the page or document was really rendered.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--hide-scrollbars",
)


def require(program: str, package: str) -> str:
    """The path of `program`, or a test failure naming the Debian package that provides it."""
    path = shutil.which(program)
    if path is None:
        pytest.fail(f"{program} is missing: install the Debian package {package} (bash .ci/run does)")
    return path


def chromium(tmp_path: Path, *args: str, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run headless Chromium with a private profile under `tmp_path`."""
    exe = require("chromium", "chromium")
    profile = tmp_path / "chromium-profile"
    return subprocess.run(
        [exe, *CHROMIUM_FLAGS, f"--user-data-dir={profile}", *args],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
        env={**os.environ, "HOME": str(tmp_path)},  # Chromium writes its caches under HOME
    )


def screenshot(html: Path, png: Path, tmp_path: Path, size: tuple[int, int] = (1280, 2000)) -> Path:
    """A PNG of `html` as Chromium shows it."""
    run = chromium(tmp_path, f"--window-size={size[0]},{size[1]}", f"--screenshot={png}", html.resolve().as_uri())
    assert png.exists(), run.stderr[-2000:]
    return png


def docx_to_pdf(docx: Path, out_dir: Path, timeout: float = 180) -> Path:
    """Render a .docx to PDF with LibreOffice headless (as Word or WPS would lay it out)."""
    exe = require("soffice", "libreoffice-writer-nogui")
    profile = out_dir / "lo-profile"
    run = subprocess.run(
        [
            exe,
            f"-env:UserInstallation={profile.resolve().as_uri()}",
            "--headless",
            "--convert-to",
            "pdf",
            "--outdir",
            str(out_dir),
            str(docx),
        ],
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
    pdf = out_dir / (docx.stem + ".pdf")
    assert pdf.exists(), f"LibreOffice did not render {docx.name}: {run.stdout} {run.stderr}"
    return pdf


def pdf_pages_to_png(pdf: Path, prefix: Path, first: int = 1, last: int = 1, dpi: int = 60) -> list[Path]:
    """PNG images of pages first..last of `pdf` (pdftoppm)."""
    exe = require("pdftoppm", "poppler-utils")
    subprocess.run(
        [exe, "-png", "-r", str(dpi), "-f", str(first), "-l", str(last), str(pdf), str(prefix)],
        check=True,
        capture_output=True,
        timeout=120,
    )
    return sorted(prefix.parent.glob(prefix.name + "*.png"))


def pdf_text(pdf: Path) -> str:
    """The text of a PDF (pdftotext, layout kept)."""
    exe = require("pdftotext", "poppler-utils")
    run = subprocess.run([exe, "-layout", str(pdf), "-"], check=True, capture_output=True, text=True, timeout=120)
    return run.stdout


def ink_fraction(png: Path) -> float:
    """Share of pixels that are not near-white: 0.0 for a blank page."""
    from matplotlib.image import imread

    pixels = imread(png)
    rgb = pixels[..., :3]
    return float((rgb.mean(axis=-1) < 0.9).mean())
