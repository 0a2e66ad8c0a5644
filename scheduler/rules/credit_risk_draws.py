"""Credit-risk draws: exactly the apportioned number of checks in each (tier, credit class)."""

from collections import defaultdict

from ortools.sat.python import cp_model
from shuangsui.models.enums import Draw
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    strata: dict[tuple, list[cp_model.IntVar]] = defaultdict(list)
    for obj in sel.objects:
        var = sel.x.get(obj.object_id, {}).get((Draw.CREDIT_RISK, None))
        if var is not None:
            strata[(obj.tier, obj.credit_risk)].append(var)
    for stratum, required in problem.stratum_required.items():
        model.add(sum(strata.get(stratum, [])) == required)
