"""Positive list: ceil(quota.positive * P) positive-list objects get one full-coverage check."""

from ortools.sat.python import cp_model

from models.enums import Draw
from scheduler.problem import Problem
from scheduler.variables import Selection


def aggregate(model: cp_model.CpModel, problem: Problem, sel: Selection) -> None:
    chosen = [opts[(Draw.FULL_COVERAGE, None)] for opts in sel.x.values() if (Draw.FULL_COVERAGE, None) in opts]
    model.add(sum(chosen) == problem.positive_required)
