"""The recusal report (回避改派说明): what changed in the plan and why, in Chinese; and its JSON."""

from __future__ import annotations

import html
from typing import Any

from shuangsui.scheduler.recusal import RecusalRequest, RecusalResult


def recusal_json(request: RecusalRequest, result: RecusalResult, before_digest: str) -> dict[str, Any]:
    """Machine-readable (English keys): the request, the changes, the inputs' digests."""
    return {
        "request": request.to_dict(),
        "input_digest_before": before_digest,
        "input_digest_after": result.scenario.input_digest,
        "team_note": result.team_note,
        "changes": [c.to_dict() for c in result.changes],
    }


def _who(team: str | None, inspectors: tuple[str, ...]) -> str:
    people = "、".join(inspectors)
    return f"{team}（{people}）" if team else people


def recusal_html(request: RecusalRequest, result: RecusalResult, scenario_name: str) -> str:
    """A self-contained page listing each affected check before and after."""
    sc = result.scenario
    person = sc.inspector_by_id[request.inspector_id]
    if request.unavailable:
        what = f"执法人员 {person.name}（{person.inspector_id}）本期不在岗，退出其全部检查任务"
    else:
        obj = sc.object_by_id[request.object_id]
        what = f"执法人员 {person.name}（{person.inspector_id}）申请回避对 {obj.name}（{obj.object_id}）的检查"
    if request.reason:
        what += f"，理由：{request.reason}"
    rows = []
    for c in result.changes:
        name = sc.object_by_id[c.new_object_id].name
        if c.replaced:
            note = (
                f"原对象 {c.object_id}（{sc.object_by_id[c.object_id].name}）无可派小组，"
                f"按同一抽取层的种子顺序由本对象替换"
            )
        elif c.team_before != c.team_after:
            note = "改派其他执法小组"
        else:
            note = "更换检查人员"
        cells = [f"{name}（{c.new_object_id}）", _who(c.team_before, c.inspectors_before)]
        cells += [_who(c.team_after, c.inspectors_after), note]
        rows.append("<tr>" + "".join(f"<td>{html.escape(x)}</td>" for x in cells) + "</tr>")
    team = f"<p>{html.escape(result.team_note)}</p>" if result.team_note else ""
    replaced = sum(c.replaced for c in result.changes)
    summary = (
        f"共改动 {len(result.changes)} 次检查，其中替换对象 {replaced} 个；计划中其他检查、小组和抽取结果均保持不变。"
    )
    return f"""<!doctype html><html lang="zh-CN"><head><meta charset="utf-8"><title>回避改派说明</title>
<style>body{{font-family:"Noto Sans CJK SC","Microsoft YaHei",sans-serif;margin:2em;}}
table{{border-collapse:collapse}}td,th{{border:1px solid #999;padding:4px 8px}}</style></head><body>
<h1>{html.escape(scenario_name)} 回避改派说明</h1>
<p>{html.escape(what)}。</p><p>{html.escape(summary)}</p>{team}
<table><thead><tr><th>检查对象</th><th>原检查小组/人员</th><th>改派后</th><th>说明</th></tr></thead>
<tbody>{"".join(rows)}</tbody></table>
<p>新计划的输入摘要：<code>{html.escape(sc.input_digest)}</code>（原输入加上本次回避）。</p>
</body></html>
"""
