"""The task list (任务清单): the plan joined with the directories, as every later step needs it.

One `Task` per check of the plan. A check is identified by its object's id (the contract allows
one check per object per period). Each task belongs to a *group* (执法小组): the standing team's id
for an on-site check, otherwise the ids of its inspectors joined with "+" (e.g. an off-site check
done by one inspector: "I05"). The task list is JSON-serialisable: `results` records it in the
ledger (kind ``task_list``) so that `bulletin` and `clues` work from the ledger alone.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

from shuangsui.checker.plan import PlanCheck, PlanFile
from shuangsui.models.domain import Scenario
from shuangsui.models.enums import TIER_ZH, Mode, Tier
from shuangsui.models.errors import ShuangsuiError
from shuangsui.scheduler.result import Check, Plan

FINDING_RESULTS = ("发现问题已责令整改", "立案查处", "移送")


class PlanMismatch(ShuangsuiError):
    """The plan was not made from this scenario (its input digest differs)."""

    exit_code = 2


@dataclass(frozen=True)
class TaskItem:
    item_id: str
    name: str
    legal_basis: str


@dataclass(frozen=True)
class Task:
    """One check of the plan with the names a reader needs."""

    object_id: str
    name: str
    township: str
    industry: str
    tier: str
    credit_risk: str
    confidential: bool
    mode: str
    draw: str
    directed: str | None
    group: str
    team_id: str | None
    inspector_ids: tuple[str, ...]
    inspector_names: tuple[str, ...]
    units: tuple[str, ...]
    joint: str
    partner_department: str | None
    items: tuple[TaskItem, ...]

    @property
    def internal_joint(self) -> bool:
        """Inspectors from two or more units (counted from the directory, not from the plan's label)."""
        return len(self.units) >= 2

    @property
    def inter_department(self) -> bool:
        return self.joint == "inter_department" and bool(self.partner_department)

    @property
    def mode_zh(self) -> str:
        return Mode(self.mode).zh

    @property
    def tier_zh(self) -> str:
        return TIER_ZH[Tier(self.tier)]

    @property
    def item_names(self) -> str:
        return "、".join(i.name for i in self.items)

    @property
    def people(self) -> str:
        return "、".join(self.inspector_names)


@dataclass(frozen=True)
class TaskList:
    """Every task of one period's plan, with the rules the bulletin compares against."""

    scenario: str
    period: str
    input_digest: str
    plan_json_sha256: str
    internal_min_share: float
    inter_department_min: int
    tasks: tuple[Task, ...] = field(default_factory=tuple)

    def by_object(self) -> dict[str, Task]:
        return {t.object_id: t for t in self.tasks}

    def groups(self) -> dict[str, list[Task]]:
        """Tasks per group: standing teams first (by id), then the other groups (by id)."""
        return {group: list(tasks) for group, tasks in self._groups.items()}  # a copy: callers may edit it

    @cached_property
    def _groups(self) -> dict[str, tuple[Task, ...]]:
        """Sorted once: the task sheets ask for a group several times per row (the tasks never change)."""
        out: dict[str, list[Task]] = {}
        for task in sorted(self.tasks, key=lambda t: (t.team_id is None, t.group, t.object_id)):
            out.setdefault(task.group, []).append(task)
        return {group: tuple(tasks) for group, tasks in out.items()}

    def group_tasks(self, group: str) -> tuple[Task, ...]:
        """The tasks of one group, in sheet order (no copy of the others)."""
        return self._groups[group]

    def group_label(self, group: str) -> str:
        """E.g. "T01（张三、李四）" or "I05 王五（科技检查）"."""
        task = self._groups[group][0]
        if task.team_id:
            return f"{task.team_id}（{task.people}）"
        return f"{group} {task.people}"

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> TaskList:
        tasks = tuple(
            Task(
                **{
                    **t,
                    "inspector_ids": tuple(t["inspector_ids"]),
                    "inspector_names": tuple(t["inspector_names"]),
                    "units": tuple(t["units"]),
                    "items": tuple(TaskItem(**i) for i in t["items"]),
                }
            )
            for t in data["tasks"]
        )
        return cls(**{**data, "tasks": tasks})


def group_of(check: Check | PlanCheck) -> str:
    """The check's 执法小组: its team, or its inspectors' ids joined with "+"."""
    return check.team_id or "+".join(check.inspector_ids)


def plan_json_sha256(plan: Plan) -> str:
    """SHA-256 of the plan's canonical plan.json text (identifies the plan in the ledger)."""
    return hashlib.sha256(plan.to_json().encode("utf-8")).hexdigest()


def build_task_list(scenario: Scenario, plan: Plan | PlanFile, sha256: str) -> TaskList:
    """Join the plan with the scenario's directories.

    ``plan`` is the planner's `Plan` or a plan.json read by the checker's reader (`PlanFile`, which
    tolerates contract versions 1 and 2); ``sha256`` is the SHA-256 of its plan.json bytes.

    Raises
    ------
    PlanMismatch
        The plan's input digest is not the scenario's, or it names an unknown object or inspector.
    """
    if plan.input_digest and scenario.input_digest and plan.input_digest != scenario.input_digest:
        raise PlanMismatch(
            "计划与场景不符：计划的输入摘要与场景不同 (plan was not made from this scenario: input_digest "
            f"{plan.input_digest[:12]}… ≠ {scenario.input_digest[:12]}…)"
        )
    unknown = sorted(
        {c.object_id for c in plan.checks if c.object_id not in scenario.object_by_id}
        | {i for c in plan.checks for i in c.inspector_ids if i not in scenario.inspector_by_id}
    )
    if unknown:
        raise PlanMismatch(f"计划中的编号在场景中不存在 (unknown ids in plan): {', '.join(unknown[:10])}")
    tasks = []
    for check in plan.checks:
        obj = scenario.object_by_id[check.object_id]
        people = [scenario.inspector_by_id[i] for i in check.inspector_ids]
        items = []
        for item_id in check.items:
            item = scenario.item_by_id.get(item_id)
            items.append(TaskItem(item_id, item.name if item else item_id, item.legal_basis if item else ""))
        tasks.append(
            Task(
                object_id=obj.object_id,
                name=obj.name,
                township=obj.township,
                industry=obj.industry,
                tier=check.tier,
                credit_risk=check.credit_risk,
                confidential=obj.confidential,
                mode=check.mode,
                draw=check.draw,
                directed=check.directed,
                group=group_of(check),
                team_id=check.team_id,
                inspector_ids=tuple(check.inspector_ids),
                inspector_names=tuple(p.name for p in people),
                units=tuple(sorted({p.unit for p in people})),
                joint=check.joint,
                partner_department=check.partner_department,
                items=tuple(items),
            )
        )
    return TaskList(
        scenario=plan.scenario or scenario.rules.name,
        period=plan.period,
        input_digest=plan.input_digest,
        plan_json_sha256=sha256,
        internal_min_share=scenario.rules.joint.internal_min_share,
        inter_department_min=scenario.rules.joint.inter_department_min,
        tasks=tuple(tasks),
    )


def load_task_list(scenario_dir: Path, plan_json: Path) -> tuple[Scenario, PlanFile, TaskList]:
    """Load a scenario folder and a plan.json and join them (ShuangsuiError on bad input)."""
    from shuangsui.checker.plan import load_plan
    from shuangsui.models.loading import load_scenario

    scenario = load_scenario(scenario_dir)
    plan = load_plan(plan_json)
    return scenario, plan, build_task_list(scenario, plan, hashlib.sha256(Path(plan_json).read_bytes()).hexdigest())
