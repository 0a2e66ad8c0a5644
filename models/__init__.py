"""The data contract's models and the loader of a scenario folder."""

from shuangsui.models.domain import (
    AvoidanceRules,
    Conflict,
    CreditRiskRules,
    DirectedDraw,
    HistoryCheck,
    InspectionObject,
    Inspector,
    Item,
    JointRules,
    QuotaRules,
    Scenario,
    ScenarioRules,
    SolverSettings,
    TeamRules,
)
from shuangsui.models.errors import Problem, ScenarioInvalid
from shuangsui.models.loading import load_scenario

__all__ = [
    "AvoidanceRules",
    "Conflict",
    "CreditRiskRules",
    "DirectedDraw",
    "HistoryCheck",
    "InspectionObject",
    "Inspector",
    "Item",
    "JointRules",
    "Problem",
    "QuotaRules",
    "Scenario",
    "ScenarioInvalid",
    "ScenarioRules",
    "SolverSettings",
    "TeamRules",
    "load_scenario",
]
