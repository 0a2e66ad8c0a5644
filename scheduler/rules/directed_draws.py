"""Directed draws: each [[directed]] block adds exactly `count` checks of matching objects."""

from ortools.sat.python import cp_model
from shuangsui.models.enums import Draw
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    for block in problem.scenario.rules.directed:
        option = (Draw.DIRECTED, block.name)
        chosen = [opts[option] for opts in sel.x.values() if option in opts]
        model.add(sum(chosen) == block.count)
