"""The outputs of `shuangsui plan`: plan.csv, plan.xlsx, feasibility.json, report.html, charts."""

from __future__ import annotations

import csv
import dataclasses
import io
import json
import re
import warnings
from collections.abc import Callable
from pathlib import Path

import matplotlib
import pytest
from matplotlib import font_manager
from matplotlib.text import Text
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from shuangsui.models.domain import (
    Conflict,
    InspectionObject,
    Inspector,
    Item,
    Scenario,
    ScenarioRules,
)
from shuangsui.models.rules import RuleFamily
from shuangsui.reports import write_plan_outputs
from shuangsui.reports.chart_helper import chart_helper, draw_charts
from shuangsui.reports.figure_tables import WORKLOAD_PEOPLE_MAX, report_chart_names, workload_by_unit, workload_rows
from shuangsui.reports.fonts import cjk_font
from shuangsui.reports.html import render_report, report_before_charts
from shuangsui.reports.labels import NO_RESOURCE_CHANGE, resource_note
from shuangsui.reports.outputs import build_tables
from shuangsui.reports.plots import chart_style, png, report_charts, workload_figure
from shuangsui.reports.tables import ReportInput
from shuangsui.scheduler.result import (
    Check,
    Conflicting,
    DrawShift,
    LeftOut,
    Plan,
    SolveResult,
    SolveStatus,
    StageStats,
    Suggestion,
    Team,
    Undrawable,
)

matplotlib.use("Agg")

SHEETS = ["抽查计划", "执法小组", "规则执行情况", "分层抽查", "人员工作量", "不可抽对象"]
HEADER_ROW = 3  # plan.xlsx: title row, info row, then the header
PLAN_FILES = {"plan.csv", "plan.xlsx", "feasibility.json", "report.html"}


# ---------------------------------------------------------------- a small real scenario


def small_scenario() -> Scenario:
    """12 objects, 5 inspectors (one unavailable), 3 items; one object nobody can check (辐射)."""
    items = (
        Item(item_id="HJ-01", name="排污许可执行情况（废气）", specialty="大气"),
        Item(item_id="HJ-02", name="排污许可执行情况（废水）", specialty="水"),
        Item(item_id="HJ-03", name="辐射安全许可执行情况", specialty="辐射"),
    )

    def person(pid: str, name: str, unit: str, specialties: tuple[str, ...], capacity: int, **kw: object) -> Inspector:
        return Inspector(inspector_id=pid, name=name, unit=unit, specialties=specialties, capacity=capacity, **kw)

    inspectors = (
        person("I01", "张伟", "执法大队", ("大气", "水"), 6),
        person("I02", "李娜", "监测站", ("水",), 6),
        person("I03", "王强", "执法大队", ("大气",), 4),
        person("I04", "赵敏", "监测站", ("大气", "水"), 4),
        person("I05", "刘洋", "执法大队", ("大气",), 4, available=False),
    )

    def obj(
        oid: str,
        name: str,
        township: str,
        tier: str,
        risk: str,
        object_items: tuple[str, ...] = ("HJ-01",),
        **kw: object,
    ) -> InspectionObject:
        return InspectionObject(
            object_id=oid,
            name=name,
            township=township,
            industry="化工",
            tier=tier,
            credit_risk=risk,
            items=object_items,
            **kw,
        )

    objects = (
        obj("S1", "赵县宏达化工有限公司", "赵州镇", "special", "D", ("HJ-01", "HJ-02")),
        obj("S2", "赵县新兴铸造厂", "范庄镇", "special", "C"),
        obj(
            "K1",
            "赵县精细化学品有限公司",
            "赵州镇",
            "key",
            "B",
            ("HJ-02",),
            partner_departments=("应急管理局",),
            confidential=True,
        ),
        obj("K2", "赵县热电有限公司", "赵州镇", "key", "A"),
        obj("K3", "赵县污水处理厂", "韩村镇", "key", "C"),
        obj("K4", "赵县第二污水处理厂", "北王里镇", "key", "B", ("HJ-02",)),
        obj("G1", "赵县包装印刷厂", "范庄镇", "general", "B"),
        obj("G2", "赵县汽车维修中心", "韩村镇", "general", "C", clue="投诉举报"),
        obj("G3", "赵县家具厂", "北王里镇", "general", "A"),
        obj("G4", "赵县医院放射科", "赵州镇", "general", "B", ("HJ-03",)),
        obj("P1", "赵县绿色食品有限公司", "赵州镇", "positive", "A", offsite_capable=True),
        obj("P2", "赵县梨果加工厂", "范庄镇", "positive", "B", offsite_capable=True),
    )
    rules = ScenarioRules(name="测试县 2025年第一季度", period="2025Q1", seed=20250215)
    return Scenario(
        rules=rules,
        objects=objects,
        inspectors=inspectors,
        items=items,
        conflicts=(Conflict(inspector_id="I03", object_id="S1", reason="亲属任职"),),
        input_digest="0f" * 32,
    )


