"""Positive list: ceil(quota.positive * P) positive-list objects get one full-coverage check."""

from ortools.sat.python import cp_model
from shuangsui.models.enums import Draw
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    chosen = [opts[(Draw.FULL_COVERAGE, None)] for opts in sel.x.values() if (Draw.FULL_COVERAGE, None) in opts]
    model.add(sum(chosen) == problem.positive_required)
