"""Inter-department joint checks (contract v2): a choice of the plan, not a label.

At least `inter_department_min` on-site checks of objects that list partner departments are planned
together with the first listed partner. The rule binds the draw (enough such on-site checks must be
drawn); which of the drawn ones become joint checks is part of the seeded draw. Every other check has
no partner department, and `joint` says whether its inspectors come from >= 2 units.
"""

from __future__ import annotations

from ortools.sat.python import cp_model
from shuangsui.models.enums import Joint, Mode
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection
from shuangsui.scheduler.weights import permutation_weights


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    minimum = problem.scenario.rules.joint.inter_department_min
    if minimum:
        model.add(
            sum(sel.selected_in(o.object_id, Mode.ONSITE) for o in sel.objects if o.partner_departments) >= minimum
        )


def choose(problem: Problem, modes: dict[str, Mode], seed: int) -> dict[str, str]:
    """The joint checks: object id -> partner department (the first listed in the directory).

    Exactly `inter_department_min` of the drawn on-site checks of objects with partners, those with
    the largest seeded weights (the draw model made sure there are enough).
    """
    by_id = problem.scenario.object_by_id
    eligible = sorted(oid for oid, mode in modes.items() if mode is Mode.ONSITE and by_id[oid].partner_departments)
    weights = permutation_weights(seed, "inter-department", eligible)
    minimum = problem.scenario.rules.joint.inter_department_min
    picked = sorted(eligible, key=lambda oid: -weights[oid])[:minimum]
    return {oid: by_id[oid].partner_departments[0] for oid in sorted(picked)}


def label(partner: str | None, units: set[str]) -> tuple[Joint, str | None]:
    """The check's `joint` and `partner_department` fields."""
    if partner is not None:
        return Joint.INTER_DEPARTMENT, partner
    return (Joint.INTERNAL if len(units) >= 2 else Joint.NONE), None
