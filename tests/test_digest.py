"""The input digest: the same inputs however they are written, a different digest for any change."""

from __future__ import annotations

import tempfile
from pathlib import Path

import pytest
from fixtures.scenario_builder import VALID_TOML, Rows, valid_tables, write_scenario
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from shuangsui.models import load_scenario
from shuangsui.models.digest import input_digest
from shuangsui.models.enums import CreditRisk, Tier

TABLES = ("objects", "inspectors", "items", "conflicts", "history")


def digest_of(folder: Path, **kwargs: object) -> str:
    return load_scenario(write_scenario(folder, **kwargs)).input_digest  # type: ignore[arg-type]


def test_digest_is_sha256_of_the_canonical_form(tmp_path: Path) -> None:
    scenario = load_scenario(write_scenario(tmp_path))
    assert len(scenario.input_digest) == 64 and int(scenario.input_digest, 16) >= 0
    assert input_digest(scenario) == scenario.input_digest  # the stored digest is left out
    shuffled = scenario.model_copy(update={"objects": scenario.objects[::-1], "inspectors": scenario.inspectors[::-1]})
    assert input_digest(shuffled) == scenario.input_digest


def test_explicit_defaults_give_the_same_digest(tmp_path: Path) -> None:
    explicit = VALID_TOML + (
        "[quota]\nspecial = 0.50\nkey = 0.25\ngeneral = 0.15\npositive = 1.0\n"
        "[credit_risk]\nmultipliers = { A = 0.5, B = 1.0, C = 1.5, D = 3.0 }\nmin_share = 0.80\n"
        "[teams]\nmode = 'standing'\nsize = 2\noffsite_size = 1\noffsite_weight = 0.25\n"
        "[solver]\ntime_limit = 60\nworkers = 0\n"
    )
    assert digest_of(tmp_path / "a") == digest_of(tmp_path / "b", toml=explicit)


def test_same_digest_across_format_encoding_language_and_spelling(tmp_path: Path) -> None:
    plain = digest_of(tmp_path / "plain")
    tables = valid_tables()
    tables["objects"][0].update(tier="重点监管对象", credit_risk="较高", items="HJ-02、HJ-01")
    tables["objects"][2].update(confidential="是", offsite_capable="Y", object_id="Ｏ３")
    tables["inspectors"][0]["specialties"] = " 水；大气 "
    tables["history"][0]["mode"] = "现场检查"
    for rows in tables.values():
        rows.reverse()
    other = digest_of(
        tmp_path / "other", tables=tables, xlsx=["objects", "history"],
        chinese=["objects", "inspectors", "conflicts"], encoding="gb18030",
    )  # fmt: skip
    assert other == plain


@pytest.mark.parametrize(
    ("table", "field", "value"),
    [("objects", "name", "甲厂 "), ("objects", "name", "甲厂2"), ("objects", "tier", "special"),
     ("objects", "credit_risk", "D"), ("objects", "offsite_capable", "true"),
     ("objects", "items", "HJ-01"), ("objects", "clue", "投诉"), ("objects", "object_id", "O9"),
     ("objects", "partner_departments", "应急管理"), ("objects", "confidential", "true"),
     ("inspectors", "capacity", "5"), ("inspectors", "specialties", "大气"),
     ("inspectors", "available", "false"), ("inspectors", "home_township", "范庄镇"),
     ("items", "specialty", "固废"), ("items", "legal_basis", "依据"),
     ("conflicts", "reason", "同学"), ("history", "period", "2024Q3"),
     ("history", "inspector_ids", "I1"), ("history", "mode", "offsite")],
)  # fmt: skip
def test_any_changed_value_changes_the_digest(tmp_path: Path, table: str, field: str, value: str) -> None:
    tables = valid_tables()
    before = tables[table][0][field]
    tables[table][0][field] = value
    if field == "object_id":
        tables["history"][0]["object_id"] = "O9"  # keep the folder valid
        tables["conflicts"][0]["object_id"] = "O2"
    changed = digest_of(tmp_path / "changed", tables=tables)
    if value.strip() == str(before).strip():
        assert changed == digest_of(tmp_path / "same")  # spaces around do not count
    else:
        assert changed != digest_of(tmp_path / "same")


