"""The whole quarter end to end on the default county: plan, publish, results, bulletin, clues.

The default county with every 6th object marked 涉密 (so that some drawn objects are confidential),
planned with one worker. The results template is filled with openpyxl for 80 % of the checks
(every check of one team left open, so that team is behind schedule), with findings of each kind.
"""

from __future__ import annotations

import re
import shutil
import sqlite3
import zipfile
from collections import Counter
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from openpyxl import load_workbook
from shuangsui.app.lifecycle.quarter import elapsed_share
from shuangsui.app.lifecycle.tasklist import load_task_list
from shuangsui.ledger import Ledger
from shuangsui.models.loading import load_scenario
from shuangsui.scenarios.files import Style, write_tables

from tests.external_tools import docx_to_pdf, ink_fraction, pdf_pages_to_png, pdf_text, screenshot

pytestmark = pytest.mark.slow

AS_OF = "2025-02-28"
LEFT_OPEN_TEAM = "T05"
FINDING_EVERY = 7  # every 7th filled row: a finding (alternating kinds)


def _scenario_with_confidential(src: Path, dst: Path) -> Path:
    scenario = load_scenario(src)
    objects = [
        o.model_copy(update={"confidential": o.confidential or n % 6 == 0}) for n, o in enumerate(scenario.objects)
    ]
    shutil.copytree(src, dst)
    for name in ("objects", "inspectors", "items", "conflicts", "history"):
        (dst / f"{name}.csv").unlink(missing_ok=True)
    write_tables(
        scenario.model_copy(update={"objects": tuple(objects)}),
        dst,
        dict.fromkeys(("objects", "inspectors", "items", "conflicts", "history"), Style.ZH),
    )
    return dst


