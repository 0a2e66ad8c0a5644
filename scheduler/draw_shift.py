"""Which rule moved the credit-risk draw away from the one the quota alone gives, and by how much.

The quota-only sample of a stratum is its `n` drawable objects with the largest seeded weights: the
sample the seed gives when no other rule is in the way. When the plan's credit-risk sample differs,
the draw rules and staffing totals are tried one family at a time with the quota-only sample fixed:
each family under which that sample is impossible is a rule that moved the draw (contract v2: for
the directed blocks, the report names the blocks and strata affected). When no family of the draw
model is to blame, the detailed staffing of a fallback draw model moved it.
"""

from __future__ import annotations

from collections import Counter, defaultdict

from ortools.sat.python import cp_model
from shuangsui.models.enums import Draw, Mode, TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler.complete import build_complete
from shuangsui.scheduler.cpsat import INFEASIBLE, Budget, solve_stage
from shuangsui.scheduler.draw import Weights
from shuangsui.scheduler.problem import DrawOption, Problem
from shuangsui.scheduler.result import DrawShift
from shuangsui.scheduler.rules.specialty import supply

BASE = {RuleFamily.CREDIT_RISK_DRAWS, RuleFamily.POSITIVE_LIST, RuleFamily.ONE_CHECK_PER_OBJECT}
# Families of the draw model that can move the credit-risk sample, in report order.
MOVERS = (
    RuleFamily.DIRECTED_DRAWS,
    RuleFamily.INTER_DEPARTMENT,
    RuleFamily.CAPACITY,
    RuleFamily.SPECIALTY,
    RuleFamily.INTERNAL_JOINT,
)
SHIFT_TIME_CAP = 5.0  # seconds per feasibility test


def quota_only(problem: Problem, weights: Weights) -> set[str]:
    """The credit-risk sample the seed gives under the quota alone: per stratum, the drawable
    objects with the largest weights."""
    option = (Draw.CREDIT_RISK, None)
    strata: dict[tuple, list[str]] = defaultdict(list)
    for obj in problem.drawable:
        if option in problem.options(obj):
            strata[obj.tier, obj.credit_risk].append(obj.object_id)
    sample: set[str] = set()
    for stratum, n in problem.stratum_required.items():
        ranked = sorted(strata.get(stratum, []), key=lambda oid: -weights[oid, option])
        sample.update(ranked[:n])
    return sample


def _blocks(problem: Problem, sample: set[str], families: set[RuleFamily], budget: Budget) -> bool:
    """The quota-only `sample` is impossible under `families` (proven infeasible)."""
    model = cp_model.CpModel()
    sel = build_complete(model, problem, staffing_rules=False, families=BASE | families)
    for oid, var in sel.credit():
        model.add(var == int(oid in sample))
    _, status, _ = solve_stage(model, "draw shift", budget, time_cap=SHIFT_TIME_CAP)
    return status == INFEASIBLE


def _short_blocks(problem: Problem, sample: set[str]) -> list[str]:
    """Directed blocks that the objects left over by `sample` cannot meet on their own."""
    short = []
    for block in problem.scenario.rules.directed:
        option = (Draw.DIRECTED, block.name)
        pool = sum(1 for o in problem.drawable if o.object_id not in sample and option in problem.options(o))
        if pool < block.count:
            short.append(block.name)
    return short


