"""Inter-department joint checks: at least `inter_department_min` checks of objects with partners.

Every drawn object that lists partner departments is planned together with the first of them, so the
rule binds the draw: enough drawn objects must have partner departments.
"""

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Joint
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    minimum = problem.scenario.rules.joint.inter_department_min
    if minimum:
        model.add(sum(sel.selected(o.object_id) for o in sel.objects if o.partner_departments) >= minimum)


def label(obj: InspectionObject, units: set[str]) -> tuple[Joint, str | None]:
    """The check's `joint` and `partner_department` fields."""
    if obj.partner_departments:
        return Joint.INTER_DEPARTMENT, obj.partner_departments[0]
    return (Joint.INTERNAL if len(units) >= 2 else Joint.NONE), None