def _fill(template: Path, out: Path) -> list[dict[str, Any]]:
    """Fill 80 % of the rows (never those of LEFT_OPEN_TEAM); return what was entered."""
    wb = load_workbook(template)
    ws = wb["检查结果"]
    header = {c.value: c.column for c in ws[1]}
    rows = list(range(2, ws.max_row + 1))
    target = round(0.8 * len(rows))
    candidates = [r for r in rows if ws.cell(r, header["执法小组"]).value != LEFT_OPEN_TEAM]
    # Leave open the last candidates so that exactly 80 % are filled.
    chosen = candidates[:target]
    filled = []
    for k, r in enumerate(chosen):
        day = date(2025, 1 + k % 2, 3 + k % 25)
        result, followup, text, measures = "未发现问题", "无需处置", "", ""
        if k % FINDING_EVERY == 3:
            kind = (k // FINDING_EVERY) % 3
            result, followup = [
                ("发现问题已责令整改", "整改中"),
                ("立案查处", "已立案"),
                ("发现问题已责令整改", "已整改"),
            ][kind]
            text, measures = f"废气收集设施未正常运行（第{k}号）", "责令限期改正"
        if k == 5:
            result, followup, text = "未能检查", "无需处置", "企业停产，无法检查"
        values = {"检查日期": day, "检查结果": result, "问题描述": text, "处理措施": measures, "后续处置状态": followup}
        for column, value in values.items():
            ws.cell(r, header[column]).value = value or None
        filled.append(
            {
                "row": r,
                "object_id": ws.cell(r, header["对象编号"]).value,
                "group": ws.cell(r, header["执法小组"]).value,
                **values,
            }
        )
    wb.save(out)
    return filled


@pytest.fixture(scope="module")
def quarter(tmp_path_factory: pytest.TempPathFactory, run_cli, scenarios_dir: Path) -> dict[str, Any]:
    base = tmp_path_factory.mktemp("quarter")
    scenario = _scenario_with_confidential(scenarios_dir / "zhaoxian-2025Q1", base / "county")
    plan_dir, ledger = base / "plan", base / "ledger.sqlite"
    run = run_cli("plan", scenario, "--out", plan_dir, "--workers", "1")
    assert run.returncode == 0, run.stderr
    run = run_cli(
        "publish",
        plan_dir,
        "--scenario",
        scenario,
        "--out",
        base / "notice",
        "--ledger",
        ledger,
        "--date",
        "2025-01-02",
    )
    assert run.returncode == 0, run.stderr
    filled = _fill(plan_dir / "results-template.xlsx", base / "filled.xlsx")
    run = run_cli("results", scenario, plan_dir / "plan.json", base / "filled.xlsx", "--ledger", ledger)
    assert run.returncode == 0, run.stderr
    run = run_cli("bulletin", "--ledger", ledger, "--period", "2025Q1", "--out", base / "bulletin", "--as-of", AS_OF)
    assert run.returncode == 0, run.stderr
    _, _, tasks = load_task_list(scenario, plan_dir / "plan.json")
    return {"base": base, "scenario": scenario, "plan": plan_dir, "ledger": ledger, "filled": filled, "tasks": tasks}


def _sheet(path: Path, name: str) -> list[tuple]:
    ws = load_workbook(path, read_only=True)[name]
    return [r for r in ws.iter_rows(min_row=4, values_only=True) if any(v is not None for v in r)]


def _docx_text(path: Path) -> str:
    with zipfile.ZipFile(path) as z:
        return "".join(z.read(n).decode("utf-8") for n in z.namelist() if n.endswith(".xml"))


def _xlsx_text(path: Path) -> str:
    wb = load_workbook(path, read_only=True)
    return "\n".join(str(v) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for v in row if v)


def _html_text(path: Path) -> str:
    return re.sub(r"<[^>]+>", " ", path.read_text(encoding="utf-8"))


def test_task_sheets_and_template_cover_every_check(quarter: dict[str, Any]) -> None:
    tasks = quarter["tasks"]
    wb = load_workbook(quarter["plan"] / "tasks.xlsx", read_only=True)
    assert wb.sheetnames == list(tasks.groups())
    for group, group_tasks in tasks.groups().items():
        ids = [r[2] for r in wb[group].iter_rows(min_row=4, values_only=True) if r[2]]
        assert ids == [t.object_id for t in group_tasks]
    template = load_workbook(quarter["plan"] / "results-template.xlsx")["检查结果"]
    assert template.max_row - 1 == len(tasks.tasks)
    lists = {str(dv.sqref)[0]: dv.formula1 for dv in template.data_validations.dataValidation}
    assert "未发现问题,发现问题已责令整改,立案查处,移送,未能检查" in lists["J"]
    assert "无需处置,整改中,已整改,已立案,已结案" in lists["M"]


def test_public_files_hold_no_confidential_data(quarter: dict[str, Any]) -> None:
    tasks = quarter["tasks"]
    secret = [t for t in tasks.tasks if t.confidential]
    assert secret, "the draw should include confidential objects"
    scenario = load_scenario(quarter["scenario"])
    all_secret = [o for o in scenario.objects if o.confidential]
    notices = [quarter["base"] / "notice", quarter["base"] / "bulletin"]
    files = [p for d in notices for p in d.iterdir() if p.name.startswith(("task-notice", "results-notice"))]
    assert len(files) == 6
    for path in files:
        text = {".docx": _docx_text, ".xlsx": _xlsx_text, ".html": _html_text}[path.suffix](path)
        for obj in all_secret:
            assert obj.object_id not in text and obj.name not in text, f"{obj.name} leaked into {path.name}"
    # Public notices name no inspector unless asked.
    assert all(
        name not in _html_text(quarter["base"] / "notice/task-notice.html")
        for t in tasks.tasks
        for name in t.inspector_names
    )
    assert f"涉密 {len(secret)} 家不予公开" in _html_text(quarter["base"] / "notice/task-notice.html")
    public = _sheet(quarter["base"] / "notice/task-notice.xlsx", "抽查任务公告")
    assert len(public) == len(tasks.tasks) - len(secret)


def test_bulletin_numbers_match_the_filled_rows(quarter: dict[str, Any]) -> None:
    tasks, filled = quarter["tasks"], quarter["filled"]
    as_of = date.fromisoformat(AS_OF)
    done = [f for f in filled if f["检查结果"] != "未能检查" and f["检查日期"] <= as_of]
    by_group = Counter(f["group"] for f in done)
    rows = {
        r[0].split("（")[0].split(" ")[0]: r for r in _sheet(quarter["base"] / "bulletin/bulletin.xlsx", "小组进度")
    }
    planned = Counter(t.group for t in tasks.tasks)
    assert set(rows) == set(planned)
    for group, row in rows.items():
        assert row[1:3] == (planned[group], by_group[group]), group
    findings = [f for f in done if f["检查结果"] in ("发现问题已责令整改", "立案查处", "移送")]
    town = Counter(tasks.by_object()[f["object_id"]].township for f in findings)
    assert dict(r[:2] for r in _sheet(quarter["base"] / "bulletin/bulletin.xlsx", "按乡镇")) == dict(town)
    open_ = [f for f in findings if f["后续处置状态"] in ("整改中", "已立案")]
    assert len(_sheet(quarter["base"] / "bulletin/bulletin.xlsx", "未完结处置")) == len(open_)
    html = _html_text(quarter["base"] / "bulletin/bulletin.html")
    assert f"已完成 {len(done)} 次" in html and f"发现问题合计 {len(findings)} 次" in html
    internal = sum(1 for f in done if tasks.by_object()[f["object_id"]].internal_joint)
    assert f"部门内联合检查（两个及以上业务条线人员参与）{internal} 次" in html
    # Public results: every done, non-confidential check, with its entered result.
    public = _sheet(quarter["base"] / "bulletin/results-notice.xlsx", "抽查结果公告")
    expected = {
        tasks.by_object()[f["object_id"]].name: f["检查结果"]
        for f in done
        if not tasks.by_object()[f["object_id"]].confidential
    }
    assert {r[1]: r[5] for r in public} == expected


def test_behind_schedule_list(quarter: dict[str, Any]) -> None:
    tasks, filled = quarter["tasks"], quarter["filled"]
    elapsed = elapsed_share("2025Q1", date.fromisoformat(AS_OF))
    done = Counter(f["group"] for f in filled if f["检查结果"] != "未能检查")
    planned = Counter(t.group for t in tasks.tasks)
    expected = {g for g in planned if done[g] < planned[g] * elapsed}
    assert LEFT_OPEN_TEAM in expected
    listed = _sheet(quarter["base"] / "bulletin/bulletin.xlsx", "督办名单")
    assert {r[0].split("（")[0].split(" ")[0] for r in listed} == expected
    open_team = next(r for r in listed if r[0].startswith(LEFT_OPEN_TEAM))
    for t in tasks.groups()[LEFT_OPEN_TEAM]:
        assert t.object_id in open_team[4]


def test_ledger_records_publications_and_results(quarter: dict[str, Any]) -> None:
    import hashlib

    with Ledger.open(quarter["ledger"]) as ledger:
        assert ledger.verify_chain() == []
        assert [r.kind for r in ledger.records()] == ["publication", "task_list", "results", "publication"]
        for record, folder in zip(ledger.records("publication"), ("notice", "bulletin"), strict=True):
            for name, digest in record.payload["files"].items():
                assert hashlib.sha256((quarter["base"] / folder / name).read_bytes()).hexdigest() == digest
        (results,) = ledger.records("results")
        assert len(results.payload["entries"]) == len(quarter["filled"])


def test_rejected_results_record_nothing(quarter: dict[str, Any], run_cli, tmp_path: Path) -> None:
    bad = tmp_path / "bad.xlsx"
    wb = load_workbook(quarter["base"] / "filled.xlsx")
    ws = wb["检查结果"]
    ws["I2"] = date(2025, 4, 2)  # outside 2025Q1
    ws["B3"] = "91130133NOSUCHCHECK"
    ws["J4"] = "已检查"
    wb.save(bad)
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(quarter["ledger"], ledger)
    before = sqlite3.connect(ledger).execute("SELECT count(*) FROM records").fetchone()[0]
    run = run_cli("results", quarter["scenario"], quarter["plan"] / "plan.json", bad, "--ledger", ledger)
    assert run.returncode == 2
    assert "第2行 (row 2) 列「检查日期」" in run.stderr
    assert "第3行 (row 3) 列「对象编号」" in run.stderr
    assert "第4行 (row 4) 列「检查结果」" in run.stderr
    assert sqlite3.connect(ledger).execute("SELECT count(*) FROM records").fetchone()[0] == before


def test_correction_keeps_the_earlier_entry(quarter: dict[str, Any], run_cli, tmp_path: Path) -> None:
    ledger = tmp_path / "ledger.sqlite"
    shutil.copy(quarter["ledger"], ledger)
    first = quarter["filled"][0]
    wb = load_workbook(quarter["base"] / "filled.xlsx")
    ws = wb["检查结果"]
    ws[f"J{first['row']}"], ws[f"K{first['row']}"], ws[f"L{first['row']}"] = "立案查处", "超标排放", "立案调查"
    ws[f"M{first['row']}"] = "已立案"
    wb.save(tmp_path / "corrected.xlsx")
    run = run_cli(
        "results", quarter["scenario"], quarter["plan"] / "plan.json", tmp_path / "corrected.xlsx", "--ledger", ledger
    )
    assert run.returncode == 0, run.stderr
    assert "更正 1 条" in run.stdout
    from shuangsui.app.lifecycle.results import latest_results

    with Ledger.open(ledger) as led:
        results = led.records("results")
        assert results[-1].payload["corrections"] == [first["object_id"]]
        assert [e["result"] for r in results for e in r.payload["entries"] if e["object_id"] == first["object_id"]] == [
            first["检查结果"],
            "立案查处",
        ]
        assert latest_results(led, "2025Q1")[first["object_id"]]["result"] == "立案查处"
        assert led.verify_chain() == []


def test_clues_make_the_next_draw_check_on_site(quarter: dict[str, Any], run_cli, tmp_path: Path) -> None:
    out = tmp_path / "next" / "objects.csv"
    run = run_cli(
        "clues", "--ledger", quarter["ledger"], "--period", "2025Q1", "--scenario", quarter["scenario"], "--out", out
    )
    assert run.returncode == 0, run.stderr
    shutil.copytree(
        quarter["scenario"], tmp_path / "next", dirs_exist_ok=True, ignore=shutil.ignore_patterns("objects.csv")
    )
    nxt = load_scenario(tmp_path / "next")
    findings = {
        f["object_id"] for f in quarter["filled"] if f["检查结果"] in ("发现问题已责令整改", "立案查处", "移送")
    }
    assert findings
    with_clue = {o.object_id for o in nxt.objects if "2025Q1抽查发现问题" in o.clue}
    assert with_clue == findings
    assert all(nxt.object_by_id[i].mode == "onsite" for i in findings)


def test_documents_render(quarter: dict[str, Any], tmp_path: Path) -> None:
    base = quarter["base"]
    for docx, words in (
        (quarter["plan"] / "tasks.docx", "任务单"),
        (base / "notice/task-notice.docx", "抽查任务公告"),
        (base / "bulletin/bulletin.docx", "督办名单"),
        (base / "bulletin/results-notice.docx", "抽查结果公告"),
    ):
        pdf = docx_to_pdf(docx, tmp_path)
        assert words in re.sub(r"\s", "", pdf_text(pdf))
        (page,) = pdf_pages_to_png(pdf, tmp_path / docx.stem)
        assert ink_fraction(page) > 0.01
    png = screenshot(base / "bulletin/bulletin.html", tmp_path / "bulletin.png", tmp_path)
    assert ink_fraction(png) > 0.02