def hand_plan(status: SolveStatus = SolveStatus.OPTIMAL) -> Plan:
    """A valid plan of `small_scenario`, made by hand."""

    def check(
        oid: str,
        tier: str,
        risk: str,
        draw: str,
        mode: str,
        team: str | None,
        ids: tuple[str, ...],
        joint: str,
        items: tuple[str, ...],
        partner: str | None = None,
    ) -> Check:
        return Check(
            object_id=oid,
            tier=tier,
            credit_risk=risk,
            draw=draw,
            mode=mode,
            team_id=team,
            inspector_ids=ids,
            joint=joint,
            partner_department=partner,
            directed=None,
            items=items,
            internal_joint=joint != "none",  # the hand plan's groups with a joint label span 2 units
        )

    return Plan(
        scenario="测试县 2025年第一季度",
        period="2025Q1",
        seed=20250215,
        input_digest="0f" * 32,
        status=status,
        ortools="9.15.6755",
        teams=(Team("T01", ("I01", "I02")), Team("T02", ("I03", "I04"))),
        checks=(
            check(
                "S1",
                "special",
                "D",
                "credit_risk",
                "onsite",
                "T01",
                ("I01", "I02"),
                "internal",
                ("HJ-01", "HJ-02"),
            ),
            check(
                "K1",
                "key",
                "B",
                "credit_risk",
                "onsite",
                "T01",
                ("I01", "I02"),
                "inter_department",
                ("HJ-02",),
                partner="应急管理局",
            ),
            check(
                "G1",
                "general",
                "B",
                "credit_risk",
                "onsite",
                "T02",
                ("I03", "I04"),
                "internal",
                ("HJ-01",),
            ),
            check(
                "P1",
                "positive",
                "A",
                "full_coverage",
                "offsite",
                None,
                ("I03",),
                "none",
                ("HJ-01",),
            ),
            check(
                "P2",
                "positive",
                "B",
                "full_coverage",
                "offsite",
                None,
                ("I02",),
                "none",
                ("HJ-01",),
            ),
        ),
        undrawable=(Undrawable("G4", "辐射专业：无具备辐射专业的在岗执法人员"),),
    )


STAGES = (
    StageStats("draw", "optimal", 0.0123, 30.0, 30.0, 12, 18),
    StageStats("teams", "optimal", 0.0071, 7.0, 7.0, 18, 31, branches=21, conflicts=2),
    # A proof that found the second best (29 < 30): the draw's optimum is unique.
    StageStats("uniqueness of draw", "optimal", 0.0012, 29.0, 29.0, 12, 20, verdict="unique"),
)


def solved(status: SolveStatus = SolveStatus.OPTIMAL, wall_time: float = 0.05) -> SolveResult:
    return SolveResult(
        status=status,
        plan=hand_plan(status),
        stages=STAGES,
        unique_optimum=True,
        uniqueness_note="抽取结果是唯一最优解",
        wall_time=wall_time,
        workers=4,
        seed=20250215,
    )


def infeasible() -> SolveResult:
    return SolveResult(
        status=SolveStatus.INFEASIBLE,
        plan=None,
        stages=STAGES[:1],
        conflicts=(
            Conflicting("specialty", "需要辐射专业的对象 1 家，但没有具备辐射专业的在岗执法人员"),
            Conflicting("credit_risk_draws", "一般监管对象需抽查 3 家，可抽对象只有 2 家"),
        ),
        suggestions=(
            Suggestion(
                "credit_risk_draws",
                "把一般监管对象抽查比例从 15% 降到 10%",
                {"quota.general": 0.10},
                True,
            ),
            Suggestion("specialty", "增加 1 名具备辐射专业的执法人员", {}, False),
        ),
        seed=20250215,
        wall_time=0.2,
        workers=4,
    )


@pytest.fixture(scope="module")
def scenario() -> Scenario:
    return small_scenario()


@pytest.fixture(scope="module")
def plan_dir(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario) -> Path:
    out = tmp_path_factory.mktemp("plan")
    write_plan_outputs(out, scenario, solved())
    return out


@pytest.fixture(scope="module")
def infeasible_dir(tmp_path_factory: pytest.TempPathFactory, scenario: Scenario) -> Path:
    out = tmp_path_factory.mktemp("infeasible")
    write_plan_outputs(out, scenario, infeasible())
    return out


# ---------------------------------------------------------------- files


def test_hand_plan_is_valid(scenario: Scenario) -> None:
    from shuangsui.checker import evaluate

    evaluation = evaluate(scenario, hand_plan())
    assert evaluation.ok, evaluation.violations


