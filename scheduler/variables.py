"""Decision variables shared by the rule modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.scheduler.problem import DrawOption

Expr = cp_model.LinearExprT


@dataclass
class Selection:
    """Which objects are drawn, and by which draw: x[object_id, option] in {0, 1}."""

    objects: list[InspectionObject]
    x: dict[str, dict[DrawOption, cp_model.IntVar]] = field(default_factory=dict)

    def selected(self, object_id: str) -> Expr:
        return sum(self.x.get(object_id, {}).values())

    def variables(self) -> list[tuple[str, DrawOption, cp_model.IntVar]]:
        return [(oid, opt, v) for oid, opts in self.x.items() for opt, v in opts.items()]


@dataclass
class Groups:
    """Per-check groups: y[object_id, inspector] in {0, 1}."""

    checks: list[InspectionObject]
    selected: dict[str, Expr]
    candidates: dict[str, list[int]]
    y: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)


@dataclass
class Teams:
    """Standing teams as leader arcs: a team is its leader (first member in a seeded order)."""

    order: list[int]  # inspector indices in seeded random order
    lead: dict[int, cp_model.IntVar] = field(default_factory=dict)
    arc: dict[tuple[int, int], cp_model.IntVar] = field(default_factory=dict)  # (leader, member)
    mixed: dict[int, cp_model.IntVar] = field(default_factory=dict)  # team has >= 2 units
    covers: dict[tuple[int, str], cp_model.IntVar] = field(default_factory=dict)
    by_leader: dict[int, list[tuple[int, cp_model.IntVar]]] = field(default_factory=dict)

    def members_of(self, leader: int) -> list[tuple[int, cp_model.IntVar]]:
        return self.by_leader.get(leader, [])


@dataclass
class Assignment:
    """Checks given to standing teams (on-site) and to single inspectors (off-site)."""

    onsite: list[InspectionObject]
    offsite: list[InspectionObject]
    selected: dict[str, Expr]
    team_of: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)  # (oid, leader)
    offsite_by: dict[tuple[str, int], cp_model.IntVar] = field(default_factory=dict)
