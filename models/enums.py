"""Code names of the contract's enumerations, with the Chinese words users type and read."""

from enum import StrEnum


class Tier(StrEnum):
    SPECIAL = "special"
    KEY = "key"
    GENERAL = "general"
    POSITIVE = "positive"

    @property
    def zh(self) -> str:
        return TIER_ZH[self]


TIER_ZH = {
    Tier.SPECIAL: "特殊监管对象",
    Tier.KEY: "重点监管对象",
    Tier.GENERAL: "一般监管对象",
    Tier.POSITIVE: "正面清单企业",
}
# Tiers whose quota is met by credit-risk draws (section 3 of the contract).
CREDIT_TIERS = (Tier.SPECIAL, Tier.KEY, Tier.GENERAL)


class CreditRisk(StrEnum):
    A = "A"
    B = "B"
    C = "C"
    D = "D"

    @property
    def zh(self) -> str:
        return CREDIT_RISK_ZH[self]


CREDIT_RISK_ZH = {CreditRisk.A: "低", CreditRisk.B: "一般", CreditRisk.C: "较高", CreditRisk.D: "高"}
# Tie-break order of the largest remainder method: higher risk first.
RISK_PRIORITY = (CreditRisk.D, CreditRisk.C, CreditRisk.B, CreditRisk.A)


class TeamMode(StrEnum):
    STANDING = "standing"
    PER_CHECK = "per_check"


class CapCounts(StrEnum):
    """What the annual cap counts (contract v2: on-site checks by default)."""

    ONSITE = "onsite"
    ALL = "all"


class Mode(StrEnum):
    ONSITE = "onsite"
    OFFSITE = "offsite"

    @property
    def zh(self) -> str:
        return {Mode.ONSITE: "现场检查", Mode.OFFSITE: "科技检查"}[self]


class Draw(StrEnum):
    CREDIT_RISK = "credit_risk"
    FULL_COVERAGE = "full_coverage"
    DIRECTED = "directed"

    @property
    def zh(self) -> str:
        return {
            Draw.CREDIT_RISK: "信用风险分类抽查",
            Draw.FULL_COVERAGE: "正面清单全覆盖",
            Draw.DIRECTED: "定向抽查",
        }[self]


class Joint(StrEnum):
    NONE = "none"
    INTERNAL = "internal"
    INTER_DEPARTMENT = "inter_department"

    @property
    def zh(self) -> str:
        return {
            Joint.NONE: "否",
            Joint.INTERNAL: "内部联合",
            Joint.INTER_DEPARTMENT: "部门联合",
        }[self]
