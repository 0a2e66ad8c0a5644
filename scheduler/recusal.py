"""Recusal after the draw (回避申请): re-staff only the checks an inspector must leave.

A request names an inspector and either one object (a conflict declared after the plan is out) or
`unavailable` (ill, away: all of the inspector's checks, and no new ones). Every other check, team and
draw is pinned exactly; only the affected checks are re-planned, in one small CP-SAT model:

- **Standing teams, on-site check.** The check moves to another standing team whose members may
  check the object (no avoidance, specialties covered, capacity left). When the inspector is
  unavailable, his team may instead take in one inspector who is in no team (a spare) in his place,
  for all of that team's checks; without a spare who fits, the team is dissolved and each of its
  checks moves to another team. A standing team is the period's unit of work, so a check never gets
  a group that is not a team.
- **Per-check groups and off-site checks.** The inspector is replaced in the check's group by one
  eligible inspector with capacity (the other members stay).
- **No group can take the check.** The object is replaced by the next object of its stratum (same
  draw, tier and credit class, or same directed block) in the planner's seeded draw order
  (`scheduler.weights`, family ``draw``), staffed as above; the result says so.

The model keeps the plan-wide rules (capacity, internal-joint share, inter-department minimum) and
chooses lexicographically: fewest replaced objects (earliest in the seeded order), then fewest checks
moved to another team, then the largest seeded weights (family ``recusal|inspector|object``). It is
solved on one thread, so the result is a function of (scenario, plan, request) alone.

The plan is read and written as JSON (a dict), so fields this module does not know (for instance
``internal_joint`` of contract 2) are carried over; on changed checks ``internal_joint``, when present,
is recomputed. The new plan's ``input_digest`` is that of the amended inputs (the conflict added to
``conflicts``, or the inspector marked unavailable), and its ``recusals`` list records the requests.
"""

from __future__ import annotations

import itertools
import json
import math
from dataclasses import dataclass
from typing import Any

from ortools.sat.python import cp_model
from shuangsui.models.digest import input_digest
from shuangsui.models.domain import Conflict, InspectionObject, Scenario, exact
from shuangsui.models.enums import Draw, Mode, TeamMode, Tier
from shuangsui.models.errors import EXIT_INFEASIBLE, EXIT_INVALID, ShuangsuiError
from shuangsui.scheduler import cpsat
from shuangsui.scheduler.cpsat import Outcome
from shuangsui.scheduler.draw import draw_weights
from shuangsui.scheduler.plan_builder import DRAW_ORDER, TIER_ORDER
from shuangsui.scheduler.problem import Problem
from shuangsui.scheduler.weights import permutation_weights

REPLACEMENTS_PER_STRATUM = 50  # candidate replacement objects tried, in seeded order
GROUPS_PER_CHECK = 500  # candidate per-check groups enumerated when several members must be new


class RecusalInvalid(ShuangsuiError):
    """The request does not fit the plan (unknown inspector, not on that check, other inputs)."""

    exit_code = EXIT_INVALID


class RecusalImpossible(ShuangsuiError):
    """No group can take an affected check and no replacement object can be staffed."""

    exit_code = EXIT_INFEASIBLE


@dataclass(frozen=True)
class RecusalRequest:
    """One recusal: `inspector_id` leaves `object_id`'s check, or all checks when `unavailable`."""

    inspector_id: str
    object_id: str | None = None
    unavailable: bool = False
    reason: str = ""

    def to_dict(self) -> dict[str, Any]:
        return {
            "inspector_id": self.inspector_id,
            "object_id": self.object_id,
            "unavailable": self.unavailable,
            "reason": self.reason,
        }

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> RecusalRequest:
        return cls(data["inspector_id"], data.get("object_id"), bool(data.get("unavailable")), data.get("reason", ""))


@dataclass(frozen=True)
class Change:
    """One affected check, before and after."""

    object_id: str
    new_object_id: str
    team_before: str | None
    team_after: str | None
    inspectors_before: tuple[str, ...]
    inspectors_after: tuple[str, ...]

    @property
    def replaced(self) -> bool:
        return self.new_object_id != self.object_id

    def to_dict(self) -> dict[str, Any]:
        return {
            "object_id": self.object_id,
            "new_object_id": self.new_object_id,
            "replaced": self.replaced,
            "team_before": self.team_before,
            "team_after": self.team_after,
            "inspectors_before": list(self.inspectors_before),
            "inspectors_after": list(self.inspectors_after),
        }


