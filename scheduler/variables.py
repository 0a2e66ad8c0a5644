"""Decision variables shared by the rule modules."""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Draw, Mode
from shuangsui.scheduler.problem import DrawOption

Expr = cp_model.LinearExprT


@dataclass
class Selection:
    """Which objects are drawn, and by which draw: x[object_id, option] in {0, 1}."""

    objects: list[InspectionObject]
    x: dict[str, dict[DrawOption, cp_model.IntVar]] = field(default_factory=dict)
    mode: dict[tuple[str, DrawOption], Mode] = field(default_factory=dict)  # each option's check mode

    def selected(self, object_id: str) -> Expr:
        return sum(self.x.get(object_id, {}).values())

    def selected_in(self, object_id: str, mode: Mode) -> Expr:
        """The object is drawn by a draw whose check has `mode` (v2: mode depends on the draw)."""
        return sum(v for opt, v in self.x.get(object_id, {}).items() if self.mode[object_id, opt] is mode)

    def modes(self, object_id: str) -> list[Mode]:
        """The modes of the object's possible checks (on-site first)."""
        found = {self.mode[object_id, opt] for opt in self.x.get(object_id, {})}
        return [m for m in (Mode.ONSITE, Mode.OFFSITE) if m in found]

    def credit(self) -> list[tuple[str, cp_model.IntVar]]:
        """The credit-risk draw variables (the draw chosen first, contract v2)."""
        return [(oid, opts[Draw.CREDIT_RISK, None]) for oid, opts in self.x.items() if (Draw.CREDIT_RISK, None) in opts]

    def variables(self) -> list[tuple[str, DrawOption, cp_model.IntVar]]:
        return [(oid, opt, v) for oid, opts in self.x.items() for opt, v in opts.items()]


@dataclass
class Groups:
    """Per-check groups: y[object_id, inspector] in {0, 1}."""

    checks: list[InspectionObject]
    selected: dict[str, Expr]
    candidates: dict[str, list[int]]
    modes: dict[str, Mode]  # each check's mode
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
