"""The formal documents of the year (reports/govdoc.py layout), built from year.json's figures.

- 年度抽查计划.docx: the bureau's annual plan (依据, 抽查事项清单, 抽查对象范围与比例, 时间安排,
  执法力量与分组, 信息公开, 监督), with the enforcement staff by name;
- 年度抽查计划（公开版）.docx: the same for 公示, without inspector names;
- 调整说明.docx: what changed against the published version, and why.

No document names a firm: firms are drawn at the start of each quarter and inspections stay
unannounced; the documents publish rules and counts only.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docx.document import Document
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import CREDIT_RISK_ZH, TIER_ZH, CreditRisk, Tier
from shuangsui.reports import govdoc

PLAN_DOCX = "年度抽查计划.docx"
PUBLIC_DOCX = "年度抽查计划（公开版）.docx"
ADJUSTMENT_DOCX = "调整说明.docx"
MODE_ZH = {"onsite": "现场检查", "offsite": "科技检查（非现场）"}
QUARTER_MONTHS = {1: "1月1日至3月31日", 2: "4月1日至6月30日", 3: "7月1日至9月30日", 4: "10月1日至12月31日"}
# Sections of the annual plan, in order (tests read them).
PLAN_SECTIONS = ("依据", "抽查事项清单", "抽查对象范围与比例", "时间安排", "执法力量与分组", "信息公开", "监督")
ADJUSTMENT_SECTIONS = ("调整原因", "调整内容", "调整后的季度抽查数量", "信息公开")


def _pct(x: float) -> str:
    return f"{x * 100:g}%"


def plan_title(f: dict[str, Any]) -> str:
    return f"{f['document']['bureau']}{f['year']}年度“双随机、一公开”抽查计划"


def _laws(f: dict[str, Any]) -> list[str]:
    """The laws and regulations the items cite (《...》), in first-seen order."""
    seen: dict[str, None] = {}
    for item in f["items"]:
        for law in re.findall(r"《[^》]+》", item["legal_basis"] or ""):
            seen.setdefault(law, None)
    return list(seen)


def _quarter_rows(f: dict[str, Any]) -> list[list[object]]:
    """Per planned quarter: checks per tier (directed included), directed, total, on-site, off-site."""
    rows = []
    for q in f["quarters"]:
        if q["status"] not in ("optimal", "feasible"):
            continue
        tiers = {r["tier"]: r for r in f["tiers"] if r["period"] == q["period"]}
        counts = [tiers[t.value]["planned"] for t in Tier]
        directed = sum(r["directed"] for r in tiers.values())
        rows.append([q["period_zh"][5:], *counts, directed, q["checks"], q["onsite"], q["offsite"]])
    return rows


QUARTER_HEADER = [
    "季度",
    "特殊监管对象",
    "重点监管对象",
    "一般监管对象",
    "正面清单企业",
    "定向抽查",
    "合计",
    "现场检查",
    "科技检查",
]


def _basis(doc: Document, f: dict[str, Any]) -> None:
    govdoc.heading(doc, "依据", 1)
    laws = "、".join(_laws(f))
    govdoc.paragraph(
        doc,
        "依据《国务院关于在市场监管领域全面推行部门联合“双随机、一公开”监管的意见》、上级生态环境部门"
        f"“双随机、一公开”监管工作实施方案，以及{laws or '有关法律法规'}等规定，结合本辖区检查对象名录库、"
        "执法检查人员名录库和随机抽查事项清单，制定本计划。",
    )


def _items(doc: Document, f: dict[str, Any]) -> None:
    govdoc.heading(doc, "抽查事项清单", 1)
    govdoc.paragraph(doc, f"本年度随机抽查事项共 {len(f['items'])} 项，实现随机抽查事项全覆盖，清单如下。")
    rows = [
        [
            n,
            f"{i['name']}（{i['item_id']}）",
            i["legal_basis"] or "—",
            "、".join(MODE_ZH[m] for m in i["modes"]) or "—",
            i["total"],
        ]
        for n, i in enumerate(f["items"], start=1)
    ]
    header = ["序号", "抽查事项", "检查依据", "检查方式", "全年计划检查次数"]
    govdoc.table(doc, header, rows, widths=[12, 40, 58, 26, 20], caption="表1 随机抽查事项清单")


def _scope(doc: Document, f: dict[str, Any]) -> None:
    rules = f["rules"]
    govdoc.heading(doc, "抽查对象范围与比例", 1)
    govdoc.heading(doc, "抽查范围和分类抽查比例", 2)
    first = f["planned_periods"][0]
    tiers = {r["tier"]: r for r in f["tiers"] if r["period"] == first}
    govdoc.paragraph(
        doc,
        "抽查对象为检查对象名录库中的全部检查对象，分为特殊监管对象、重点监管对象、一般监管对象和正面清单企业四类。"
        f"每季度抽查特殊监管对象不少于{_pct(rules['quota']['special'])}、重点监管对象不少于{_pct(rules['quota']['key'])}、"
        f"一般监管对象（正面清单企业除外）不少于{_pct(rules['quota']['general'])}；"
        f"正面清单企业采用非现场方式检查，每季度覆盖{_pct(rules['quota']['positive'])}。",
    )
    rows = [
        [TIER_ZH[t], tiers[t.value]["population"], _pct(rules["quota"][t.value]), tiers[t.value]["required"]]
        for t in Tier
    ]
    header = ["监管类别", "对象数（家）", "每季度抽查比例", "每季度应抽查（家）"]
    govdoc.table(doc, header, rows, widths=[46, 34, 38, 38], caption="表2 分类抽查比例")
    govdoc.heading(doc, "信用风险分类抽查", 2)
    m = rules["multipliers"]
    govdoc.paragraph(
        doc,
        "抽查与企业信用风险分类结果相结合：各类别的应抽查数按信用风险等级低、一般、较高、高分别以 "
        f"{m['A']:g}、{m['B']:g}、{m['C']:g}、{m['D']:g} 的倍率，按最大余数法分配到各等级，风险越高抽查比例越高；"
        f"运用信用风险分类开展的抽查次数占抽查总次数的比例不低于{_pct(rules['credit_min_share'])}。",
    )
    strata = [r for r in f["strata"] if r["period"] == first and r["population"]]
    rows = [
        [TIER_ZH[Tier(r["tier"])], CREDIT_RISK_ZH[CreditRisk(r["credit_risk"])], m[r["credit_risk"]], r["population"],
         r["required"], _pct(round(r["required"] / r["population"], 3))]
        for r in strata
    ]  # fmt: skip
    header = ["监管类别", "信用风险等级", "倍率", "对象数（家）", "每季度应抽查（家）", "抽查率"]
    govdoc.table(doc, header, rows, widths=[34, 24, 16, 26, 30, 26], caption="表3 信用风险分类抽查数")
    if rules["directed"]:
        govdoc.heading(doc, "定向抽查", 2)
        blocks = "；".join(
            f"{d['name']}每季度 {d['count']} 家" + (f"（{'、'.join(d['industries'])}）" if d["industries"] else "")
            for d in rules["directed"]
        )
        govdoc.paragraph(doc, f"针对特定行业、特定区域开展定向抽查：{blocks}，从当季未被抽中的符合条件对象中随机抽取。")
    govdoc.heading(doc, "各季度计划抽查数量", 2)
    govdoc.paragraph(
        doc,
        "各季度计划抽查数量如下表。具体检查对象于每季度初以公开随机种子从当时的检查对象名录库中随机抽取，"
        "检查前不公开检查对象名单。",
    )
    widths = [20, 18, 18, 18, 18, 14, 14, 18, 18]
    govdoc.table(doc, QUARTER_HEADER, _quarter_rows(f), widths=widths, caption="表4 各季度计划抽查数量（次）")


def _schedule(doc: Document, f: dict[str, Any]) -> None:
    govdoc.heading(doc, "时间安排", 1)
    for q in f["quarters"]:
        if q["status"] not in ("optimal", "feasible"):
            continue
        n = int(q["period"][-1])
        govdoc.paragraph(
            doc,
            f"{q['period_zh'][5:]}（{QUARTER_MONTHS[n]}）：季度初随机抽取检查对象并匹配执法人员"
            f"（随机种子 {q['seed']}），计划检查 {q['checks']} 次，其中现场检查 {q['onsite']} 次、"
            f"科技检查 {q['offsite']} 次，季度末前完成检查并录入结果。",
        )


def _staff(doc: Document, f: dict[str, Any], scenario: Scenario, public: bool) -> None:
    rules = f["rules"]
    govdoc.heading(doc, "执法力量与分组", 1)
    govdoc.heading(doc, "执法力量", 2)
    units = f["inputs"]["units"]
    govdoc.paragraph(
        doc,
        f"本年度持有执法证且在岗的执法检查人员共 {f['inputs']['eligible_inspectors']} 人，"
        f"分属 {len(units)} 个业务条线。",
    )
    rows = [[unit, u["inspectors"], u["capacity"]] for unit, u in units.items()]
    govdoc.table(
        doc, ["业务条线", "持证在岗人数", "每季度检查能力（人次）"], rows, widths=[60, 44, 52], caption="表5 执法力量"
    )
    if not public:
        names = {}
        for insp in scenario.inspectors:
            if insp.eligible:
                names.setdefault(insp.unit, []).append(insp.name)
        rows = [[unit, "、".join(people)] for unit, people in sorted(names.items())]
        govdoc.table(doc, ["业务条线", "执法检查人员"], rows, widths=[40, 116], caption="表6 执法检查人员名单（内部）")
    govdoc.heading(doc, "分组", 2)
    teams = "、".join(
        f"{q['period_zh'][5:]} {q['teams']} 个" for q in f["quarters"] if q["status"] in ("optimal", "feasible")
    )
    if rules["standing_teams"]:
        text = (
            f"每季度从持证在岗人员中随机组成固定执法小组，每组 {rules['team_size']} 人；计划组成执法小组："
            f"{teams}。现场检查由执法小组实施，科技检查由 {rules['offsite_size']} 名执法人员实施。"
        )
    else:
        text = (
            f"每次现场检查随机匹配 {rules['team_size']} 名执法人员，科技检查随机匹配 "
            f"{rules['offsite_size']} 名执法人员，检查人员的专业覆盖检查事项所需专业。"
        )
    govdoc.paragraph(
        doc,
        text
        + f"执法人员与检查对象存在利害关系的予以回避，同一人员不连续 {rules['repeat_window']} 个季度检查同一对象。",
    )
    govdoc.heading(doc, "联合抽查", 2)
    shares = "、".join(
        f"{q['period_zh'][5:]}{_pct(q['internal_joint_share'] or 0)}"
        for q in f["quarters"]
        if q["status"] in ("optimal", "feasible")
    )
    total = f["totals"]
    govdoc.paragraph(
        doc,
        "加强部门内部不同业务条线的联合抽查，年度内内部联合抽查数量占抽查总数量的比例不低于"
        f"{_pct(rules['internal_min_share'])}；计划内部联合抽查 {total['internal_joint']} 次，"
        f"占全年抽查总数的{_pct(total['internal_joint_share'] or 0)}（{shares}）。",
    )
    partners = "、".join(f"{p['department']}（共管对象 {p['objects']} 家）" for p in f["partner_departments"])
    inter = "、".join(
        f"{q['period_zh'][5:]} {q['inter_department']} 次"
        for q in f["quarters"]
        if q["status"] in ("optimal", "feasible")
    )
    govdoc.paragraph(
        doc,
        f"每季度至少开展 {rules['inter_department_min']} 次部门联合抽查，"
        f"联合部门为{partners or '有共同监管职责的部门'}；计划部门联合抽查：{inter}。",
    )


def _publicity(doc: Document) -> None:
    govdoc.heading(doc, "信息公开", 1)
    govdoc.paragraph(
        doc,
        "本计划及各季度抽取所用的随机种子向社会公开。抽查结果及后续处理结果及时向社会公开；检查情况和查处结果"
        "涉及国家秘密、国家安全、公共安全的，不予公开。年度抽查计划需调整的，严格履行相关工作程序，调整后的计划及时重新公开。",
    )


def _supervision(doc: Document) -> None:
    govdoc.heading(doc, "监督", 1)
    govdoc.paragraph(
        doc,
        "每季度的抽取由公开随机种子和名录库数据唯一确定，任何人可用同样的输入和种子复核抽取结果。执法大队通过季度工作通报"
        "对各执法小组的抽查进度和质量开展督导，对推进不力、影响完成全年抽查计划的，予以督办并追究相关责任。",
    )


def annual_plan(f: dict[str, Any], scenario: Scenario, path: Path, public: bool = False) -> Path:
    """年度抽查计划.docx (or, with `public`, the version for 公示 without inspector names)."""
    doc = govdoc.new_document(plan_title(f), "（公开版）" if public else None)
    govdoc.paragraph(
        doc,
        f"为规范{f['year']}年度生态环境“双随机、一公开”监管工作，实现检查对象和执法检查人员双随机，"
        "使联合抽查成为日常监管的主要方式，制定本计划。",
    )
    _basis(doc, f)
    _items(doc, f)
    _scope(doc, f)
    _schedule(doc, f)
    _staff(doc, f, scenario, public)
    _publicity(doc)
    _supervision(doc)
    govdoc.signature(doc, f["document"]["bureau"], f["document"]["issued"])
    return govdoc.save(doc, path)


def adjustment_note(f: dict[str, Any], adjustment: dict[str, Any], path: Path) -> Path:
    """调整说明.docx: the changes against the published version and the inputs that caused them."""
    title = f"{f['document']['bureau']}关于调整{f['year']}年度“双随机、一公开”抽查计划的说明"
    doc = govdoc.new_document(title)
    previous = adjustment["previous"]
    govdoc.paragraph(
        doc,
        f"本局于{govdoc.chinese_date(previous['issued']) if previous.get('issued') else '此前'}公开的"
        f"{f['year']}年度“双随机、一公开”抽查计划，因下列情况发生变化需要调整。现将调整情况说明如下。",
    )
    govdoc.heading(doc, "调整原因", 1)
    reasons = adjustment["reasons"]
    if reasons:
        rows = [[r["input_zh"], r["before"], r["after"]] for r in reasons]
        govdoc.table(doc, ["变化的情况", "原计划依据", "调整后依据"], rows, widths=[56, 50, 50], caption="表1 调整原因")
    else:
        govdoc.paragraph(doc, "计划依据的规则和名录库均未变化。")
    govdoc.heading(doc, "调整内容", 1)
    changes = adjustment["changes"]
    if changes:
        rows = [[c["area_zh"], c["subject"], c["before"], c["after"]] for c in changes]
        govdoc.table(
            doc, ["调整方面", "内容", "原计划", "调整后"], rows, widths=[28, 48, 40, 40], caption="表2 调整内容"
        )
    else:
        govdoc.paragraph(doc, "公开的抽查比例、各季度抽查数量、执法小组和抽查事项均无变化。")
    govdoc.heading(doc, "调整后的季度抽查数量", 1)
    widths = [20, 18, 18, 18, 18, 14, 14, 18, 18]
    govdoc.table(doc, QUARTER_HEADER, _quarter_rows(f), widths=widths, caption="表3 调整后各季度计划抽查数量（次）")
    govdoc.heading(doc, "信息公开", 1)
    govdoc.paragraph(doc, "调整后的年度抽查计划经履行相关程序后重新向社会公开，原计划同时废止。")
    govdoc.signature(doc, f["document"]["bureau"], f["document"]["issued"])
    return govdoc.save(doc, path)
