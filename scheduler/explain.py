"""Why no plan exists: the rule families in conflict, found from the model itself.

The model is built once with each rule family under a literal of its own and solved with subsets of
the families switched on, dropping each family in turn while the rest stays infeasible: what remains
is a minimal set of conflicting families (a minimal core). Each family of the core is then described
with the scenario's own numbers.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Callable

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject, exact
from shuangsui.models.enums import CREDIT_TIERS, Mode, TeamMode
from shuangsui.models.rules import RuleFamily
from shuangsui.scheduler import rules
from shuangsui.scheduler.complete import build_complete, build_with
from shuangsui.scheduler.cpsat import INFEASIBLE, OPTIMAL, Budget, solve_stage
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.result import Conflicting
from shuangsui.scheduler.rules.specialty import supply

CORE_TIME_CAP = 20.0


class FamilySwitches:
    """The complete model (or the draw model) built once with every family the explanation may switch
    off posted under a literal of its own (`rules.Keep`): a set of families is tried by fixing the
    literals, never by building the model again."""

    def __init__(self, problem: Problem, offered: tuple[RuleFamily, ...], staffing_rules: bool) -> None:
        self.model = cp_model.CpModel()
        literals = {rule: self.model.new_bool_var(f"family[{rule.value}]") for rule in offered}
        self.keep = rules.Keep(literals=literals)
        build_with(self.model, problem, self.keep, staffing_rules=staffing_rules)

    def infeasible(self, families: set[RuleFamily], budget: Budget) -> bool:
        rules.switched_on(self.model, self.keep, families)
        _, status, _ = solve_stage(self.model, "core", budget, time_cap=CORE_TIME_CAP)
        return status == INFEASIBLE


def conflicting_families(problem: Problem, budget: Budget, *, staffing_rules: bool) -> list[RuleFamily]:
    """A minimal set of rule families that cannot hold together (empty if none was proven).

    Deletion filter: drop one family at a time and keep it out while the rest stays infeasible. The
    families tried are those the registry (`scheduler.rules.FAMILIES`) lets the explanation switch
    off and that post constraints in this model; a family switched off holds none of its constraints
    (its literal is false). `staffing_rules=False` searches the small draw model (staffing as totals):
    enough when the draw stage alone was infeasible; otherwise the complete model is needed.
    """
    standing = problem.scenario.rules.teams.mode is TeamMode.STANDING
    offered = rules.switchable(staffing_rules=staffing_rules, standing=standing)
    switches = FamilySwitches(problem, offered, staffing_rules)
    core = set(offered)
    if not switches.infeasible(core, budget):
        return []
    for family in offered:
        if switches.infeasible(core - {family}, budget):
            core.discard(family)
    return [f for f in offered if f in core]


def least_demand(problem: Problem, weight: Callable[[InspectionObject, Mode], int], budget: Budget) -> int | None:
    """The smallest total of `weight` (per check, by its mode) over any draw the draw rules allow
    (None: no such draw)."""
    model = cp_model.CpModel()
    sel = build_complete(model, problem, staffing_rules=False, families=set(rules.DRAW_RULES))
    model.minimize(
        sum(weight(o, m) * sel.selected_in(o.object_id, m) for o in sel.objects for m in sel.modes(o.object_id))
    )
    solver, status, _ = solve_stage(model, "least demand", budget, time_cap=CORE_TIME_CAP)
    return round(solver.objective_value) if status is OPTIMAL else None


def _onsite_drawable(problem: Problem) -> list:
    return [o for o in problem.drawable if Mode.ONSITE in problem.modes(o)]


def _credit_risk_draws(problem: Problem, budget: Budget) -> str:
    rules = problem.scenario.rules
    parts = []
    for tier in CREDIT_TIERS:
        n = sum(v for (t, _), v in problem.stratum_required.items() if t is tier)
        pop = sum(1 for o in problem.objects if o.tier is tier)
        if n:
            parts.append(f"{tier.zh} {n}/{pop} 家（{float(rules.quota.of(tier)):.0%}）")
    return "按比例须抽：" + "，".join(parts)


def _capacity(problem: Problem, budget: Budget) -> str:
    scale = problem.capacity_scale
    need = least_demand(problem, lambda o, m: problem.group_size(m) * problem.load(m), budget)
    onsite = least_demand(problem, lambda o, m: int(m is Mode.ONSITE), budget)
    total = sum(problem.capacity) / scale
    return (
        f"计划共 {problem.total_checks} 次检查，其中现场检查至少 {onsite} 次、"
        f"每次 {problem.scenario.rules.teams.size} 人，"
        f"至少需要 {(need or 0) / scale:g} 人次；{len(problem.inspectors)} 名可派人员本期能力合计 {total:g} 人次"
    )


def _specialty(problem: Problem, budget: Budget) -> str:
    have = supply(problem)
    needed = sorted({s for o in _onsite_drawable(problem) for s in problem.required(o, Mode.ONSITE)})
    parts = []
    for s in needed:
        least = least_demand(problem, lambda o, m, s=s: int(s in problem.required(o, m)), budget) or 0
        holders = sum(1 for i in problem.inspectors if s in i.specialties)
        if least > have.get(s, 0) or holders < 2:
            parts.append(
                f"{s}：按比例至少抽到 {least} 家需要{s}专业的现场检查，"
                f"具备{s}专业的可派人员 {holders} 名、能力合计 {have.get(s, 0)} 次"
            )
    return "专业领域供需：" + ("；".join(parts) if parts else "各专业人员与需求相互制约")


def _internal_joint(problem: Problem, budget: Budget) -> str:
    rules = problem.scenario.rules
    units = Counter(i.unit for i in problem.inspectors)
    unit_text = "、".join(f"{u} {n} 人" for u, n in sorted(units.items()))
    offsite = "（科技检查每次 1 人，不能计为联合检查）" if rules.teams.offsite_size < 2 else ""
    return (
        f"内部联合检查须 ≥ {problem.joint_required} 次（全部 {problem.total_checks} 次的 "
        f"{float(exact(rules.joint.internal_min_share)):.0%}）{offsite}，即至少 "
        f"{problem.joint_required} 次现场检查、{problem.joint_required * rules.teams.size} 人次；"
        f"人员业务条线：{unit_text}"
    )


def _inter_department(problem: Problem, budget: Budget) -> str:
    partners = sum(1 for o in _onsite_drawable(problem) if o.partner_departments)
    return (
        f"部门联合检查（现场检查）须 ≥ {problem.scenario.rules.joint.inter_department_min} 次，"
        f"有联合监管部门且可现场检查的可抽对象 {partners} 家"
    )


def _groups(problem: Problem, budget: Budget) -> str:
    teams = problem.scenario.rules.teams
    mode = "固定执法小组" if teams.mode is TeamMode.STANDING else "每次检查单独组队"
    return (
        f"现场检查每组 {teams.size} 人、科技检查每组 {teams.offsite_size} 人（{mode}），"
        f"可派人员 {len(problem.inspectors)} 名"
    )


def _directed_draws(problem: Problem, budget: Budget) -> str:
    blocks = "，".join(f"「{b.name}」{b.count} 家" for b in problem.scenario.rules.directed)
    return f"定向抽查：{blocks}"


# Each family's requirement against what the bureau has, in the planners' terms.
DESCRIBE: dict[RuleFamily, Callable[[Problem, Budget], str]] = {
    RuleFamily.CREDIT_RISK_DRAWS: _credit_risk_draws,
    RuleFamily.CAPACITY: _capacity,
    RuleFamily.SPECIALTY: _specialty,
    RuleFamily.INTERNAL_JOINT: _internal_joint,
    RuleFamily.INTER_DEPARTMENT: _inter_department,
    RuleFamily.GROUPS: _groups,
    RuleFamily.POSITIVE_LIST: lambda problem, budget: f"正面清单企业须科技检查 {problem.positive_required} 家",
    RuleFamily.DIRECTED_DRAWS: _directed_draws,
    RuleFamily.AVOIDANCE: lambda problem, budget: "回避规则（利害关系、近期检查过、本乡镇）排除了部分人员与对象的组合",
    RuleFamily.ONE_CHECK_PER_OBJECT: lambda problem, budget: "每个对象每期至多检查一次，各类抽取不能重复使用同一对象",
}


def describe(problem: Problem, family: RuleFamily, budget: Budget) -> str:
    """The family's requirement against what the bureau has, in the planners' terms."""
    describer = DESCRIBE.get(family)
    return describer(problem, budget) if describer else family.zh


def explain_infeasible(problem: Problem, budget: Budget, *, draw_stage: bool) -> list[Conflicting]:
    """`draw_stage`: the draw model itself was infeasible (its small core suffices)."""
    core = conflicting_families(problem, budget, staffing_rules=not draw_stage)
    if not core:
        return [Conflicting(RuleFamily.GROUPS, "未能在时限内找出冲突的规则组合（模型无解已证明）")]
    return [Conflicting(f.value, describe(problem, f, budget)) for f in core]