@pytest.mark.parametrize(
    "extra",
    ["[quota]\ngeneral = 0.16\n", "[teams]\nmode = 'per_check'\n", "[solver]\nworkers = 1\n",
     "[credit_risk]\nmultipliers = { D = 2.9 }\n", "[avoidance]\nown_township = true\n",
     "[[directed]]\nname = 'x'\ncount = 1\n"],
)  # fmt: skip
def test_any_changed_rule_changes_the_digest(tmp_path: Path, extra: str) -> None:
    assert digest_of(tmp_path / "a") != digest_of(tmp_path / "b", toml=VALID_TOML + extra)


def test_seed_and_name_are_part_of_the_digest(tmp_path: Path) -> None:
    base = digest_of(tmp_path / "a")
    assert base != digest_of(tmp_path / "b", toml=VALID_TOML.replace("seed = 7", "seed = 8"))
    assert base != digest_of(tmp_path / "c", toml=VALID_TOML.replace("测试场景", "测试场景2"))


# ---------------------------------------------------------------- property test

TIER_WORDS = {t: [t.value, t.zh, t.zh[:2] if t is not Tier.POSITIVE else "正面清单"] for t in Tier}
RISK_WORDS = {r: [r.value, r.value.lower(), r.zh] for r in CreditRisk}
BOOL_WORDS = {True: ["true", "1", "是", "Y", "yes"], False: ["false", "0", "否", "n", "No"]}
SEPARATORS = [";", "；", "、", " ; "]
SPECIALTIES = ["大气", "水", "固废", "噪声"]


@st.composite
def scenarios(draw: st.DrawFn) -> dict[str, list[dict[str, object]]]:
    """Random valid data, as semantic values (rendered into cells by `render`)."""
    item_ids = draw(st.lists(st.sampled_from([f"HJ-{i:02d}" for i in range(1, 9)]),
                             min_size=1, max_size=4, unique=True))  # fmt: skip
    items = [{"item_id": i, "name": f"事项{i}", "specialty": draw(st.sampled_from(SPECIALTIES))}
             for i in item_ids]  # fmt: skip
    object_ids = draw(st.lists(st.from_regex(r"[A-Z][0-9]{1,3}", fullmatch=True),
                               min_size=1, max_size=6, unique=True))  # fmt: skip
    objects = [
        {"object_id": o, "name": f"企业{o}", "township": draw(st.sampled_from(["甲镇", "乙乡"])),
         "industry": "汽修", "tier": draw(st.sampled_from(list(Tier))),
         "credit_risk": draw(st.sampled_from(list(CreditRisk))),
         "offsite_capable": draw(st.booleans()),
         "items": draw(st.lists(st.sampled_from(item_ids), min_size=1, unique=True)),
         "partner_departments": draw(st.lists(st.sampled_from(["市场监管", "应急管理"]),
                                              unique=True))}
        for o in object_ids
    ]  # fmt: skip
    inspector_ids = [f"P{i}" for i in range(draw(st.integers(1, 4)))]
    inspectors = [
        {"inspector_id": i, "name": f"人员{i}", "unit": draw(st.sampled_from(["执法", "监测"])),
         "specialties": draw(st.lists(st.sampled_from(SPECIALTIES), unique=True)),
         "certified": draw(st.booleans()), "capacity": draw(st.integers(0, 9))}
        for i in inspector_ids
    ]  # fmt: skip
    pairs = st.tuples(st.sampled_from(inspector_ids), st.sampled_from(object_ids))
    conflicts = [{"inspector_id": i, "object_id": o}
                 for i, o in draw(st.lists(pairs, max_size=2, unique=True))]  # fmt: skip
    history = [
        {"period": f"2024Q{draw(st.integers(1, 4))}",
         "object_id": draw(st.sampled_from(object_ids)),
         "inspector_ids": draw(st.lists(st.sampled_from(inspector_ids), unique=True)),
         "mode": draw(st.sampled_from(["onsite", "offsite"]))}
        for _ in range(draw(st.integers(0, 2)))
    ]  # fmt: skip
    return {"objects": objects, "inspectors": inspectors, "items": items,
            "conflicts": conflicts, "history": history}  # fmt: skip