@dataclass(frozen=True)
class RecusalResult:
    plan: dict[str, Any]
    scenario: Scenario  # the amended inputs, with their digest
    changes: tuple[Change, ...]
    team_note: str | None  # what happened to a standing team, in Chinese

    def plan_json(self) -> str:
        return plan_text(self.plan)


def plan_text(plan: dict[str, Any]) -> str:
    """A plan dict as plan.json bytes are written (`Plan.to_json`'s format)."""
    return json.dumps(plan, ensure_ascii=False, indent=2) + "\n"


def amend(scenario: Scenario, request: RecusalRequest) -> Scenario:
    """The inputs with the recusal in them (idempotent): a new conflict, or the inspector unavailable."""
    if request.unavailable:
        inspectors = tuple(
            i.model_copy(update={"available": False}) if i.inspector_id == request.inspector_id else i
            for i in scenario.inspectors
        )
        amended = scenario.model_copy(update={"inspectors": inspectors})
    elif any(c.inspector_id == request.inspector_id and c.object_id == request.object_id for c in scenario.conflicts):
        amended = scenario
    else:
        conflict = Conflict(inspector_id=request.inspector_id, object_id=request.object_id, reason=request.reason)
        conflicts = tuple(sorted((*scenario.conflicts, conflict), key=lambda c: c.model_dump_json()))
        amended = scenario.model_copy(update={"conflicts": conflicts})
    return amended.model_copy(update={"input_digest": input_digest(amended)})


def unamend(scenario: Scenario, requests: list[RecusalRequest]) -> Scenario:
    """The inputs before the recusals, from a folder where they were written in (conflict rows added,
    inspectors marked unavailable): the inverse of `amend` applied for each request."""
    for request in reversed(requests):
        if request.unavailable:
            inspectors = tuple(
                i.model_copy(update={"available": True}) if i.inspector_id == request.inspector_id else i
                for i in scenario.inspectors
            )
            scenario = scenario.model_copy(update={"inspectors": inspectors})
        else:
            pair = (request.inspector_id, request.object_id)
            conflicts = tuple(c for c in scenario.conflicts if (c.inspector_id, c.object_id) != pair)
            scenario = scenario.model_copy(update={"conflicts": conflicts})
    return scenario.model_copy(update={"input_digest": input_digest(scenario)})


def scenario_for_plan(scenario: Scenario, plan: dict[str, Any]) -> Scenario | None:
    """The inputs the plan was made from: `scenario` itself, or it with the plan's recusals applied."""
    if scenario.input_digest == plan.get("input_digest"):
        return scenario
    for request in plan.get("recusals") or []:
        scenario = amend(scenario, RecusalRequest.from_dict(request))
    return scenario if scenario.input_digest == plan.get("input_digest") else None


@dataclass(frozen=True)
class _Option:
    object_id: str
    members: tuple[int, ...]
    team: str | None
    joins: int | None  # the spare who takes the unavailable inspector's place in his team
    rank: int  # 0: the check's own object; k: the k-th replacement in seeded order


def recuse(scenario: Scenario, plan: dict[str, Any], request: RecusalRequest) -> RecusalResult:
    """Apply one recusal to a plan made from `scenario`.

    Raises
    ------
    RecusalInvalid
        The plan was not made from `scenario`, or the request does not match the plan.
    RecusalImpossible
        Some affected check can be staffed neither as it is nor by a replacement object.
    """
    if scenario.input_digest != plan.get("input_digest"):
        raise RecusalInvalid(
            "计划的 input_digest 与场景输入不一致：计划不是由这些输入生成的 (plan not from these inputs)"
        )
    return _Recusal(scenario, plan, request).run()


