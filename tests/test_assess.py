"""`shuangsui.app.assess` and `shuangsui.reports.recommend`: the criteria, the ranking and its words."""

from __future__ import annotations

from typing import Any

from shuangsui.app.assess import Assessment, recommend
from shuangsui.reports.recommend import reasons, sentences, verdict


def judged(label: str, **figures: Any) -> Assessment:
    base: dict[str, Any] = {
        "status": "optimal", "feasible": True, "standing": True, "checks": 20, "onsite": 12, "teams": 4,
        "idle_teams": 0, "left_out": 0, "util_max": 0.8, "util_median": 0.6, "internal_share": 0.4,
        "moved": 0, "onsite_shift": 0,
    }  # fmt: skip
    return Assessment(label=label, **(base | figures))


def test_a_single_team_is_feasible_but_never_recommended() -> None:
    one = judged("每组 4 人", teams=1, util_max=0.5, util_median=0.5)  # the most balanced on paper
    two = judged("每组 2 人", teams=5)
    rec = recommend([one, two])
    assert not one.usable and two.usable
    assert (rec.best, rec.runner_up) == (1, None)
    assert verdict(one, 0, rec) == "仅 1 个执法小组"
    assert reasons(one, [one, two]) == ["虽可行但只组成 1 个执法小组（少于 2 个），不宜采用"]


def test_per_check_groups_need_no_second_team() -> None:
    assert judged("按次组队", standing=False, teams=1).usable


def test_no_plan_is_never_recommended() -> None:
    rec = recommend([judged("a", feasible=False, status="infeasible"), judged("b", feasible=None, status="unknown")])
    assert rec.best is None and rec.runner_up is None and rec.order == (0, 1)
    words = sentences([judged("a", feasible=False)], recommend([judged("a", feasible=False)]), ["甲"])
    assert words == {"best": "没有可推荐的选项：各项均无满足全部规则的计划。", "runner_up": None}


def test_a_moved_draw_ranks_below_an_unmoved_one_whatever_the_balance() -> None:
    moved = judged("moved", moved=3, onsite_shift=-3, util_max=0.5, util_median=0.5)
    kept = judged("kept", util_max=1.0, util_median=0.5)
    assert recommend([moved, kept]).order == (1, 0)


def test_balance_is_the_spread_then_the_highest_load() -> None:
    uneven = judged("uneven", util_max=0.8, util_median=0.5)  # spread 30 points
    even = judged("even", util_max=1.0, util_median=0.95)  # spread 5 points
    lighter = judged("lighter", util_max=0.9, util_median=0.85)  # spread 5 points, lower top
    assert (even.spread, uneven.spread) == (0.05, 0.3)
    rec = recommend([uneven, even, lighter])
    assert rec.order == (2, 1, 0) and (rec.best, rec.runner_up) == (2, 1)


def test_left_out_then_joint_share_break_ties() -> None:
    a = judged("a", left_out=2)
    b = judged("b", left_out=0, internal_share=0.3)
    c = judged("c", left_out=0, internal_share=0.5)
    assert recommend([a, b, c]).order == (2, 1, 0)


def test_the_sentence_gives_the_reasons() -> None:
    three = judged("3", teams=3, left_out=1, util_max=1.0, util_median=0.95, internal_share=0.41)
    two = judged("2", teams=5, util_max=0.81, util_median=0.5, internal_share=0.3)
    four = judged("4", teams=2, left_out=2, util_max=1.0, util_median=1.0, moved=2, onsite_shift=-2)
    rec = recommend([two, three, four])
    words = sentences([two, three, four], rec, ["每组 2 人", "每组 3 人", "每组 4 人"])
    assert words["best"] == (
        "建议每组 3 人：可行，人员负荷最均衡（最高 100%，中位 95%），3 个执法小组，1 人未编入小组，"
        "内部联合 41%，未改变抽取结果。"
    )
    assert words["runner_up"] == "次选每组 2 人：可行，人员负荷最高 81%，中位 50%，内部联合 30%，未改变抽取结果。"
    assert verdict(four, 2, rec) == "改变了 2 家的抽取"
    assert "人员能力等约束改变了 2 家的抽取，现场检查减少 2 次" in reasons(four, [two, three, four])
