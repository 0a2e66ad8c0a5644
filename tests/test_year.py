"""`shuangsui year` (app/year.py and its outputs): quarters, projected history, annual figures,
the formal documents rendered by LibreOffice, the public version, adjustments, the ledger, and a
year that becomes infeasible in Q3.

The scenarios are small generated counties (80 objects, 8 inspectors). Both are designed to keep
their verdict under either reading of the annual cap (contract v1: every check counts; v2: on-site
checks only): the feasible one starts in Q3 without earlier checks of the year, the infeasible one
checks every special object on site in Q2 with an annual cap of 1.
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from pathlib import Path
from typing import Any

import docx
import openpyxl
import pytest
from external_tools import docx_to_pdf, ink_fraction, pdf_pages_to_png, pdf_text
from shuangsui.app.year import period_zh, quarter_seed, quarters_from
from shuangsui.checker import check_plan
from shuangsui.models.domain import HistoryCheck, Scenario
from shuangsui.models.enums import Mode, Tier
from shuangsui.models.loading import load_scenario
from shuangsui.reports import govdoc
from shuangsui.reports.year_docs import ADJUSTMENT_DOCX, ADJUSTMENT_SECTIONS, PLAN_DOCX, PLAN_SECTIONS, PUBLIC_DOCX
from shuangsui.scenarios.generator import Options, build, write
from shuangsui.scheduler import solve

pytestmark = pytest.mark.slow

BUREAU = "测试市生态环境局某县分局"
DOCUMENT = f'\n[document]\nbureau = "{BUREAU}"\nissued = 2025-06-20\n'
SECRET_NAME = "涉密测试单位有限公司"
OPTIONS = Options(objects=80, inspectors=8, period="2025Q3", history_periods=0)


def _scenario_folder(folder: Path, scenario: Scenario, toml_extra: str = DOCUMENT) -> Path:
    write(scenario, folder, OPTIONS)
    with (folder / "scenario.toml").open("a", encoding="utf-8") as stream:
        stream.write(toml_extra)
    return folder


def _feasible() -> Scenario:
    """Q3 and Q4; three general objects checked on site in Q2; one special object confidential."""
    sc = build(OPTIONS)
    general = [o for o in sc.objects if o.tier is Tier.GENERAL][:3]
    history = tuple(
        HistoryCheck(
            period="2025Q2", object_id=o.object_id, inspector_ids=(sc.inspectors[0].inspector_id,), mode="onsite"
        )
        for o in general
    )
    secret = next(o for o in sc.objects if o.tier is Tier.SPECIAL)
    objects = tuple(
        o.model_copy(update={"confidential": True, "name": SECRET_NAME}) if o is secret else o for o in sc.objects
    )
    return sc.model_copy(update={"objects": objects, "history": history})


def _infeasible_q3() -> Scenario:
    """From Q2: every special object checked on site (quota 100 %, none off-site capable), annual cap 1."""
    sc = build(OPTIONS)
    objects = tuple(
        o.model_copy(update={"offsite_capable": False}) if o.tier is Tier.SPECIAL else o for o in sc.objects
    )
    rules = sc.rules.model_copy(
        update={
            "period": "2025Q2",
            "quota": sc.rules.quota.model_copy(update={"special": 1.0}),
            "avoidance": sc.rules.avoidance.model_copy(update={"annual_cap": 1}),
        }
    )
    return sc.model_copy(update={"objects": objects, "rules": rules, "history": ()})


@pytest.fixture(scope="module")
def work(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return tmp_path_factory.mktemp("year")


@pytest.fixture(scope="module")
def published(work: Path, run_cli: Any) -> tuple[Path, Any]:
    """The first published version, recorded in a ledger."""
    folder = _scenario_folder(work / "scenario", _feasible())
    run = run_cli("year", folder, "--out", work / "v1", "--workers", "1", "--ledger", work / "ledger.sqlite")
    assert run.returncode == 0, run.stderr
    return work / "v1", run


@pytest.fixture(scope="module")
def figures(published: tuple[Path, Any]) -> dict[str, Any]:
    return json.loads((published[0] / "year.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def adjusted(work: Path, published: tuple[Path, Any], run_cli: Any) -> tuple[Path, Any]:
    """The same year after the general quota rose from 15 % to 25 % and teams grew to 3."""
    text = (work / "scenario" / "scenario.toml").read_text(encoding="utf-8")
    changed = re.sub(r"(?m)^general = 0\.15", "general = 0.25", text)
    changed = re.sub(r"(?m)^size = 2 ", "size = 3 ", changed)
    assert changed.count("0.25") > text.count("0.25")
    folder = work / "scenario-adjusted"
    folder.mkdir()
    for path in (work / "scenario").iterdir():
        (folder / path.name).write_bytes(path.read_bytes())
    (folder / "scenario.toml").write_text(changed, encoding="utf-8")
    out = work / "v2"
    run = run_cli(
        "year", folder, "--out", out, "--workers", "1", "--previous", published[0], "--ledger", work / "ledger.sqlite"
    )
    assert run.returncode == 0, run.stderr
    return out, run


def _plan(folder: Path) -> dict[str, Any]:
    return json.loads((folder / "plan.json").read_text(encoding="utf-8"))


# ---------------------------------------------------------------- quarters


def test_seed_rule_and_quarters() -> None:
    expected = int.from_bytes(hashlib.sha256(b"20250215:2025Q2").digest()[:4], "big") >> 1
    assert quarter_seed(20250215, "2025Q2") == expected == 1379992179
    assert quarter_seed(20250215, "2025Q3") != quarter_seed(20250215, "2025Q2")
    assert quarters_from("2025Q2") == ("2025Q2", "2025Q3", "2025Q4")
    assert quarters_from("2025Q4") == ("2025Q4",)
    assert period_zh("2025Q3") == "2025年第三季度"


def test_each_quarter_is_planned_checked_and_reproducible(published: tuple[Path, Any], figures: dict) -> None:
    out, _ = published
    assert figures["periods"] == ["2025Q3", "2025Q4"] and figures["status"] == "optimal"
    given = load_scenario(out.parent / "scenario")
    for period in figures["periods"]:
        plan = _plan(out / period)
        assert plan["seed"] == quarter_seed(given.rules.seed, period)
        scenario = load_scenario(out / period / "scenario")
        assert scenario.input_digest == plan["input_digest"]
        result = solve(scenario, workers=1, explain=False)
        assert result.plan is not None and check_plan(scenario, result.plan) == []
        # `shuangsui plan` on the quarter's scenario gives the very same plan.
        assert result.plan.to_json() == (out / period / "plan.json").read_text(encoding="utf-8")
        for name in ("plan.xlsx", "plan.csv", "report.html", "feasibility.json"):
            assert (out / period / name).stat().st_size > 0
    # Q4's history = the given history + Q3's planned checks.
    q4 = load_scenario(out / "2025Q4" / "scenario")
    projected = {(h.period, h.object_id, h.mode) for h in q4.history}
    q3_checks = {("2025Q3", c["object_id"], Mode(c["mode"])) for c in _plan(out / "2025Q3")["checks"]}
    given_rows = {(h.period, h.object_id, h.mode) for h in given.history}
    assert projected == given_rows | q3_checks and len(given_rows) == 3


def test_annual_figures_equal_the_plans(published: tuple[Path, Any], figures: dict) -> None:
    out, _ = published
    scenario = load_scenario(out.parent / "scenario")
    unit = {i.inspector_id: i.unit for i in scenario.inspectors}
    checks = {p: _plan(out / p)["checks"] for p in figures["periods"]}
    for q in figures["quarters"]:
        cs = checks[q["period"]]
        assert q["checks"] == len(cs)
        assert q["onsite"] == sum(c["mode"] == "onsite" for c in cs)
        assert q["internal_joint"] == sum(len({unit[i] for i in c["inspector_ids"]}) >= 2 for c in cs)
        assert q["inter_department"] == sum(c["joint"] == "inter_department" for c in cs) >= 1
    for row in figures["tiers"]:
        draw = "full_coverage" if row["tier"] == "positive" else "credit_risk"
        cs = checks[row["period"]]
        assert row["planned"] == sum(c["tier"] == row["tier"] and c["draw"] == draw for c in cs)
        assert row["planned"] >= row["required"]
    total = figures["totals"]
    assert total["checks"] == sum(len(cs) for cs in checks.values())
    assert total["internal_joint_share"] == round(total["internal_joint"] / total["checks"], 4)
    assert total["internal_joint_met"] is True and total["inter_department_met"] is True
    for item in figures["items"]:
        for period, count in item["per_quarter"].items():
            assert count == sum(item["item_id"] in c["items"] for c in checks[period])
    for row in figures["units"]:
        members = [i for i in scenario.inspectors if i.unit == row["unit"] and i.eligible]
        assert row["capacity"] == sum(i.capacity for i in members)
        used = sum(
            c["mode"] == "onsite" for c in checks[row["period"]] for i in c["inspector_ids"] if unit[i] == row["unit"]
        )
        assert row["onsite"] == used
    # The workbook shows the same numbers under Chinese sheet names.
    book = openpyxl.load_workbook(out / "annual-plan.xlsx", read_only=True)
    assert {"季度概况", "分类抽查", "信用风险分类", "抽查事项", "执法力量", "执法小组", "达到年度上限"} <= set(
        book.sheetnames
    )
    rows = list(book["季度概况"].iter_rows(values_only=True))
    assert [r[3] for r in rows[1:]] == [q["checks"] for q in figures["quarters"]] + [total["checks"]]
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.count("data:image/png;base64,") == 3 and "@font-face" in html and "各季度对照" in html


# ---------------------------------------------------------------- documents


def _paragraphs(path: Path) -> list[str]:
    return [p.text for p in docx.Document(str(path)).paragraphs]


def _all_text(path: Path) -> str:
    doc = docx.Document(str(path))
    cells = [c.text for t in doc.tables for r in t.rows for c in r.cells]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _table(doc: Any, caption_start: str) -> list[list[str]]:
    """The rows (header first) of the table whose caption starts with `caption_start`."""
    body = list(doc.element.body.iterchildren())
    for k, node in enumerate(body):
        if node.tag.endswith("}p") and "".join(node.itertext()).startswith(caption_start):
            tbl = body[k + 1]
            table = docx.table.Table(tbl, doc)
            return [[c.text for c in row.cells] for row in table.rows]
    raise AssertionError(f"no table {caption_start}")


def _rendered(path: Path, work: Path) -> str:
    pdf = docx_to_pdf(path, work)
    pngs = pdf_pages_to_png(pdf, work / (path.stem + "-page"), 1, 2)
    assert len(pngs) == 2 and all(ink_fraction(p) > 0.01 for p in pngs)
    return "".join(pdf_text(pdf).split())


def test_annual_plan_document(published: tuple[Path, Any], figures: dict, work: Path) -> None:
    out, _ = published
    path = out / PLAN_DOCX
    paragraphs = _paragraphs(path)
    assert paragraphs[0] == f"{BUREAU}2025年度“双随机、一公开”抽查计划"
    headings = [p for p in paragraphs if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert headings == [f"{govdoc.chinese_numeral(n)}、{s}" for n, s in enumerate(PLAN_SECTIONS, start=1)]
    assert paragraphs[-2:] == [BUREAU, "2025年6月20日"]
    doc = docx.Document(str(path))
    items = _table(doc, "表1")
    assert [int(r[-1]) for r in items[1:]] == [i["total"] for i in figures["items"]]
    assert all(r[3] for r in items[1:]) and len(items) == len(figures["items"]) + 1
    quarters = _table(doc, "表4")
    for row, q in zip(quarters[1:], figures["quarters"], strict=True):
        tiers = {t["tier"]: t for t in figures["tiers"] if t["period"] == q["period"]}
        assert [int(v) for v in row[1:5]] == [tiers[t.value]["planned"] for t in Tier]
        assert [int(v) for v in row[6:]] == [q["checks"], q["onsite"], q["offsite"]]
    staff = _table(doc, "表5")
    assert [[r[0], int(r[1]), int(r[2])] for r in staff[1:]] == [
        [u, v["inspectors"], v["capacity"]] for u, v in figures["inputs"]["units"].items()
    ]
    scope = _table(doc, "表2")
    first = {t["tier"]: t for t in figures["tiers"] if t["period"] == "2025Q3"}
    assert [int(r[3]) for r in scope[1:]] == [first[t.value]["required"] for t in Tier]
    for row in doc.tables[0].rows[:1]:
        assert row._tr.trPr.find(docx.oxml.ns.qn("w:tblHeader")) is not None
    text = _rendered(path, work)
    assert "抽查事项清单" in text and "—1—" in text
    # The internal version names the enforcement staff; neither names a firm.
    scenario = load_scenario(out.parent / "scenario")
    names = [i.name for i in scenario.inspectors if i.eligible]
    assert all(name in _all_text(path) for name in names)


def test_public_version(published: tuple[Path, Any], work: Path) -> None:
    out, _ = published
    path = out / PUBLIC_DOCX
    scenario = load_scenario(out.parent / "scenario")
    secret = [o for o in scenario.objects if o.confidential]
    assert [o.name for o in secret] == [SECRET_NAME]
    text = _all_text(path)
    assert "（公开版）" in text
    for o in secret:
        assert o.object_id not in text and o.name not in text
    for insp in scenario.inspectors:
        assert insp.name not in text and insp.inspector_id not in text
    headings = [p for p in _paragraphs(path) if re.match(r"^[一二三四五六七八九十]+、", p)]
    assert [h.split("、", 1)[1] for h in headings] == list(PLAN_SECTIONS)
    rendered = _rendered(path, work)
    assert SECRET_NAME not in rendered and "执法力量" in rendered


def test_ledger_records_the_published_version(published: tuple[Path, Any], work: Path) -> None:
    out, run = published
    assert "已登记台账" in run.stdout
    rows = sqlite3.connect(work / "ledger.sqlite").execute("SELECT kind, payload FROM records ORDER BY seq").fetchall()
    kind, payload = rows[0][0], json.loads(rows[0][1])
    assert kind == "annual_plan" and payload["version"] == 1 and payload["adjusts"] is None
    assert payload["bureau"] == BUREAU and payload["year"] == 2025
    for name, digest in payload["files"].items():
        assert hashlib.sha256((out / name).read_bytes()).hexdigest() == digest
    assert [q["plan_sha256"] for q in payload["quarters"]] == [
        hashlib.sha256((out / p / "plan.json").read_bytes()).hexdigest() for p in ("2025Q3", "2025Q4")
    ]


# ---------------------------------------------------------------- adjustments


def test_adjustment(adjusted: tuple[Path, Any], figures: dict, work: Path) -> None:
    out, _ = adjusted
    new = json.loads((out / "year.json").read_text(encoding="utf-8"))
    changes = new["adjustment"]["changes"]
    subjects = {c["subject"]: (c["before"], c["after"]) for c in changes}
    assert subjects["一般监管对象抽查比例"] == ("15%", "25%")
    assert subjects["现场检查每组人数"] == ("2", "3")
    old_general = {t["period"]: t for t in figures["tiers"] if t["tier"] == "general"}
    new_general = {t["period"]: t for t in new["tiers"] if t["tier"] == "general"}
    for period in ("2025Q3", "2025Q4"):
        before, after = old_general[period], new_general[period]
        assert after["required"] > before["required"]
        assert subjects[f"{period} 一般监管对象"] == (
            f"应抽 {before['required']}，计划 {before['planned']}",
            f"应抽 {after['required']}，计划 {after['planned']}",
        )
    reasons = {r["input_zh"] for r in new["adjustment"]["reasons"]}
    assert reasons == {"一般监管对象抽查比例（quota.general）", "现场检查每组人数（teams.size）"}
    path = out / ADJUSTMENT_DOCX
    doc = docx.Document(str(path))
    headings = [p.text for p in doc.paragraphs if re.match(r"^[一二三四五六七八九十]+、", p.text)]
    assert [h.split("、", 1)[1] for h in headings] == list(ADJUSTMENT_SECTIONS)
    table = _table(doc, "表2")
    assert [r[1:] for r in table[1:]] == [[c["subject"], c["before"], c["after"]] for c in changes]
    assert "计划调整" in (out / "report.html").read_text(encoding="utf-8")
    assert "2025年6月20日" in _rendered(path, work)
    payloads = [
        json.loads(p) for (p,) in sqlite3.connect(work / "ledger.sqlite").execute("SELECT payload FROM records")
    ]
    hashes = [h for (h,) in sqlite3.connect(work / "ledger.sqlite").execute("SELECT hash FROM records ORDER BY seq")]
    assert [p["version"] for p in payloads] == [1, 2] and payloads[1]["adjusts"] == hashes[0]
    assert payloads[1]["changes"] == len(changes)


# ---------------------------------------------------------------- no plan, bad input


def test_infeasible_q3(work: Path, run_cli: Any) -> None:
    folder = _scenario_folder(work / "scenario-q3", _infeasible_q3())
    out = work / "infeasible"
    run = run_cli("year", folder, "--out", out, "--workers", "1", "--ledger", work / "other.sqlite")
    assert run.returncode == 3, run.stderr
    assert "2025Q3 无可行计划" in run.stderr and "[annual_cap]" in run.stderr and "未登记台账" in run.stderr
    figures = json.loads((out / "year.json").read_text(encoding="utf-8"))
    assert figures["status"] == "infeasible" and figures["unplanned_periods"] == ["2025Q4"]
    failed = figures["failed"]
    assert failed["period"] == "2025Q3" and "annual_cap" in {c["rule"] for c in failed["conflicts"]}
    assert failed["suggestions"] and all(s["verified"] for s in failed["suggestions"])
    assert (out / "2025Q2" / "plan.json").exists() and not (out / "2025Q3" / "plan.json").exists()
    assert (out / "2025Q3" / "report.html").exists() and not (out / "2025Q4").exists()
    assert not (out / PLAN_DOCX).exists() and not (out / PUBLIC_DOCX).exists()
    html = (out / "report.html").read_text(encoding="utf-8")
    assert "2025年第三季度无可行计划" in html and "年度抽查次数上限" in html
    assert sqlite3.connect(work / "other.sqlite").execute("SELECT count(*) FROM records").fetchone()[0] == 0


def test_bad_document_keys_and_previous(work: Path, run_cli: Any, published: tuple[Path, Any]) -> None:
    bad = '\n[document]\nbureau = ""\nissued = 2023-02-15\nsigner = "x"\n'
    folder = _scenario_folder(work / "scenario-bad", _feasible(), bad)
    run = run_cli("year", folder, "--out", work / "bad-out", "--workers", "1")
    assert run.returncode == 2
    assert "document.bureau" in run.stderr and "document.signer" in run.stderr
    assert not (work / "bad-out").exists()
    good = _scenario_folder(work / "scenario-good", _feasible())
    run = run_cli("year", good, "--out", work / "bad-out", "--previous", work / "nowhere")
    assert run.returncode == 2 and "year.json" in run.stderr and not (work / "bad-out").exists()
    other_year = work / "published-2024"
    other_year.mkdir()
    figures = json.loads((published[0] / "year.json").read_text(encoding="utf-8"))
    (other_year / "year.json").write_text(json.dumps({**figures, "year": 2024}), encoding="utf-8")
    run = run_cli("year", good, "--out", work / "bad-out", "--previous", other_year)
    assert run.returncode == 2, run.stderr
    assert "已发布版本是 2024 年的计划，本次为 2025 年" in run.stderr and not (work / "bad-out").exists()