class _Recusal:
    def __init__(self, scenario: Scenario, plan: dict[str, Any], request: RecusalRequest):
        self.request = request
        self.plan = plan
        self.who = request.inspector_id
        if self.who not in scenario.inspector_by_id:
            raise RecusalInvalid(f"执法人员 {self.who} 不在执法检查人员名录库中 (unknown inspector)")
        self.amended = amend(scenario, request)
        self.seed = int(plan["seed"])
        self.problem = Problem(self.amended, self.seed)
        self.standing = self.amended.rules.teams.mode is TeamMode.STANDING
        self.teams = {t["team_id"]: tuple(t["inspector_ids"]) for t in plan.get("teams", [])}
        self.checks = plan["checks"]
        self.affected = [n for n, c in enumerate(self.checks) if self._affects(c)]
        own_team = [t for t, members in self.teams.items() if self.who in members]
        self.own_team = own_team[0] if own_team and request.unavailable else None
        if not self.affected and self.own_team is None:
            if request.unavailable:
                raise RecusalInvalid(f"执法人员 {self.who} 在计划中没有检查任务 (no checks in the plan)")
            raise RecusalInvalid(
                f"计划中没有由 {self.who} 检查对象 {request.object_id} 的任务 (no such check in the plan)"
            )

    def _affects(self, check: dict[str, Any]) -> bool:
        if self.who not in check["inspector_ids"]:
            return False
        return self.request.unavailable or check["object_id"] == self.request.object_id

    # ------------------------------------------------------------ candidate groups

    def _index(self, ids: list[str] | tuple[str, ...]) -> tuple[int, ...] | None:
        index = self.problem.inspector_index
        return tuple(sorted(index[i] for i in ids)) if all(i in index for i in ids) else None

    def _mode(self, check: dict[str, Any], obj: InspectionObject) -> Mode:
        """The mode of `check` if it were a check of `obj` (contract v2: it may depend on the draw)."""
        return self.problem.mode(obj, Draw(check["draw"]))

    def _can(self, obj: InspectionObject, mode: Mode, members: tuple[int, ...]) -> bool:
        avoided = self.problem.avoided(obj)
        if any(k in avoided or self.problem.capacity[k] < self.problem.load(mode) for k in members):
            return False
        held = {s for k in members for s in self.problem.inspectors[k].specialties}
        return self.problem.required(obj, mode) <= held

    def _options(self, check: dict[str, Any], obj: InspectionObject, rank: int) -> list[_Option]:
        p, oid = self.problem, obj.object_id
        mode = self._mode(check, obj)
        if self.standing and mode is Mode.ONSITE:
            options = []
            for team, ids in self.teams.items():
                members = self._index(ids)
                if team != self.own_team and members is not None and self._can(obj, mode, members):
                    options.append(_Option(oid, members, team, None, rank))
            if self.own_team is not None:
                rest = [i for i in self.teams[self.own_team] if i != self.who]
                for spare in self.spares:
                    members = self._index([*rest, p.inspectors[spare].inspector_id])
                    if members is not None and self._can(obj, mode, members):
                        options.append(_Option(oid, members, self.own_team, spare, rank))
            return options
        size = p.group_size(mode)
        avoided = p.avoided(obj)
        base = self._index([i for i in check["inspector_ids"] if i != self.who]) or ()
        base = tuple(k for k in base if k not in avoided)[: size - 1]
        free = [k for k in p.allowed(obj, mode) if k not in base]
        groups = itertools.islice(itertools.combinations(free, size - len(base)), GROUPS_PER_CHECK)
        options = []
        for extra in groups:
            members = tuple(sorted((*base, *extra)))
            if self._can(obj, mode, members):
                options.append(_Option(oid, members, None, None, rank))
        return options

    @property
    def spares(self) -> list[int]:
        in_teams = {i for ids in self.teams.values() for i in ids}
        return [k for k, i in enumerate(self.problem.inspectors) if i.inspector_id not in in_teams]

    def _replacements(self, check: dict[str, Any]) -> list[InspectionObject]:
        """Objects of the check's stratum not in the plan, in the planner's seeded draw order."""
        p = self.problem
        option = (Draw(check["draw"]), check.get("directed"))
        planned = {c["object_id"] for c in self.checks}
        weights = draw_weights(p, self.seed)
        same = [
            o
            for o in p.drawable
            if o.object_id not in planned
            and option in p.options(o)
            and (
                option[0] is not Draw.CREDIT_RISK
                or (o.tier.value, o.credit_risk.value) == (check["tier"], check["credit_risk"])
            )
        ]
        same.sort(key=lambda o: -weights[o.object_id, option])
        return same[:REPLACEMENTS_PER_STRATUM]

    # ------------------------------------------------------------ the model

    def run(self) -> RecusalResult:
        """Staff the affected checks with their own objects where possible; replace objects only when
        that is impossible (no group for a check, or capacity and shares leave no joint solution)."""
        own: dict[int, list[_Option]] = {}
        replacements: dict[int, list[_Option]] = {}
        for n in self.affected:
            check = self.checks[n]
            own[n] = self._options(check, self.problem.scenario.object_by_id[check["object_id"]], 0)
            if not own[n]:
                replacements[n] = self._replacement_options(check)
        try:
            chosen = self._solve({n: own[n] or replacements[n] for n in self.affected})
        except RecusalImpossible:
            if all(not own[n] for n in self.affected):
                raise
            for n in self.affected:
                if n not in replacements:
                    replacements[n] = self._replacement_options(check=self.checks[n])
            chosen = self._solve({n: own[n] + replacements[n] for n in self.affected})
        return self._result(chosen)

    def _replacement_options(self, check: dict[str, Any]) -> list[_Option]:
        return [
            opt
            for rank, other in enumerate(self._replacements(check), start=1)
            for opt in self._options(check, other, rank)
        ]

    def _load(self, mode: str) -> int:
        return self.problem.capacity_scale if mode == Mode.ONSITE.value else self.problem.offsite_load

    def _solve(self, options: dict[int, list[_Option]]) -> dict[int, _Option]:
        """One option per affected check, under capacity, the spare rule and the plan-wide shares."""
        for n, opts in options.items():
            if not opts:
                raise RecusalImpossible(
                    f"对象 {self.checks[n]['object_id']} 的检查无法改派，同一抽取层中也没有可替换的对象 "
                    "(no group can take the check and no replacement object can be staffed)"
                )
        model = cp_model.CpModel()
        var = {(n, m): model.new_bool_var(f"c{n}o{m}") for n, opts in options.items() for m in range(len(opts))}
        for n, opts in options.items():
            model.add_exactly_one(var[n, m] for m in range(len(opts)))
        by_object: dict[str, list[cp_model.IntVar]] = {}
        for (n, m), v in var.items():
            if options[n][m].rank:
                by_object.setdefault(options[n][m].object_id, []).append(v)
        for vs in by_object.values():
            model.add_at_most_one(vs)
        pinned = [c for n, c in enumerate(self.checks) if n not in options]
        self._add_capacity(model, options, var, pinned)
        self._add_spares(model, options, var)
        self._add_shares(model, options, var, pinned)
        return self._lexicographic(model, options, var)

    def _add_capacity(
        self, model: cp_model.CpModel, options: dict[int, list[_Option]], var: dict, pinned: list[dict[str, Any]]
    ) -> None:
        """Capacity: the pinned checks' load plus the chosen groups'."""
        p, sc = self.problem, self.amended
        load = [0] * len(p.inspectors)
        for c in pinned:
            for k in self._index(c["inspector_ids"]) or ():
                load[k] += self._load(c["mode"])
        uses: dict[int, list] = {}
        for (n, m), v in var.items():
            opt = options[n][m]
            for k in opt.members:
                uses.setdefault(k, []).append(p.load(self._mode(self.checks[n], sc.object_by_id[opt.object_id])) * v)
        for k, terms in uses.items():
            model.add(load[k] + sum(terms) <= p.capacity[k])

    def _add_spares(self, model: cp_model.CpModel, options: dict[int, list[_Option]], var: dict) -> None:
        """A spare joins the unavailable inspector's team for all the checks it keeps, or none."""
        spares = {opt.joins for opts in options.values() for opt in opts if opt.joins is not None}
        joined = {j: model.new_bool_var(f"j{j}") for j in sorted(spares)}
        if joined:
            model.add_at_most_one(joined.values())
            for (n, m), v in var.items():
                spare = options[n][m].joins
                if spare is not None:
                    model.add_implication(v, joined[spare])

    def _add_shares(
        self, model: cp_model.CpModel, options: dict[int, list[_Option]], var: dict, pinned: list[dict[str, Any]]
    ) -> None:
        """Plan-wide shares: internal joint (>= 2 units) and the inter-department minimum."""
        sc = self.amended
        total = len(self.checks)
        need = math.ceil(exact(sc.rules.joint.internal_min_share) * total)
        have = sum(self._units(self._index(c["inspector_ids"]) or ()) >= 2 for c in pinned)
        model.add(have + sum(v for (n, m), v in var.items() if self._units(options[n][m].members) >= 2) >= need)
        inter_need = sc.rules.joint.inter_department_min
        inter_have = sum(c["joint"] == "inter_department" for c in pinned)
        model.add(inter_have + sum(v for (n, m), v in var.items() if self._inter(n, options[n][m])) >= inter_need)

    def _lexicographic(
        self, model: cp_model.CpModel, options: dict[int, list[_Option]], var: dict
    ) -> dict[int, _Option]:
        """Lexicographic: replaced objects, then team moves, then seeded weights."""
        keys = {
            (n, m): (self.checks[n]["object_id"], o.object_id, o.members, o.team or "") for (n, m), o in _flat(options)
        }
        family = f"recusal|{self.who}|{self.request.object_id or '*'}"
        weights = permutation_weights(self.seed, family, keys.values())
        moved = [v for (n, m), v in var.items() if options[n][m].team != self.checks[n].get("team_id")]
        objectives = [
            sum(options[n][m].rank * v for (n, m), v in var.items()),
            sum(moved),
            -sum(weights[keys[n, m]] * v for (n, m), v in var.items()),
        ]
        solver = cp_model.CpSolver()
        solver.parameters.num_workers = 1
        solver.parameters.random_seed = 0
        solver.parameters.max_time_in_seconds = 60.0
        solver.parameters.catch_sigint_signal = False  # stopped by shuangsui.interrupts instead
        for objective in objectives:
            model.minimize(objective)
            status = cpsat.run(solver, model, "recusal")
            if status is Outcome.INFEASIBLE:
                raise RecusalImpossible(
                    "受影响的检查无法在能力、内部联合比例和部门联合要求下全部改派 "
                    "(the affected checks cannot all be re-staffed under capacity and joint rules)"
                )
            if status is not Outcome.OPTIMAL:
                raise RecusalImpossible("回避改派模型在 60 秒内未求得最优解 (recusal model not solved in 60 s)")
            model.add(objective <= round(solver.objective_value))
        return {n: options[n][m] for (n, m), v in var.items() if solver.boolean_value(v)}

    def _units(self, members: tuple[int, ...]) -> int:
        return len({self.problem.inspectors[k].unit for k in members})

    def _inter(self, n: int, opt: _Option) -> bool:
        check = self.checks[n]
        if check["joint"] != "inter_department":
            return False
        obj = self.amended.object_by_id[opt.object_id]
        return opt.rank == 0 or (bool(obj.partner_departments) and self._mode(check, obj) is Mode.ONSITE)

    # ------------------------------------------------------------ the new plan

    def _result(self, chosen: dict[int, _Option]) -> RecusalResult:
        p, sc = self.problem, self.amended
        ids = [i.inspector_id for i in p.inspectors]
        checks, changes = [], []
        for n, check in enumerate(self.checks):
            if n not in chosen:
                checks.append(check)
                continue
            opt = chosen[n]
            obj = sc.object_by_id[opt.object_id]
            members = [ids[k] for k in opt.members]
            new = dict(check)
            new.update(
                object_id=obj.object_id,
                tier=obj.tier.value,
                credit_risk=obj.credit_risk.value,
                mode=self._mode(check, obj).value,
                team_id=opt.team,
                inspector_ids=members,
                items=list(obj.items),
            )
            if self._inter(n, opt):
                partner = check["partner_department"] if opt.rank == 0 else obj.partner_departments[0]
                new.update(joint="inter_department", partner_department=partner)
            else:
                new.update(joint="internal" if self._units(opt.members) >= 2 else "none", partner_department=None)
            if "internal_joint" in check:
                new["internal_joint"] = self._units(opt.members) >= 2
            checks.append(new)
            changes.append(
                Change(
                    check["object_id"],
                    obj.object_id,
                    check.get("team_id"),
                    opt.team,
                    tuple(check["inspector_ids"]),
                    tuple(members),
                )
            )
        checks.sort(
            key=lambda c: (DRAW_ORDER[Draw(c["draw"])], TIER_ORDER[Tier(c["tier"])], c["credit_risk"], c["object_id"])
        )
        teams, note = self._teams(chosen, ids)
        plan = dict(self.plan)
        plan.update(input_digest=sc.input_digest, teams=teams, checks=checks)
        entry = {**self.request.to_dict(), "input_digest_before": self.plan["input_digest"]}
        plan["recusals"] = [*(self.plan.get("recusals") or []), entry]
        return RecusalResult(plan, sc, tuple(changes), note)

    def _teams(self, chosen: dict[int, _Option], ids: list[str]) -> tuple[list[dict[str, Any]], str | None]:
        teams = [dict(t) for t in self.plan.get("teams", [])]
        if self.own_team is None:
            return teams, None
        spare = next((o.joins for o in chosen.values() if o.joins is not None), None)
        if spare is None:
            kept = [t for t in teams if t["team_id"] != self.own_team]
            return kept, f"执法小组 {self.own_team} 因 {self.who} 不在岗而撤销，其检查改派其他小组"
        for t in teams:
            if t["team_id"] == self.own_team:
                t["inspector_ids"] = sorted([i for i in t["inspector_ids"] if i != self.who] + [ids[spare]])
        return teams, f"执法小组 {self.own_team} 由 {ids[spare]} 接替 {self.who}"


def _flat(options: dict[int, list[_Option]]) -> list[tuple[tuple[int, int], _Option]]:
    return [((n, m), o) for n, opts in options.items() for m, o in enumerate(opts)]