def _slack(problem: Problem, family: RuleFamily, drawn: dict[str, DrawOption]) -> str:
    """The family's total in the plan's draw against its bound (slack 0: the total binds)."""
    by_id = problem.scenario.object_by_id
    modes = {oid: problem.mode(by_id[oid], opt[0]) for oid, opt in drawn.items()}
    onsite = [oid for oid, m in modes.items() if m is Mode.ONSITE]
    if family is RuleFamily.CAPACITY:
        need = sum(problem.group_size(m) * problem.load(m) for m in modes.values())
        total = sum(problem.capacity)
        text = f"所需人次 {need / problem.capacity_scale:g}，能力合计 {total / problem.capacity_scale:g}"
        if problem.scenario.rules.teams.mode is TeamMode.STANDING:
            bound = problem.team_onsite_bound()
            text += f"；现场检查 {len(onsite)} 次，固定执法小组最多可承担 {bound} 次（余量 {bound - len(onsite)}）"
        return text
    if family is RuleFamily.SPECIALTY:
        demand = Counter(s for oid in onsite for s in problem.required(by_id[oid], Mode.ONSITE))
        have = supply(problem)
        standing = problem.scenario.rules.teams.mode is TeamMode.STANDING
        rows = []
        for s, n in sorted(demand.items()):
            bound = min(have.get(s, 0), problem.team_onsite_bound(s)) if standing else have.get(s, 0)
            rows.append((bound - n, f"{s}：需 {n} 次，最多可承担 {bound} 次（余量 {bound - n}）"))
        least = min((slack for slack, _ in rows), default=0)
        return "；".join(text for slack, text in rows if slack == least) or "无专业需求"
    if family is RuleFamily.INTER_DEPARTMENT:
        partners = sum(1 for oid in onsite if by_id[oid].partner_departments)
        need = problem.scenario.rules.joint.inter_department_min
        return f"有联合监管部门的现场检查 {partners} 次，至少须 {need} 次（余量 {partners - need}）"
    if family is RuleFamily.INTERNAL_JOINT:
        return f"内部联合检查至少须 {problem.joint_required} 次"
    return ""


def explain_shift(
    problem: Problem, weights: Weights, drawn: dict[str, DrawOption], budget: Budget, fallback: str | None
) -> DrawShift | None:
    """A `DrawShift` when the plan's credit-risk sample differs from the quota-only one.

    `fallback`: the name of the fallback draw model that made the draw (None: the draw model).
    """
    sample = {oid for oid, opt in drawn.items() if opt[0] is Draw.CREDIT_RISK}
    quota = quota_only(problem, weights)
    if sample == quota:
        return None
    by_id = problem.scenario.object_by_id
    moved = sorted(quota - sample)
    strata = sorted({f"{by_id[oid].tier.value}/{by_id[oid].credit_risk.value}" for oid in moved})
    rules = [f for f in MOVERS if _blocks(problem, quota, {f}, budget)]
    if not rules and _blocks(problem, quota, set(MOVERS), budget):
        rules = list(MOVERS)  # only the families together rule the quota-only sample out
    blocks: list[str] = []
    if RuleFamily.DIRECTED_DRAWS in rules:
        blocks = _short_blocks(problem, quota) or [b.name for b in problem.scenario.rules.directed]
    if not rules:
        rules = [RuleFamily.GROUPS, RuleFamily.CAPACITY]
    mode = Counter(problem.mode(by_id[oid], Draw.CREDIT_RISK) for oid in quota)
    now = Counter(problem.mode(by_id[oid], Draw.CREDIT_RISK) for oid in sample)
    strata_zh = "、".join(f"{by_id[oid].tier.zh}·{by_id[oid].credit_risk.value}类" for oid in moved)
    strata_zh = "、".join(dict.fromkeys(strata_zh.split("、")))
    parts = []
    for family in rules:
        if family is RuleFamily.DIRECTED_DRAWS:
            parts.append(
                f"定向抽查「{'」「'.join(blocks)}」无法仅从信用风险抽样剩余的对象中抽足（v2：信用风险抽样优先）"
            )
        elif family is RuleFamily.GROUPS:
            parts.append(f"抽取总量约束之外的具体人员安排（{fallback or '抽取模型'}）")
        else:
            parts.append(f"{family.zh}（{_slack(problem, family, drawn)}）")
    message = (
        f"信用风险分类抽查中有 {len(moved)} 家与仅按抽查比例和随机种子得到的样本不同（{strata_zh}），"
        f"原因：{'；'.join(parts)}。现场/科技检查：按比例样本 {mode[Mode.ONSITE]}/{mode[Mode.OFFSITE]}，"
        f"本计划 {now[Mode.ONSITE]}/{now[Mode.OFFSITE]}"
    )
    return DrawShift(
        rules=tuple(f.value for f in rules),
        moved=len(moved),
        strata=tuple(strata),
        blocks=tuple(blocks),
        message=message,
    )