def render(data: dict[str, list[dict[str, object]]], draw: st.DrawFn | None) -> dict[str, Rows]:
    """Cells as a user might write them; `draw` None gives the plain English spelling."""

    def pick(choices: list) -> object:
        return choices[0] if draw is None else draw(st.sampled_from(choices))

    def cell(key: str, value: object) -> object:
        if isinstance(value, Tier):
            return pick(TIER_WORDS[value])
        if isinstance(value, CreditRisk):
            return pick(RISK_WORDS[value])
        if isinstance(value, bool):
            return pick(BOOL_WORDS[value])
        if isinstance(value, list):
            # The order of partner departments is data (contract v2); other lists are sets.
            ordered = draw is None or key == "partner_departments"
            order = value if ordered else draw(st.permutations(value))
            return str(pick(SEPARATORS)).join(order)
        return value

    tables = {name: [{k: cell(k, v) for k, v in row.items()} for row in rows]
              for name, rows in data.items()}  # fmt: skip
    if draw is not None:
        tables = {name: draw(st.permutations(rows)) for name, rows in tables.items()}
    return tables


@settings(max_examples=25, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(data=scenarios(), presentation=st.data())
def test_digest_ignores_presentation_and_sees_changes(data, presentation) -> None:
    draw = presentation.draw
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(tmp)
        plain = digest_of(root / "plain", tables=render(data, None))
        xlsx = draw(st.sets(st.sampled_from(TABLES)))
        chinese = draw(st.sets(st.sampled_from(TABLES)))
        encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gb18030"]))
        shown = render(data, draw)
        other = digest_of(root / "other", tables=shown, xlsx=xlsx, chinese=chinese, encoding=encoding)
        assert other == plain
        # One changed value: an object's name, or an inspector's capacity.
        changed = render(data, None)
        if draw(st.booleans()):
            changed["objects"][0]["name"] = f"{changed['objects'][0]['name']}改"
        else:
            changed["inspectors"][0]["capacity"] = int(changed["inspectors"][0]["capacity"]) + 1
        assert digest_of(root / "changed", tables=changed) != plain


def test_partner_order_is_data(tmp_path: Path) -> None:
    """Contract v2: the first listed partner department joins the checks, so order counts."""
    tables = valid_tables()
    tables["objects"][0]["partner_departments"] = "市场监管、应急管理"
    first = digest_of(tmp_path / "a", tables=tables)
    tables["objects"][0]["partner_departments"] = "应急管理；市场监管"
    assert digest_of(tmp_path / "b", tables=tables) != first


def test_digest_computed_beside_the_planner_is_the_loaded_one(
    scenarios_dir: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`plan` loads without the digest, a child computes it while the planner runs, and the plan and
    the scenario get it after: the same digest as an eager load, the warnings not computed again."""
    from shuangsui.app import plan as app_plan
    from shuangsui.models import data_warnings
    from shuangsui.reports.background import Background

    folder = scenarios_dir / "zhaoxian-2025Q1"
    eager = load_scenario(folder)
    lazy = load_scenario(folder, digest=False)
    assert lazy.input_digest == "" and lazy.model_copy(update={"input_digest": eager.input_digest}) == eager
    small, now = app_plan.digest_beside(lazy)  # below DIGEST_APART objects: computed here, now
    assert small == eager and now._process is None and now.result() == eager.input_digest
    monkeypatch.setattr(app_plan, "DIGEST_APART", 0)  # the county is small: computed in a child all the same
    same, pending = app_plan.digest_beside(lazy)
    assert same is lazy and isinstance(pending, Background) and pending._process is not None
    warnings = data_warnings.scenario_warnings(lazy)
    result = app_plan.plan_period(lazy)
    assert result.plan is not None and result.plan.input_digest == ""
    monkeypatch.setattr(data_warnings, "specialty_warnings", lambda _: pytest.fail("warnings computed again"))
    scenario, digested = app_plan.with_input_digest(lazy, result, pending.result())
    assert scenario == eager and digested.plan is not None
    assert digested.plan.input_digest == eager.input_digest
    assert digested.plan.to_json() == app_plan.plan_period(eager).plan.to_json()  # type: ignore[union-attr]
    assert data_warnings.scenario_warnings(scenario) == warnings
    assert app_plan.digest_beside(eager)[1].result() == eager.input_digest  # an eager load's own digest
