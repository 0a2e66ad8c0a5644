"""The decision variables, created here and only here; the rule modules add constraints over them.

Every model (the draw models, the complete model, staffing, team formation) creates its decision
variables with the `new_*` functions below: which objects are drawn by which draw (`Selection`),
who checks what (`Groups`), the standing teams (`Teams`) and their checks (`Assignment`). A rule
module may add auxiliary variables of its own family (e.g. whether a team covers a specialty), never
a decision variable.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from ortools.sat.python import cp_model
from shuangsui.models.domain import InspectionObject
from shuangsui.models.enums import Draw, Mode
from shuangsui.scheduler.problem import DrawOption, Problem

Expr = cp_model.LinearExprT


@dataclass
class Selection:
    """Which objects are drawn, and by which draw: x[object_id, option] in {0, 1}."""

    objects: list[InspectionObject]
    x: dict[str, dict[DrawOption, cp_model.IntVar]] = field(default_factory=dict)
    mode: dict[tuple[str, DrawOption], Mode] = field(default_factory=dict)  # each option's check mode
    _by_mode: dict[tuple[str, Mode], list[cp_model.IntVar]] = field(default_factory=dict, repr=False)

    def selected(self, object_id: str) -> Expr:
        return sum(self.x.get(object_id, {}).values())

    def selected_in(self, object_id: str, mode: Mode) -> Expr:
        """The object is drawn by a draw whose check has `mode` (v2: mode depends on the draw)."""
        return sum(self.drawn_in(object_id, mode))

    def modes(self, object_id: str) -> list[Mode]:
        """The modes of the object's possible checks (on-site first)."""
        return [m for m in (Mode.ONSITE, Mode.OFFSITE) if self.drawn_in(object_id, m)]

    def drawn_in(self, object_id: str, mode: Mode) -> list[cp_model.IntVar]:
        """The variables `selected_in` sums (for rules that build one flat sum over many objects)."""
        # Kept per (object, mode): the rules ask for them hundreds of thousands of times per model
        # (`new_selection` fills `x` and `mode` once, before any rule reads them).
        key = (object_id, mode)
        terms = self._by_mode.get(key)
        if terms is None:
            opts = self.x.get(object_id, {})
            terms = self._by_mode[key] = [v for opt, v in opts.items() if self.mode[object_id, opt] is mode]
        return terms

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


def new_selection(model: cp_model.CpModel, problem: Problem) -> Selection:
    """x[object, draw option] for every drawable object and each draw it may be part of, with the
    mode of the check that draw gives."""
    sel = Selection(objects=problem.drawable)
    for obj in sel.objects:
        sel.x[obj.object_id] = {
            opt: model.new_bool_var(f"x[{obj.object_id},{opt[0]},{opt[1]}]") for opt in problem.options(obj)
        }
        for opt in problem.options(obj):
            sel.mode[obj.object_id, opt] = problem.mode(obj, opt[0])
    return sel


def new_groups(model: cp_model.CpModel, groups: Groups) -> Groups:
    """y[object, inspector] for every check and each of its candidate inspectors."""
    for obj in groups.checks:
        oid = obj.object_id
        for k in groups.candidates[oid]:
            groups.y[oid, k] = model.new_bool_var(f"y[{oid},{k}]")
    return groups


def new_teams(model: cp_model.CpModel, teams: Teams, arcs: list[tuple[int, int]]) -> Teams:
    """lead[l] for every possible leader and arc[l, j] for every candidate (leader, member) arc."""
    for l in sorted({l for l, _ in arcs}):
        teams.lead[l] = model.new_bool_var(f"lead[{l}]")
    for l, j in arcs:
        teams.arc[l, j] = model.new_bool_var(f"arc[{l},{j}]")
        teams.by_leader.setdefault(l, []).append((j, teams.arc[l, j]))
    return teams


def new_assignment(model: cp_model.CpModel, assignment: Assignment, candidates: dict[str, list[int]]) -> Assignment:
    """team[object, t] for every on-site check and each of its candidate teams (a leader, or the
    index of a formed team)."""
    for obj in assignment.onsite:
        oid = obj.object_id
        for t in candidates[oid]:
            assignment.team_of[oid, t] = model.new_bool_var(f"team[{oid},{t}]")
    return assignment
