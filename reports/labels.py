"""Chinese words of the reports for code names that models/enums.py does not cover."""

from __future__ import annotations

import re
from collections.abc import Sequence

from shuangsui.models.enums import CreditRisk, Draw, Joint, Mode, Tier
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.result import SolveStatus, Suggestion

TITLE = "双随机、一公开抽查计划可行性报告"

# The badge of the report header, by solve status: (text, css class).
STATUS_BADGE: dict[SolveStatus, tuple[str, str]] = {
    SolveStatus.OPTIMAL: ("已生成计划", "ok"),
    SolveStatus.FEASIBLE: ("已生成计划", "warn"),
    SolveStatus.INFEASIBLE: ("无可行计划", "bad"),
    SolveStatus.UNKNOWN: ("超时", "bad"),
}

STATUS_ZH: dict[SolveStatus, str] = {
    SolveStatus.OPTIMAL: "最优（已证明）",
    SolveStatus.FEASIBLE: "可行（达到时间上限，未证明最优）",
    SolveStatus.INFEASIBLE: "不可行（已证明不存在满足全部规则的计划）",
    SolveStatus.UNKNOWN: "未知（时间上限内未找到计划，也未证明不存在）",
}

# Short Chinese status of one solve, for tables with a row or column per scenario or setting.
STATUS_SHORT = {
    SolveStatus.OPTIMAL.value: "最优",
    SolveStatus.FEASIBLE.value: "可行（未证明最优）",
    SolveStatus.INFEASIBLE.value: "不可行",
    SolveStatus.UNKNOWN.value: "超时未定",
}

# CP-SAT statuses of one stage, lower case as StageStats records them.
STAGE_STATUS_ZH = {
    "optimal": "最优",
    "feasible": "可行",
    "infeasible": "不可行",
    "unknown": "未知",
    "model_invalid": "模型无效",
    "skipped": "跳过",
}
# A uniqueness proof's verdict (`StageStats.verdict`), shown in its stage's status column.
VERDICT_ZH = {
    "unique": "已证明唯一",
    "another_optimum": "存在其他最优解",
    "passed_on": "未判定，转次优解搜索",
    "undecided": "限时内未能证明唯一",
}

# Key words of stage names -> Chinese, first match wins.
STAGE_NAME_ZH = (
    ("unique", "唯一性证明"),
    ("complete", "整体模型抽取"),
    ("draw", "检查对象抽取"),
    ("team", "执法小组组建"),
    ("staff", "检查人员分配"),
    ("group", "检查人员分配"),
    ("assign", "检查人员分配"),
)


# Short words of the report's appendix table (code value -> Chinese).
TIER_SHORT = {"special": "特殊", "key": "重点", "general": "一般", "positive": "正面清单"}
DRAW_SHORT = {"credit_risk": "信用风险", "full_coverage": "全覆盖", "directed": "定向"}
MODE_SHORT = {"onsite": "现场", "offsite": "科技"}
JOINT_SHORT = {"none": "—", "internal": "内部", "inter_department": "部门"}


def stage_name_zh(name: str) -> str:
    lowered = name.lower()
    for key, zh in STAGE_NAME_ZH:
        if key in lowered:
            return f"{zh}（{name}）"
    return name


def stage_status_zh(status: str) -> str:
    return STAGE_STATUS_ZH.get(status.lower(), status)


def _enum_zh(enum: type, value: object) -> str | None:
    try:
        return enum(value).zh  # type: ignore[no-any-return]
    except ValueError:
        return None


def tier_zh(value: object) -> str:
    return _enum_zh(Tier, value) or str(value or "—")


def credit_zh(value: object) -> str:
    """'C' -> 'C（较高）'."""
    zh = _enum_zh(CreditRisk, value)
    return f"{value}（{zh}）" if zh else str(value or "—")


def mode_zh(value: object) -> str:
    return _enum_zh(Mode, value) or str(value or "—")


def draw_zh(value: object) -> str:
    return _enum_zh(Draw, value) or str(value or "—")


def joint_zh(value: object) -> str:
    return _enum_zh(Joint, value) or str(value or "—")


def rule_zh(value: object) -> str:
    return _enum_zh(RuleFamily, value) or str(value or "—")


_CODE_PREFIX = re.compile(r"^([a-z_]+): ")
_CONTRACT = re.compile(r"\bcontract (\d+)")


def plain_zh(text: str) -> str:
    """Code names out of Chinese text written by the planner or the checker.

    'specialty: 无具备辐射专业的可派执法人员' -> '专业匹配：无具备辐射专业的可派执法人员';
    'contract 1、期间与输入摘要一致' -> '数据约定第 1 版、期间与输入摘要一致'. plan.json keeps the original words.
    """
    match = _CODE_PREFIX.match(text)
    if match:
        zh = _enum_zh(RuleFamily, match.group(1))
        if zh:
            text = f"{zh}：{text[match.end() :]}"
    return _CONTRACT.sub(lambda m: f"数据约定第 {m.group(1)} 版", text)


# When no plan exists and no resource change works (the suggestions are `shuangsui.app.suggest`'s).
NO_RESOURCE_CHANGE = "没有只调整资源（人员检查上限、组队人数、专业资格、回避选项、定向抽查数量）就能得到计划的修改"
KEPT_MINIMUMS = (
    "；抽查比例、信用风险抽查占比、正面清单覆盖和联合抽查要求是必须达到的最低要求，未自动降低。"
    "如确需降低，请使用 --allow-below-minimum 重新生成（此类建议将标明“低于规则要求”）"
)
BELOW_LISTED = "；下列建议降低了规则的最低要求（已标明“低于规则要求”），采用前请确认"
NOTHING_WORKS = "；降低规则要求的修改在时限内也未找到"


def resource_note(suggestions: Sequence[Suggestion], allow_below_minimum: bool) -> str | None:
    """The plain statement for the report and the error output when no resource change works
    (None when one does)."""
    if any(not s.below_minimum for s in suggestions):
        return None
    if not allow_below_minimum:
        return NO_RESOURCE_CHANGE + KEPT_MINIMUMS
    return NO_RESOURCE_CHANGE + (BELOW_LISTED if suggestions else NOTHING_WORKS)
