"""One check per object per period: an object takes part in at most one draw."""

from ortools.sat.python import cp_model
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    """At most one draw option of each object is taken."""
    for options in sel.x.values():
        if len(options) > 1:
            model.add_at_most_one(options.values())