def test_all_files_written(tmp_path: Path, scenario: Scenario) -> None:
    paths = write_plan_outputs(tmp_path, scenario, solved())
    assert {p.name for p in paths} == PLAN_FILES
    assert all(p.parent == tmp_path for p in paths)
    assert {p.name for p in tmp_path.iterdir()} == PLAN_FILES  # plan.json is the caller's
    # each file holds the plan in its own format: the same objects, in the plan's order
    plan = hand_plan()
    ids = [c.object_id for c in plan.checks]
    with (tmp_path / "plan.csv").open(encoding="utf-8-sig", newline="") as handle:
        assert [row["object_id"] for row in csv.DictReader(handle)] == ids
    sheet = list(load_workbook(tmp_path / "plan.xlsx", read_only=True)["抽查计划"].iter_rows(values_only=True))
    assert [row[2] for row in sheet[3:]] == ids
    data = json.loads((tmp_path / "feasibility.json").read_text(encoding="utf-8"))
    assert (data["status"], data["plan"], data["checks"], data["violations"]) == ("optimal", True, len(ids), [])
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert all(oid in html for oid in ids)


def test_infeasible_writes_report_and_json_only(infeasible_dir: Path) -> None:
    assert {p.name for p in infeasible_dir.iterdir()} == {"feasibility.json", "report.html"}


# ---------------------------------------------------------------- plan.csv


