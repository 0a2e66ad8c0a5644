"""The result and follow-up codes of results entry, and which follow-up fits which result.

Consistency table (后续处置状态 allowed for each 检查结果):

==================  ==============================  ===========================================
检查结果             后续处置状态 allowed             also required
==================  ==============================  ===========================================
未发现问题           无需处置                         检查日期
发现问题已责令整改    整改中, 已整改                    检查日期, 问题描述, 处理措施
立案查处             已立案, 已结案                    检查日期, 问题描述, 处理措施
移送                 无需处置, 已立案, 已结案           检查日期, 问题描述, 处理措施 (无需处置: the
                                                     receiving authority handles it)
未能检查             无需处置                         问题描述 (why not; 检查日期 optional)
==================  ==============================  ===========================================
"""

from __future__ import annotations

RESULTS = ("未发现问题", "发现问题已责令整改", "立案查处", "移送", "未能检查")
FOLLOWUPS = ("无需处置", "整改中", "已整改", "已立案", "已结案")

NOT_CHECKED = "未能检查"
FINDINGS = ("发现问题已责令整改", "立案查处", "移送")
OPEN_FOLLOWUPS = ("整改中", "已立案")
CLUE_RESULTS = FINDINGS  # carried forward as clues: every finding (发现问题, 立案, 移送)

ALLOWED_FOLLOWUP: dict[str, tuple[str, ...]] = {
    "未发现问题": ("无需处置",),
    "发现问题已责令整改": ("整改中", "已整改"),
    "立案查处": ("已立案", "已结案"),
    "移送": ("无需处置", "已立案", "已结案"),
    "未能检查": ("无需处置",),
}

# English code names for machine-readable files.
RESULT_CODES = {
    "未发现问题": "no_finding",
    "发现问题已责令整改": "finding_rectification_ordered",
    "立案查处": "case_filed",
    "移送": "transferred",
    "未能检查": "not_checked",
}
FOLLOWUP_CODES = {
    "无需处置": "none_needed",
    "整改中": "rectifying",
    "已整改": "rectified",
    "已立案": "case_open",
    "已结案": "case_closed",
}
