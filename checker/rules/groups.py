"""groups: on-site checks have `size` inspectors, off-site `offsite_size`, all eligible; in standing
mode teams of exactly `size`, each inspector in at most one, and an on-site check is its team's."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable

from shuangsui.checker import contract as k
from shuangsui.checker.core import Context, Findings
from shuangsui.models.rules import RuleFamily

RULE = RuleFamily.GROUPS


def people(ctx: Context, out: Findings, ids: Iterable[str], where: str, object_id: str | None) -> None:
    """Every inspector exists and is eligible (certified and available)."""
    for i in dict.fromkeys(ids):
        insp = ctx.inspectors.get(i)
        if insp is None:
            out.add(RULE, f"{where}：人员 {i} 不在执法检查人员名录库中 (unknown inspector)", object_id, i)
        elif not k.may_be_drawn(insp):
            why = "、".join(w for w, bad in (("未持执法证", not insp.certified), ("不在岗", not insp.available)) if bad)
            out.add(RULE, f"{where}：{ctx.who(i)} {why}，不能参加检查", object_id, i)


def standing_teams(ctx: Context, out: Findings) -> dict[str, tuple[str, ...]]:
    """The plan's teams by id (first of a duplicated id), after checking their size and members."""
    size = ctx.rules.teams.size
    teams: dict[str, tuple[str, ...]] = {}
    member_of: dict[str, list[str]] = defaultdict(list)
    for team in ctx.plan.teams:
        where = f"执法小组 {team.team_id}"
        if team.team_id in teams:
            out.add(RULE, f"{where}：小组编号重复 (duplicate team_id)")
            continue
        teams[team.team_id] = team.inspector_ids
        members = set(team.inspector_ids)
        if len(members) != len(team.inspector_ids):
            out.add(RULE, f"{where}：成员重复 {list(team.inspector_ids)}")
        if len(members) != size:
            out.add(RULE, f"{where}：须 {size} 名成员，计划 {len(members)} 名")
        people(ctx, out, team.inspector_ids, where, None)
        for i in members:
            member_of[i].append(team.team_id)
    for i, ids in sorted(member_of.items()):
        if len(ids) > 1:
            out.add(RULE, f"{ctx.who(i)} 同时属于执法小组 {'、'.join(ids)}，每人至多属于一个小组", None, i)
    return teams


def check(ctx: Context, out: Findings) -> None:
    """Group sizes, eligibility, and (standing mode) teams and their checks."""
    t = ctx.rules.teams
    standing = k.value(t.mode) == "standing"
    teams: dict[str, tuple[str, ...]] = {}
    if standing:
        teams = standing_teams(ctx, out)
    elif ctx.plan.teams:
        out.add(RULE, f"per_check 模式下 teams 应为空，计划列出 {len(ctx.plan.teams)} 个执法小组")
    for c in ctx.checks:
        where = f"{ctx.obj(c.object_id)} 的检查"
        mode = ctx.mode_of(c)
        need = t.size if mode == k.ONSITE else t.offsite_size
        members = set(c.inspector_ids)
        if len(members) != len(c.inspector_ids):
            out.add(RULE, f"{where}：检查人员重复 {list(c.inspector_ids)}", c.object_id)
        if len(members) != need:
            out.add(RULE, f"{where}：{k.MODE_ZH[mode]}须 {need} 名检查人员，计划 {len(members)} 名", c.object_id)
        people(ctx, out, c.inspector_ids, where, c.object_id)
        if not standing or mode == k.OFFSITE:
            if c.team_id is not None:
                why = "per_check 模式" if not standing else "科技检查"
                out.add(RULE, f"{where}：{why}不属于执法小组，team_id 应为 null，实为「{c.team_id}」", c.object_id)
            continue
        if c.team_id is None or c.team_id not in teams:
            out.add(
                RULE,
                f"{where}：现场检查须由执法小组承担，team_id「{c.team_id}」不是计划中的小组 (standing teams)",
                c.object_id,
            )
        elif members != set(teams[c.team_id]):
            out.add(
                RULE,
                f"{where}：检查人员 {sorted(members)} 与小组 {c.team_id} 的成员 {sorted(teams[c.team_id])} 不一致",
                c.object_id,
            )
    out.prohibition(RULE)
