"""reports/html_table.py: the report tables' HTML, byte for byte what the Jinja macro wrote."""

from __future__ import annotations

import jinja2
import pytest
from markupsafe import Markup
from shuangsui.checker import evaluate
from shuangsui.models.domain import Scenario
from shuangsui.reports.html_table import table_html
from shuangsui.reports.outputs import build_tables
from shuangsui.reports.tables import Column, ReportInput, Table, display
from shuangsui.scheduler.pipeline import solve
from shuangsui.scheduler.result import SolveResult

# base.html's render_table macro as it was written in Jinja (before it called table_html).
MACRO = """\
{%- macro render_table(t, id=none, hide=(), cls="") -%}
{%- set cols = t.columns | rejectattr("key", "in", hide) | list -%}
{%- if t.rows -%}
<table{% if id %} id="{{ id }}"{% endif %} class="grid {{ cls }}">
  <thead><tr>{% for c in cols %}<th>{{ c.zh }}</th>{% endfor %}</tr></thead>
  <tbody>
  {%- for row in t.rows %}
    {%- set mark = t.mark(loop.index0) %}
    <tr{% if mark %} class="{{ mark }}"{% endif %}>
    {%- for c in cols %}
      <td class="k-{{ c.kind }} c-{{ c.key }}{% if c.kind in numeric %} num{% endif %}">{{ show(row[c.key], c.kind) }}
        {%- if c.key == "slack" and row.get("slack_unit") %} {{ row.slack_unit }}{% endif -%}
        {%- if c.key == "name" and row.get("confidential") %} <span class="tag secret">涉密</span>{% endif -%}
        {%- if c.key == "rule" and mark == "tight" %} <span class="tag tight">紧张</span>{% endif -%}
        {%- if c.key == "rule" and mark == "conflict" %} <span class="tag bad">冲突</span>{% endif -%}
        {%- if loop.first and mark == "diff" %} <span class="tag diff">不同</span>{% endif -%}
      </td>
    {%- endfor %}
    </tr>
  {%- endfor %}
  </tbody>
</table>
{%- else -%}
<p class="empty">无</p>
{%- endif -%}
{%- endmacro -%}
"""


def _macro() -> jinja2.runtime.Macro:
    env = jinja2.Environment(autoescape=True, undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True)
    env.globals.update(show=display, numeric=frozenset({"int", "float", "percent"}))
    return env.from_string(MACRO).module.render_table


def _tables(scenario: Scenario, result: SolveResult) -> list[Table]:
    evaluation = None if result.plan is None else evaluate(scenario, result.plan)
    return list(build_tables(ReportInput(scenario, result, evaluation)).values())


ODD = Table(
    "odd",
    "边角",
    (Column("rule", "规则 <&>", "text"), Column("slack", "余量", "int"), Column("name", "名称", "text")),
    (
        {"rule": 'a<b & "c"', "slack": 3, "slack_unit": "次<", "name": "甲厂", "confidential": True},
        {"rule": "quota", "slack": None, "name": "乙厂", "confidential": False},
        {"rule": "", "slack": 0.5, "name": None},
        {"rule": "x", "slack": 2, "name": "丙"},
    ),
    marks=("tight", "diff", "conflict"),
)


@pytest.mark.parametrize("name", ["zhaoxian-2025Q1", "stress-per-check", "infeasible-capacity"])
def test_every_report_table_as_the_macro_wrote_it(bundled, name: str) -> None:
    scenario = bundled(name)
    tables = _tables(scenario, solve(scenario, workers=1, prove_uniqueness=False))
    macro = _macro()
    assert sum(len(t.rows) for t in tables) > 20
    for t in [*tables, ODD, Table("empty", "空", ODD.columns, ())]:
        assert str(table_html(t)) == str(macro(t)), t.key
        options = {"id": "t-1", "hide": ("slack",), "cls": "wide"}
        assert str(table_html(t, **options)) == str(macro(t, **options)), t.key


def test_the_table_is_markup_with_its_text_escaped() -> None:
    html = table_html(ODD)
    assert isinstance(html, Markup)
    assert "a&lt;b &amp; &#34;c&#34;" in html and "规则 &lt;&amp;&gt;" in html and "次&lt;" in html