def test_plan_csv_is_machine_readable_with_bom(plan_dir: Path) -> None:
    raw = (plan_dir / "plan.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    rows = list(csv.DictReader(io.StringIO(raw.decode("utf-8-sig"))))
    assert [r["object_id"] for r in rows] == ["S1", "K1", "G1", "P1", "P2"]
    first = rows[0]
    assert (first["tier"], first["mode"], first["draw"]) == ("special", "onsite", "credit_risk")
    assert first["inspector_ids"] == "I01;I02" and first["items"] == "HJ-01;HJ-02"
    assert first["name"] == "赵县宏达化工有限公司"
    assert rows[1]["partner_department"] == "应急管理局" and rows[1]["confidential"] == "true"
    assert rows[3]["team_id"] == ""


# ---------------------------------------------------------------- plan.xlsx


def test_xlsx_sheets_and_rule_rows(plan_dir: Path) -> None:
    wb = load_workbook(plan_dir / "plan.xlsx")
    assert wb.sheetnames == SHEETS
    rules = wb["规则执行情况"]
    header = [c.value for c in rules[HEADER_ROW]]
    assert header[:7] == ["规则", "要求", "实际", "余量", "余量单位", "是否满足", "是否紧张"]
    names = [row[0] for row in rules.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert names == [rule.zh for rule in RuleFamily]
    assert all(row[5] == "满足" for row in rules.iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    units = {row[0]: row[4] for row in rules.iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert units[RuleFamily.CREDIT_SHARE.zh] == "个百分点" and units[RuleFamily.INTERNAL_JOINT.zh] == "次"
    for ws in wb.worksheets:
        assert ws.freeze_panes == f"A{HEADER_ROW + 1}"
        assert all(cell.font.b for cell in ws[HEADER_ROW])


def test_xlsx_plan_sheet_in_chinese(plan_dir: Path) -> None:
    ws = load_workbook(plan_dir / "plan.xlsx")["抽查计划"]
    header = [c.value for c in ws[HEADER_ROW]]
    for name in (
        "序号",
        "检查对象名称",
        "统一社会信用代码/对象编号",
        "所属乡镇",
        "监管类别",
        "信用风险等级",
        "抽取方式",
        "检查方式",
        "执法小组",
        "检查人员",
        "联合检查",
        "联合部门",
        "定向抽查",
        "抽查事项",
    ):
        assert name in header
    rows = [dict(zip(header, r, strict=True)) for r in ws.iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert len(rows) == 5
    s1 = rows[0]
    assert s1["监管类别"] == "特殊监管对象" and s1["信用风险等级"] == "D（高）"
    assert s1["检查方式"] == "现场检查" and s1["检查人员"] == "张伟、李娜"
    assert s1["抽查事项"] == "排污许可执行情况（废气）、排污许可执行情况（废水）"
    assert rows[1]["联合检查"] == "部门联合" and rows[1]["联合部门"] == "应急管理局"
    assert rows[3]["检查方式"] == "科技检查" and rows[3]["抽取方式"] == "正面清单全覆盖"


def test_xlsx_other_sheets(plan_dir: Path) -> None:
    wb = load_workbook(plan_dir / "plan.xlsx")
    teams = list(wb["执法小组"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert teams[0][:4] == ("T01", "张伟、李娜", "执法大队、监测站", "大气、水")
    workload = {r[0]: r for r in wb["人员工作量"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)}
    assert workload["I02"][6:10] == (2, 1, 2.25, pytest.approx(0.375))
    undrawable = list(wb["不可抽对象"].iter_rows(min_row=HEADER_ROW + 1, values_only=True))
    assert undrawable[0][0] == "G4" and "辐射" in undrawable[0][4]
    strata = [r for r in wb["分层抽查"].iter_rows(min_row=HEADER_ROW + 1, values_only=True)]
    assert ("特殊监管对象", "D（高）", 1, 1, 1) in [r[:5] for r in strata]
    assert any(r[0] == "正面清单企业" and r[2:5] == (2, 2, 2) for r in strata)


def test_xlsx_is_ready_to_hand_out(plan_dir: Path, scenario: Scenario) -> None:
    """Title block (plan name, period, seed, digest), page header/footer, print titles, fitted widths."""
    wb = load_workbook(plan_dir / "plan.xlsx")
    plan = hand_plan().to_dict()  # write_plan_outputs leaves plan.json to its caller
    for ws in wb.worksheets:
        title, info = ws["A1"].value, ws["A2"].value
        assert title == f"{scenario.rules.name} 双随机、一公开抽查计划　{ws.title}"
        assert ws["A1"].font.b and ws["A1"].font.sz == 14
        assert f"随机种子：{plan['seed']}" in info and plan["input_digest"] in info
        assert "2025年第一季度" in info and "编制日期" in info
        assert any(str(r) == f"A1:{get_column_letter(ws.max_column)}1" for r in ws.merged_cells.ranges)
        assert ws.print_title_rows == f"${HEADER_ROW}:${HEADER_ROW}"
        assert ws.oddFooter.center.text == "第 &P 页，共 &N 页"
        assert ws.oddHeader.center.text == title
        assert ws.page_setup.orientation == "landscape"
        # Every column at least as wide as its Chinese header (a CJK character counts two).
        for cell in ws[HEADER_ROW]:
            wide = sum(2 if "\u4e00" <= ch <= "\u9fff" or ch in "（）：" else 1 for ch in cell.value)
            assert ws.column_dimensions[cell.column_letter].width >= min(wide, 60), cell.value
    names = wb["抽查计划"]
    name_col = [c.value for c in names[HEADER_ROW]].index("检查对象名称") + 1
    longest = max(
        len(str(r[0]))
        for r in names.iter_rows(min_row=HEADER_ROW + 1, min_col=name_col, max_col=name_col, values_only=True)
    )
    assert names.column_dimensions[get_column_letter(name_col)].width >= 2 * longest


def test_xlsx_and_csv_are_deterministic(tmp_path: Path, scenario: Scenario) -> None:
    a, b = tmp_path / "a", tmp_path / "b"
    a.mkdir()
    b.mkdir()
    write_plan_outputs(a, scenario, solved(wall_time=0.1))
    write_plan_outputs(b, scenario, solved(wall_time=9.9))
    for name in ("plan.xlsx", "plan.csv"):
        assert (a / name).read_bytes() == (b / name).read_bytes(), name
    # feasibility.json differs only in its timings
    ja = json.loads((a / "feasibility.json").read_text(encoding="utf-8"))
    jb = json.loads((b / "feasibility.json").read_text(encoding="utf-8"))
    assert ja["timings"] != jb["timings"]
    ja.pop("timings")
    jb.pop("timings")
    assert ja == jb


# ---------------------------------------------------------------- feasibility.json


def test_a_proof_of_uniqueness_reads_as_one(plan_dir: Path) -> None:
    """The proof stage found a worse second best: the report says unique, never "another optimum"."""
    page = (plan_dir / "report.html").read_text(encoding="utf-8")
    row = page[page.index("uniqueness of draw") :].split("</tr>")[0]
    assert "已证明唯一" in row and "存在其他最优解" not in page


def test_feasibility_json(plan_dir: Path) -> None:
    data = json.loads((plan_dir / "feasibility.json").read_text(encoding="utf-8"))
    for key in (
        "status",
        "rules",
        "strata",
        "mode_split",
        "workload",
        "specialties",
        "townships",
        "joint",
        "reproducibility",
        "stages",
        "conflicts",
        "suggestions",
        "undrawable",
        "timings",
    ):
        assert key in data, key
    assert data["status"] == "optimal"
    assert [r["rule"] for r in data["rules"]] == [rule.value for rule in RuleFamily]
    assert set(data["rules"][0]) == {"rule", "required", "achieved", "slack", "ok", "tight"}
    assert all(r["ok"] for r in data["rules"])
    assert data["mode_split"] == {"onsite": 3, "offsite": 2}
    assert data["joint"]["internal"] == 3 and data["joint"]["inter_department"] == 1
    repro = data["reproducibility"]
    assert repro == {
        "seed": 20250215,
        "input_digest": "0f" * 32,
        "ortools": "9.15.6755",
        "status": "optimal",
        "reproducible": True,
        "unique_optimum": True,
        "uniqueness_note": "抽取结果是唯一最优解",
    }
    assert "wall_time" not in data["stages"][0]
    assert [st["verdict"] for st in data["stages"]] == [None, None, "unique"]
    assert data["timings"]["stages"][0]["wall_time"] == 0.0123
    by_township = {t["township"]: t for t in data["townships"]}
    assert by_township["赵州镇"]["drawn"] == 3
    by_specialty = {s["specialty"]: s for s in data["specialties"]}
    assert by_specialty["水"]["onsite_checks"] == 2 and by_specialty["辐射"]["capacity"] == 0
    workload = {w["inspector_id"]: w for w in data["workload"]}
    assert workload["I05"]["eligible"] is False


def test_feasibility_json_infeasible(infeasible_dir: Path) -> None:
    data = json.loads((infeasible_dir / "feasibility.json").read_text(encoding="utf-8"))
    assert data["status"] == "infeasible" and data["plan"] is False
    assert [c["rule"] for c in data["conflicts"]] == ["specialty", "credit_risk_draws"]
    assert data["suggestions"][0]["verified"] is True
    assert data["suggestions"][0]["change"] == {"quota.general": 0.10}
    rules = {r["rule"]: r for r in data["rules"]}
    assert len(rules) == len(RuleFamily)
    assert rules["specialty"]["ok"] is False and rules["capacity"]["ok"] is None
    assert all(s["drawn"] is None for s in data["strata"])


# ---------------------------------------------------------------- report.html


def test_report_html(plan_dir: Path) -> None:
    html = (plan_dir / "report.html").read_text(encoding="utf-8")
    assert 'id="rules"' in html
    for rule in RuleFamily:
        assert rule.zh in html
    assert html.count("data:image/png;base64,") == 3
    assert re.search(r"https?://", html) is None
    assert "<script" not in html and "<link" not in html
    assert "已生成计划" in html and "任何人可用相同输入和种子重现此次抽取" in html
    for section in (
        "分层抽查",
        "检查方式",
        "执法小组",
        "可重复性",
        "求解统计",
        "不可抽对象",
        "联合抽查",
        "专业需求与供给",
        "检查人员工作量",
        "各乡镇抽取情况",
    ):
        assert section in html
    assert "0f" * 32 in html and "9.15.6755" in html
    assert "@font-face" in html and "data:font/otf;base64," in html


def test_report_marks_confidential_objects(plan_dir: Path) -> None:
    html = (plan_dir / "report.html").read_text(encoding="utf-8")
    assert re.search(r"赵县精细化学品有限公司 <span class=\"tag secret\">涉密</span>", html)
    assert not re.search(r"赵县宏达化工有限公司 <span class=\"tag secret\">", html)


def test_report_infeasible(infeasible_dir: Path) -> None:
    html = (infeasible_dir / "report.html").read_text(encoding="utf-8")
    assert "无可行计划" in html and "冲突规则" in html and "修改建议" in html
    assert "需要辐射专业的对象 1 家" in html and "把一般监管对象抽查比例从 15% 降到 10%" in html
    assert "已验证" in html and "未验证" in html
    # the conflicts come before the rule table
    assert html.index('id="conflicts"') < html.index('id="rules"')
    assert 'id="rules"' in html and RuleFamily.SPECIALTY.zh in html
    assert re.search(r"https?://", html) is None


def test_report_feasible_warns_not_reproducible(tmp_path: Path, scenario: Scenario) -> None:
    write_plan_outputs(tmp_path, scenario, solved(SolveStatus.FEASIBLE))
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "本计划不可重现" in html
    assert "任何人可用相同输入和种子重现此次抽取" not in html


def test_report_timeout(tmp_path: Path, scenario: Scenario) -> None:
    result = SolveResult(status=SolveStatus.UNKNOWN, plan=None, stages=STAGES[:1], seed=7)
    paths = write_plan_outputs(tmp_path, scenario, result)
    assert {p.name for p in paths} == {"feasibility.json", "report.html"}
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert "超时" in html


# ---------------------------------------------------------------- tables (shared by all outputs)


def test_tables_are_reusable(scenario: Scenario) -> None:
    from shuangsui.checker import evaluate

    ri = ReportInput(scenario, solved(), evaluate(scenario, hand_plan()))
    tables = build_tables(ri)
    frame = tables["strata"].frame()
    assert list(frame.columns)[:5] == ["tier", "credit_risk", "population", "required", "drawn"]
    chinese = tables["rules"].frame(chinese=True)
    assert list(chinese["规则"]) == [rule.zh for rule in RuleFamily]


# ---------------------------------------------------------------- charts and font


def test_cjk_font_comes_from_mplfonts() -> None:
    import mplfonts

    font = cjk_font()
    assert font.family == "Noto Sans CJK SC"
    assert font.path.is_file()
    assert Path(mplfonts.__file__).resolve().parent in font.path.parents


def test_chart_text_uses_cjk_font(scenario: Scenario) -> None:
    tables = build_tables(ReportInput(scenario, solved()))
    font = cjk_font()
    with chart_style():
        fig = workload_figure(tables["workload"])
        assert fig is not None
        png(fig)  # drawing creates the tick labels
    texts = [t for t in fig.findobj(Text) if t.get_text()]
    assert any("张伟" in t.get_text() for t in texts)
    for text in texts:
        found = Path(font_manager.findfont(text.get_fontproperties(), fallback_to_default=False))
        assert found.resolve() == font.path, text.get_text()


def test_a_large_bureaus_workload_chart_has_a_bar_per_unit(scenario: Scenario) -> None:
    """Past WORKLOAD_PEOPLE_MAX inspectors a bar per person is unreadable (20,000 objects / 500
    people: a 17,000-pixel image): the chart sums them by unit; the table keeps every person."""
    workload = build_tables(ReportInput(scenario, solved()))["workload"]
    people = [r for r in workload.rows if r["eligible"] or r["used"]]
    assert not workload_by_unit(workload)
    assert [r["label"] for r in workload_rows(workload)] == [f"{r['name']}（{r['unit']}）" for r in people]
    copies = WORKLOAD_PEOPLE_MAX // len(people) + 1
    many = dataclasses.replace(workload, rows=tuple(r for _ in range(copies) for r in workload.rows))
    assert workload_by_unit(many)
    bars = workload_rows(many)
    units = sorted({r["unit"] for r in people})
    assert sorted(b["label"] for b in bars) == sorted(
        f"{u}（{copies * sum(1 for r in people if r['unit'] == u)} 人）" for u in units
    )
    assert sum(b["capacity"] for b in bars) == copies * sum(r["capacity"] for r in people)
    assert sum(b["onsite"] for b in bars) == copies * sum(r["onsite"] for r in people)
    with chart_style():
        fig = workload_figure(many)
        assert fig is not None
        ticks = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    assert sorted(ticks) == sorted(b["label"] for b in bars)


def test_charts_with_labels_wider_than_the_chart_are_drawn(scenario: Scenario) -> None:
    """A specialty or unit of hundreds of characters (valid input; the CLI fuzz test found it) used to
    leave the axes no room ("left cannot be >= right"): the label is cut at the edge, the chart drawn."""
    tables = build_tables(ReportInput(scenario, solved()))
    long = "大气" * 200

    def lengthened(key: str, column: str) -> object:
        rows = tuple({**r, column: long} if n == 0 else r for n, r in enumerate(tables[key].rows))
        return dataclasses.replace(tables[key], rows=rows)

    wide = {**tables, "specialties": lengthened("specialties", "specialty"), "workload": lengthened("workload", "unit")}
    charts = report_charts(wide, have_plan=True)
    assert set(charts) == set(report_charts(tables, have_plan=True)) and all(charts.values())


def test_charts_have_no_missing_glyphs(scenario: Scenario) -> None:
    tables = build_tables(ReportInput(scenario, solved()))
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        charts = report_charts(tables, have_plan=True)
        with chart_style():
            fig = workload_figure(tables["workload"])
            assert fig is not None
            fig.axes[0].set_title("检查人员工作量：现场检查、科技检查（折算）与季度上限")
            png(fig)
    assert set(charts) == {"workload", "specialties", "townships"}
    assert all(data.startswith(b"\x89PNG") for data in charts.values())
    glyphs = [str(w.message) for w in caught if "Glyph" in str(w.message)]
    assert glyphs == []


def test_missing_glyph_check_would_notice() -> None:
    """The warning the test above looks for does appear with a font lacking Chinese glyphs."""
    from matplotlib.figure import Figure

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        with matplotlib.rc_context({"font.family": ["DejaVu Sans"]}):
            fig = Figure()
            fig.text(0.5, 0.5, "检查")
            fig.savefig(io.BytesIO(), format="png")
    assert any("Glyph" in str(w.message) for w in caught)


def test_charts_are_deterministic(scenario: Scenario) -> None:
    tables = build_tables(ReportInput(scenario, solved()))
    assert report_charts(tables, have_plan=True) == report_charts(tables, have_plan=True)


@pytest.mark.parametrize("layout", ["margins", "constrained"])
def test_png_runs_the_layout_itself_and_gives_the_bytes_of_savefig(layout: str) -> None:
    """png() runs the chart's layout engine once instead of savefig's extra draw without output."""
    from matplotlib.figure import Figure
    from shuangsui.reports.plots import DPI, PNG_COMPRESSION, WIDTH, legend, new_figure

    def chart() -> Figure:
        if layout == "margins":
            fig, ax = new_figure(2.4)
        else:
            fig = Figure(figsize=(WIDTH, 2.4), dpi=DPI, layout="constrained")
            ax = fig.add_subplot()
        ax.bar(range(3), [3, 1, 2], label="现场检查")
        ax.set_xticks(range(3), ["特殊监管对象", "重点监管对象", "一般监管对象"])
        ax.set_ylabel("抽取检查数（次）")
        legend(ax, loc="lower left", bbox_to_anchor=(0.0, 1.0))
        return fig

    with chart_style():
        theirs = chart()
        buffer = io.BytesIO()
        theirs.savefig(
            buffer, format="png", dpi=DPI, metadata={"Software": None}, facecolor="white", pil_kwargs=PNG_COMPRESSION
        )
        ours = chart()
        assert png(ours) == buffer.getvalue()
    assert ours.get_layout_engine() is None
    # The layout did run (the margins are not matplotlib's defaults) and placed the axes as savefig's did.
    assert ours.axes[0].get_position().x0 != matplotlib.rcParams["figure.subplot.left"]
    assert ours.axes[0].get_position().bounds == theirs.axes[0].get_position().bounds


def test_charts_of_the_child_forked_at_start_are_the_same_bytes(scenario: Scenario) -> None:
    """`plan` hands the charts to a child forked before matplotlib was imported: same PNGs."""
    tables = build_tables(ReportInput(scenario, solved()))
    with chart_helper() as helper:
        child = helper._process
        drawn = draw_charts(helper, tables, have_plan=True).result()
    assert child is not None and child.exitcode == 0  # the child ended normally
    assert drawn == report_charts(tables, have_plan=True)


def test_task_sheets_of_a_large_plan_come_from_a_second_child(tmp_path: Path, scenario: Scenario, monkeypatch) -> None:
    """From TASKS_APART checks the task sheets are written by a forked process: the same files, byte for byte."""
    import shuangsui.app.plan as app_plan

    children: list[object] = []

    class Recorded(app_plan.Background):  # type: ignore[misc]
        def __init__(self, work: Callable[[], object]) -> None:
            super().__init__(work)
            children.append(self._process)

    result = solved()
    (tmp_path / "here").mkdir()
    here = app_plan.write_plan_files(tmp_path / "here", scenario, result, None)
    monkeypatch.setattr(app_plan, "TASKS_APART", 0)
    monkeypatch.setattr(app_plan, "Background", Recorded)
    (tmp_path / "apart").mkdir()
    apart = app_plan.write_plan_files(tmp_path / "apart", scenario, result, None)
    assert len(children) == 1 and children[0] is not None  # a child was forked for them
    # Either way the checker ran (once, beside the child) and its verdict is returned.
    assert here == apart == app_plan.verdict(scenario, result) and here is not None
    for name in ("tasks.xlsx", "tasks.docx", "results-template.xlsx", "plan.json", "plan.xlsx"):
        assert (tmp_path / "apart" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_task_sheets_of_a_large_plan_are_shared_with_the_chart_helper(
    tmp_path: Path, scenario: Scenario, monkeypatch
) -> None:
    """On two cores `plan` shares a large plan's task files with the chart helper, which imported their
    writers while the planner solved: the helper writes its part (tasks.docx at once), and every file
    is the same, byte for byte, as written in one process."""
    import shuangsui.app.plan as app_plan

    monkeypatch.setattr(app_plan, "few_cores", lambda: True)
    result = solved()
    (tmp_path / "here").mkdir()
    here = app_plan.write_plan_files(tmp_path / "here", scenario, result, None)
    monkeypatch.setattr(app_plan, "TASKS_APART", 0)
    monkeypatch.setattr(app_plan, "WRITERS_PREPARED", 0)
    (tmp_path / "shared").mkdir()
    with chart_helper() as helper:
        app_plan.prepare_helper(helper, scenario)
        shared = app_plan.write_plan_files(tmp_path / "shared", scenario, result, None, helper=helper)
        # Its jobs: the writers' import, tasks.docx, the charts, then the rest; the answers not collected
        # (the import, tasks.docx) are the child's: it ran them without failing.
        assert helper._sent == 4 and helper._received == {0: (True, None), 1: (True, None)}
    assert here == shared == app_plan.verdict(scenario, result) and here is not None
    for name in ("tasks.xlsx", "tasks.docx", "results-template.xlsx", "plan.json", "plan.xlsx", "report.html"):
        assert (tmp_path / "shared" / name).read_bytes() == (tmp_path / "here" / name).read_bytes(), name


def test_infeasible_has_supply_chart_only(scenario: Scenario) -> None:
    tables = build_tables(ReportInput(scenario, infeasible()))
    assert set(report_charts(tables, have_plan=False)) == {"specialties"}


@pytest.mark.parametrize("have_plan", [True, False])
def test_the_report_rendered_before_its_charts_is_the_same_page(scenario: Scenario, have_plan: bool) -> None:
    """`plan` renders report.html while the child draws and puts the charts in after: the same bytes
    as the page rendered with the charts (font subset included), and the chart names known up front
    are those drawn."""
    ri = ReportInput(scenario, solved() if have_plan else infeasible())
    tables = build_tables(ri)
    charts = report_charts(tables, have_plan=have_plan)
    names = report_chart_names(tables, have_plan=have_plan)
    assert names == list(charts)
    finish = report_before_charts(ri, tables, names)
    assert finish(charts) == render_report(ri, tables, charts)
    # other charts than announced (cannot happen with the same tables): the page is rendered again
    fewer = dict(list(charts.items())[1:])
    assert finish(fewer) == render_report(ri, tables, fewer)


# ---------------------------------------------------------------- with the real planner


def test_outputs_of_a_solved_plan(tmp_path: Path, scenario: Scenario) -> None:
    from shuangsui.scheduler.pipeline import solve

    result = solve(scenario, time_limit=20, workers=1)
    assert result.plan is not None, result.conflicts
    paths = write_plan_outputs(tmp_path, scenario, result)
    assert {p.name for p in paths} == PLAN_FILES
    data = json.loads((tmp_path / "feasibility.json").read_text(encoding="utf-8"))
    assert data["status"] == result.status.value
    assert all(r["ok"] for r in data["rules"]), data["violations"]
    assert data["checks"] == len(result.plan.checks)


def test_violations_are_reported(tmp_path: Path, scenario: Scenario) -> None:
    """A plan the checker rejects is shown with its violations, never silently as valid."""
    plan = hand_plan()
    bad = dataclasses.replace(plan.checks[0], inspector_ids=("I03", "I04"), team_id="T02")
    result = dataclasses.replace(solved(), plan=dataclasses.replace(plan, checks=(bad, *plan.checks[1:])))
    write_plan_outputs(tmp_path, scenario, result)
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="violations"' in html and "独立校验发现的问题" in html
    data = json.loads((tmp_path / "feasibility.json").read_text(encoding="utf-8"))
    assert data["violations"]
    assert not all(r["ok"] for r in data["rules"])


# ---------------------------------------------------------------- contract v2 lines of the report

SHIFT = DrawShift(
    rules=("capacity",),
    moved=3,
    strata=("general/A", "key/A"),
    blocks=(),
    message="信用风险分类抽查中有 3 家与仅按抽查比例和随机种子得到的样本不同（测试）",
)


def test_draw_shift_and_left_out_inspectors(tmp_path: Path, scenario: Scenario) -> None:
    left = (LeftOut("I05", "刘洋", "须回避全部 4 家可现场检查的对象（利害关系、近期检查过或本乡镇）"),)
    write_plan_outputs(tmp_path, scenario, dataclasses.replace(solved(), draw_shift=SHIFT, left_out=left))
    data = json.loads((tmp_path / "feasibility.json").read_text(encoding="utf-8"))
    assert data["draw_shift"] == {
        "rules": ["capacity"],
        "moved": 3,
        "strata": ["general/A", "key/A"],
        "blocks": [],
        "message": SHIFT.message,
    }
    assert data["team_left_out"] == [{"inspector_id": "I05", "name": "刘洋", "reason": left[0].reason}]
    html = (tmp_path / "report.html").read_text(encoding="utf-8")
    assert 'id="draw-shift"' in html and SHIFT.message in html and "抽取调整" in html
    assert "刘洋（I05）：须回避全部 4 家" in html


def test_no_draw_shift_is_said_too(plan_dir: Path) -> None:
    data = json.loads((plan_dir / "feasibility.json").read_text(encoding="utf-8"))
    assert data["draw_shift"] is None and data["team_left_out"] == []
    html = (plan_dir / "report.html").read_text(encoding="utf-8")
    assert "未被其他规则改变" in html


def test_suggestions_keep_minimums_note(tmp_path: Path, scenario: Scenario) -> None:
    """No resource change: the report says so plainly; a below-minimum suggestion is marked."""
    kept = dataclasses.replace(infeasible(), suggestions=())
    (tmp_path / "kept").mkdir()
    write_plan_outputs(tmp_path / "kept", scenario, kept)
    data = json.loads((tmp_path / "kept" / "feasibility.json").read_text(encoding="utf-8"))
    assert data["suggestion_note"].startswith(NO_RESOURCE_CHANGE) and "--allow-below-minimum" in data["suggestion_note"]
    html = (tmp_path / "kept" / "report.html").read_text(encoding="utf-8")
    assert NO_RESOURCE_CHANGE in html and "暂无自动生成的修改建议" not in html
    below = Suggestion("credit_risk_draws", "把一般监管对象抽查比例从 15% 降到 10%（低于规则要求）",
                       {"quota.general": 0.1}, True, below_minimum=True)  # fmt: skip
    asked = dataclasses.replace(infeasible(), suggestions=(below,), below_minimum_allowed=True)
    (tmp_path / "asked").mkdir()
    write_plan_outputs(tmp_path / "asked", scenario, asked)
    data = json.loads((tmp_path / "asked" / "feasibility.json").read_text(encoding="utf-8"))
    assert data["suggestions"][0]["below_minimum"] is True
    assert data["suggestion_note"].startswith(NO_RESOURCE_CHANGE) and "--allow" not in data["suggestion_note"]
    html = (tmp_path / "asked" / "report.html").read_text(encoding="utf-8")
    assert '<span class="tag bad">低于规则要求</span>' in html
    assert resource_note(infeasible().suggestions, False) is None  # a resource suggestion: no note


def test_every_proof_verdict_has_its_own_words() -> None:
    from shuangsui.reports.rule_tables import stage_status
    from shuangsui.scheduler.uniqueness import PASSED_ON, VERDICTS

    verdicts = [*VERDICTS.values(), PASSED_ON]
    words = {stage_status(StageStats("uniqueness of x", "unknown", 0.1, None, None, 1, 1, verdict=v)) for v in verdicts}
    assert len(words) == len(verdicts)
