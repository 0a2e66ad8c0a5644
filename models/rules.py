"""The rule families of the data contract (section 3), named once for the model, checker and reports.

A reader looking for "the capacity rule" finds `RuleFamily.CAPACITY` here, `scheduler/rules/capacity.py`
in the model, `checker/rules/capacity.py` in the checker and the `capacity` row of every report. Families the
model enforces before solving have no module in `scheduler/rules/`: the annual cap makes objects
undrawable in `scheduler/problem.py` (`Problem.undrawable`).
"""

from enum import StrEnum


class RuleFamily(StrEnum):
    CREDIT_RISK_DRAWS = "credit_risk_draws"
    POSITIVE_LIST = "positive_list"
    DIRECTED_DRAWS = "directed_draws"
    CREDIT_SHARE = "credit_share"
    MODE = "mode"
    ONE_CHECK_PER_OBJECT = "one_check_per_object"
    GROUPS = "groups"
    SPECIALTY = "specialty"
    AVOIDANCE = "avoidance"
    CAPACITY = "capacity"
    ANNUAL_CAP = "annual_cap"
    INTERNAL_JOINT = "internal_joint"
    INTER_DEPARTMENT = "inter_department"
    UNDRAWABLE = "undrawable"
    PLAN_FORMAT = "plan_format"

    @property
    def zh(self) -> str:
        return RULE_ZH[self]


RULE_ZH = {
    RuleFamily.CREDIT_RISK_DRAWS: "信用风险分类抽查（分层抽查比例）",
    RuleFamily.POSITIVE_LIST: "正面清单企业全覆盖",
    RuleFamily.DIRECTED_DRAWS: "定向抽查",
    RuleFamily.CREDIT_SHARE: "信用风险抽查占比",
    RuleFamily.MODE: "检查方式（现场/科技）",
    RuleFamily.ONE_CHECK_PER_OBJECT: "每期每个对象至多检查一次",
    RuleFamily.GROUPS: "检查组人数与执法小组",
    RuleFamily.SPECIALTY: "专业匹配",
    RuleFamily.AVOIDANCE: "回避",
    RuleFamily.CAPACITY: "人员检查能力上限",
    RuleFamily.ANNUAL_CAP: "年度抽查次数上限",
    RuleFamily.INTERNAL_JOINT: "内部联合抽查占比",
    RuleFamily.INTER_DEPARTMENT: "部门联合抽查",
    RuleFamily.UNDRAWABLE: "不可抽取对象",
    RuleFamily.PLAN_FORMAT: "计划文件格式",
}
