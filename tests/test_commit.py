"""commit → seed → plan --ledger: the notice, the seed rule, and plan refusing uncommitted or changed inputs."""

from __future__ import annotations

import csv
import hashlib
import json
import shutil
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from external_tools import docx_to_pdf, pdf_text
from shuangsui.ledger import Ledger
from shuangsui.ledger.protocol import NotCommitted, draw_records
from shuangsui.ledger.seed import DIGITS, SHA256_LINES, derive_seed
from shuangsui.models.loading import load_scenario

SOURCE = "公开摇号：2025-03-28 10:00 现场掷骰"


def test_seed_rules() -> None:
    assert derive_seed(["3 1 4 1 5 2 6 5"]) == (31415265, DIGITS)
    assert derive_seed([" 6,5-4 "]) == (654, DIGITS)
    parties = ["县局 20250328", "监察 7731", "公证处 0412"]
    expected = int(hashlib.sha256("".join(p + "\n" for p in parties).encode()).hexdigest()[:15], 16)
    assert derive_seed(parties) == (expected, SHA256_LINES)
    assert derive_seed(["双色球 2025034 期 03 07 12"])[1] == SHA256_LINES
    for bad in ([], [""], ["1" * 19]):
        with pytest.raises(ValueError):
            derive_seed(bad)


@pytest.fixture(scope="module")
def flow(tmp_path_factory: pytest.TempPathFactory, scenarios_dir: Path, run_cli: Callable[..., Any]) -> dict[str, Any]:
    """A copy of the default scenario taken through the refusals, then commit, seed and plan."""
    root = tmp_path_factory.mktemp("draw")
    folder, ledger = root / "zx", root / "ledger.sqlite"
    shutil.copytree(scenarios_dir / "zhaoxian-2025Q1", folder)
    runs = {
        "uncommitted": run_cli("plan", folder, "--ledger", ledger, "--out", root / "p0", "--workers", "1"),
        "commit": run_cli("commit", folder, "--seed-source", SOURCE, "--ledger", ledger, "--out", root / "notice"),
        "no seed": run_cli("plan", folder, "--ledger", ledger, "--out", root / "p0", "--workers", "1"),
        "seed": run_cli("seed", "--ledger", ledger, "--value", "3 1 4 1 5 2 6 5"),
        "seed again": run_cli("seed", "--ledger", ledger, "--value", "9 9"),
        "plan": run_cli("plan", folder, "--ledger", ledger, "--out", root / "p", "--workers", "1"),
    }
    return {"root": root, "folder": folder, "ledger": ledger, "runs": runs}


def test_plan_refuses_an_uncommitted_scenario_and_one_without_seed(flow: dict[str, Any]) -> None:
    runs = flow["runs"]
    assert runs["uncommitted"].returncode == 2  # before the commit the ledger does not even exist
    assert "ledger not found" in runs["uncommitted"].stderr
    assert runs["no seed"].returncode == 2
    assert "no seed recorded after the commit" in runs["no seed"].stderr
    assert not (flow["root"] / "p0").exists()  # nothing drawn, nothing written
    assert runs["seed again"].returncode == 2  # a seed serves the commits before it; none is waiting
    assert "no commit awaits a seed" in runs["seed again"].stderr


def test_the_ledger_holds_commit_seed_plan_in_order(flow: dict[str, Any]) -> None:
    for name in ("commit", "seed", "plan"):
        assert flow["runs"][name].returncode == 0, flow["runs"][name].stderr
    with Ledger.open(flow["ledger"]) as ledger:
        commit, seed, plan = ledger.records()
        assert ledger.verify_chain() == []
    plan_bytes = (flow["root"] / "p" / "plan.json").read_bytes()
    assert [r.kind for r in (commit, seed, plan)] == ["commit", "seed", "plan"]
    assert commit.payload["seed_source"] == SOURCE
    assert commit.payload["scenario_path"] == str(flow["folder"].resolve())
    assert seed.payload == {"values": ["3 1 4 1 5 2 6 5"], "rule": "digits", "seed": 31415265, "commits": [1]}
    assert (plan.payload["commit_seq"], plan.payload["seed_seq"], plan.payload["seed"]) == (1, 2, 31415265)
    assert plan.payload["plan_sha256"] == hashlib.sha256(plan_bytes).hexdigest()
    assert json.loads(plan_bytes)["seed"] == 31415265
    assert commit.payload["input_digest"] == json.loads(plan_bytes)["input_digest"]


