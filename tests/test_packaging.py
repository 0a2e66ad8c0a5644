"""The installed distribution exposes only `shuangsui`: no generic `models` or `reports` in site-packages."""

from __future__ import annotations

import subprocess
import sys
import tomllib
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "-q", "-w", str(out), str(ROOT)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    (built,) = out.glob("shuangsui-*.whl")
    return built


def test_wheel_has_only_the_shuangsui_package(wheel: Path) -> None:
    names = zipfile.ZipFile(wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert {t for t in tops if not t.endswith(".dist-info")} == {"shuangsui"}
    mapping = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]["package-dir"]
    for package, folder in mapping.items():
        for init in (ROOT / folder).rglob("__init__.py"):
            if "templates" in init.parts or ".venv" in str(init):
                continue
            inside = init.relative_to(ROOT / folder).as_posix()
            assert f"{package.replace('.', '/')}/{inside}" in names, f"{folder}/{inside} is not installed"
    assert "shuangsui/reports/templates/report.html" in names
    assert "shuangsui/scenarios/templates/scenario.toml" in names  # what `shuangsui init` copies


@pytest.mark.slow
def test_installed_copy_imports_as_shuangsui_only(wheel: Path, tmp_path: Path) -> None:
    target = tmp_path / "site"
    subprocess.run(
        [sys.executable, "-m", "pip", "install", "--no-deps", "-q", "--target", str(target), str(wheel)],
        check=True,
        capture_output=True,
        timeout=300,
    )
    env = {"PYTHONPATH": str(target), "PATH": "/usr/bin:/bin"}
    probe = "import shuangsui.models.loading, shuangsui.scheduler, shuangsui; print(shuangsui.__file__)"
    run = subprocess.run([sys.executable, "-c", probe], cwd=tmp_path, env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr
    assert run.stdout.strip().startswith(str(target))
    for generic in ("models", "reports", "scheduler", "scenarios"):
        run = subprocess.run([sys.executable, "-c", f"import {generic}"], cwd=tmp_path, env=env, capture_output=True)
        assert run.returncode != 0, f"`import {generic}` works: a generic package was installed"