def test_plan_refuses_a_scenario_changed_since_the_commit(
    flow: dict[str, Any], tmp_path: Path, run_cli: Callable[..., Any]
) -> None:
    changed = tmp_path / "zx"
    shutil.copytree(flow["folder"], changed)
    rows = list(csv.reader((changed / "inspectors.csv").open(encoding="utf-8-sig")))
    column = rows[0].index("季度检查上限")  # capacity
    rows[1][column] = str(int(rows[1][column]) + 1)
    with (changed / "inspectors.csv").open("w", encoding="utf-8", newline="") as f:
        csv.writer(f).writerows(rows)
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(flow["ledger"], ledger)
    done = run_cli("plan", changed, "--ledger", ledger, "--out", tmp_path / "p", "--workers", "1")
    assert done.returncode == 2
    assert "changed since the commit" in done.stderr
    assert not (tmp_path / "p").exists()
    done = run_cli("plan", flow["folder"], "--ledger", ledger, "--seed", "7", "--out", tmp_path / "p", "--workers", "1")
    assert done.returncode == 2 and "seed comes from the ledger" in done.stderr


def test_the_notice_in_html_and_docx(flow: dict[str, Any], tmp_path: Path) -> None:
    with Ledger.open(flow["ledger"]) as ledger:
        commit = ledger.records("commit")[0]
    digest = commit.payload["input_digest"]
    page = (flow["root"] / "notice" / "notice.html").read_text(encoding="utf-8")
    for text in (digest, SOURCE, commit.hash, "赵县 2025年第一季度", "检查对象名录库（家）", "<td>500</td>"):
        assert text in page
    docx = flow["root"] / "notice" / "notice.docx"
    parts = zipfile.ZipFile(docx)
    xml = "".join(parts.read(f"word/{name}.xml").decode("utf-8") for name in ("document", "styles"))
    assert 'w:eastAsia="方正小标宋简体"' in xml and 'w:eastAsia="仿宋_GB2312"' in xml and "<w:tblHeader" in xml
    assert 'w:w="11906"' in xml and 'w:h="16838"' in xml  # A4 in twentieths of a point
    footer = zipfile.ZipFile(docx).read("word/footer1.xml").decode("utf-8")
    assert "PAGE" in footer
    text = "".join(pdf_text(docx_to_pdf(docx, tmp_path)).split())
    for expected in (digest, "公开摇号：2025-03-2810:00现场掷骰", "随机种子产生方式", "—1—", commit.hash):
        assert expected in text, expected


def test_recuse_is_recorded_and_replayed(flow: dict[str, Any], tmp_path: Path, run_cli: Callable[..., Any]) -> None:
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(flow["ledger"], ledger)
    plan_json = flow["root"] / "p" / "plan.json"
    plan = json.loads(plan_json.read_text(encoding="utf-8"))
    check = next(c for c in plan["checks"] if c["mode"] == "onsite")
    who, oid = check["inspector_ids"][0], check["object_id"]
    args = ("--inspector", who, "--object", oid, "--reason", "近亲属在该单位任职")
    done = run_cli("recuse", flow["folder"], plan_json, *args, "--out", tmp_path / "r", "--ledger", ledger)
    assert done.returncode == 0, done.stdout + done.stderr
    report = json.loads((tmp_path / "r" / "recusal.json").read_text(encoding="utf-8"))
    assert [c["object_id"] for c in report["changes"]] == [oid]
    assert who not in report["changes"][0]["inspectors_after"]
    page = (tmp_path / "r" / "recusal.html").read_text(encoding="utf-8")
    assert "申请回避" in page and "近亲属在该单位任职" in page
    with Ledger.open(ledger) as opened:
        (record,) = opened.records("recusal")
    assert record.payload["amends_seq"] == 3 and record.payload["request"]["object_id"] == oid
    done = run_cli("verify", "--ledger", ledger, "--workers", "1")
    assert done.returncode == 0, done.stdout + done.stderr
    assert "#4 (recusal)：重放一致" in done.stdout
    # A plan the ledger does not hold is refused, and so is a request naming neither object nor absence.
    done = run_cli("recuse", flow["folder"], tmp_path / "r" / "recusal.json", *args, "--out", tmp_path / "x")
    assert done.returncode == 2
    stray = tmp_path / "stray.json"
    stray.write_text(plan_json.read_text(encoding="utf-8").replace('"seed": 31415265', '"seed": 1'), "utf-8")
    done = run_cli("recuse", flow["folder"], stray, *args, "--out", tmp_path / "x", "--ledger", ledger)
    assert done.returncode == 2 and "plan not in the ledger" in done.stderr
    done = run_cli("recuse", flow["folder"], plan_json, *args, "--out", tmp_path / "x", "--ledger", ledger)
    assert done.returncode == 2 and "superseded" in done.stderr  # recusals chain: amend the latest plan
    done = run_cli("recuse", flow["folder"], plan_json, "--inspector", who, "--out", tmp_path / "x")
    assert done.returncode == 2
    assert not (tmp_path / "x").exists()


def test_an_uncommitted_scenario_is_refused_by_a_ledger_holding_others(
    flow: dict[str, Any], bundled: Callable[[str], Any]
) -> None:
    with Ledger.open(flow["ledger"]) as ledger:
        with pytest.raises(NotCommitted, match="scenario not committed"):
            draw_records(ledger, bundled("stress-per-check"))
        assert draw_records(ledger, load_scenario(flow["folder"])).seed_value == 31415265
