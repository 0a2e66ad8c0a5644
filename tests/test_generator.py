"""The scenario generator: determinism, committed scenarios, realism ranges, sanity numbers."""

from __future__ import annotations

import os
import shlex
import subprocess
import sys
import tomllib
from collections import Counter
from fractions import Fraction
from pathlib import Path

import pytest
from shuangsui.models.domain import ScenarioRules
from shuangsui.models.enums import CREDIT_TIERS, CreditRisk, Tier
from shuangsui.models.loading import load_scenario
from shuangsui.scenarios import catalog
from shuangsui.scenarios.bundled import BUNDLED, HERE
from shuangsui.scenarios.files import COLUMNS, TABLES
from shuangsui.scenarios.generator import (
    USCC_ALPHABET,
    Options,
    _org_check,
    _uscc_check,
    build,
    command,
    generate,
)
from shuangsui.scenarios.sanity import ExpectedCounts, apportion, expected_counts

ROOT = HERE.parent
FILES = ("scenario.toml", *(f"{t}.csv" for t in TABLES))
SMALL = {"objects": 200, "inspectors": 12}


def folder_bytes(folder: Path) -> dict[str, bytes]:
    return {name: (folder / name).read_bytes() for name in FILES}


@pytest.fixture(scope="module")
def default() -> ExpectedCounts:
    return expected_counts(build(Options()))


# ---------------------------------------------------------------- determinism


def test_same_seed_gives_identical_bytes(tmp_path: Path) -> None:
    first = folder_bytes(generate(tmp_path / "a", seed=7, **SMALL))
    second = folder_bytes(generate(tmp_path / "b", seed=7, **SMALL))
    assert first == second


def test_different_seed_gives_different_files(tmp_path: Path) -> None:
    first = folder_bytes(generate(tmp_path / "a", seed=7, **SMALL))
    second = folder_bytes(generate(tmp_path / "b", seed=8, **SMALL))
    for name in ("objects.csv", "inspectors.csv", "conflicts.csv", "history.csv"):
        assert first[name] != second[name], name
    assert first["items.csv"] == second["items.csv"]  # the item list is fixed data


def test_independent_of_hash_randomisation(tmp_path: Path) -> None:
    """No set or dict order leaks into the files: other PYTHONHASHSEEDs give the same bytes."""
    outputs = []
    for hash_seed in ("1", "2"):
        out = tmp_path / hash_seed
        argv = [sys.executable, "-m", "shuangsui.scenarios.generator", str(out), "--quiet"]
        argv += ["--objects", "150", "--inspectors", "12", "--variant", "annual-cap"]
        env = {**os.environ, "PYTHONHASHSEED": hash_seed, "PYTHONPATH": str(ROOT)}
        subprocess.run(argv, check=True, cwd=ROOT, env=env)
        outputs.append(folder_bytes(out))
    assert outputs[0] == outputs[1]


# ---------------------------------------------------------------- committed scenarios


@pytest.mark.parametrize("bundled", BUNDLED, ids=lambda b: b.folder)
def test_committed_scenario_is_what_its_command_writes(bundled, tmp_path: Path) -> None:
    fresh = generate_like(bundled.options(), tmp_path / bundled.folder)
    assert folder_bytes(fresh) == folder_bytes(HERE / bundled.folder)


def generate_like(opts: Options, folder: Path) -> Path:
    return generate(
        folder,
        objects=opts.objects,
        inspectors=opts.inspectors,
        seed=opts.seed,
        team_mode=opts.team_mode,
        own_township=opts.own_township,
        document=opts.document,
        directed=opts.directed,
        variant=opts.variant,
        period=opts.period,
        name=opts.name,
        style=opts.style,
        encoding=opts.encoding,
    )


def test_readme_records_every_command() -> None:
    readme = (HERE / "README.md").read_text(encoding="utf-8")
    for bundled in BUNDLED:
        assert bundled.command() in readme
        toml = (HERE / bundled.folder / "scenario.toml").read_text(encoding="utf-8")
        assert toml.splitlines()[1] == "# " + shlex.join(command(bundled.options()))


@pytest.mark.parametrize("bundled", BUNDLED, ids=lambda b: b.folder)
def test_committed_scenario_loads_as_generated(bundled) -> None:
    """The project's loader validates each folder and reads back what the generator built."""
    loaded = load_scenario(HERE / bundled.folder)
    built = build(bundled.options())
    assert loaded.rules.name == built.rules.name
    for table in ("objects", "inspectors", "items", "conflicts", "history"):
        assert canonical(getattr(loaded, table)) == canonical(getattr(built, table)), table


def canonical(records) -> list:
    """Records independent of row order and of the order of lists inside cells."""
    rows = []
    for record in records:
        fields = record.model_dump()
        rows.append(sorted((k, sorted(v) if isinstance(v, tuple) else v) for k, v in fields.items()))
    return sorted(rows, key=repr)


# ---------------------------------------------------------------- realism of the default


def test_default_counts_in_range(default: ExpectedCounts) -> None:
    population = default.population
    assert 5 <= population[Tier.SPECIAL] <= 20
    assert 20 <= population[Tier.KEY] <= 40
    assert 10 <= population[Tier.POSITIVE] <= 30
    assert 300 <= population[Tier.GENERAL] <= 600
    special, general = default.strata[Tier.SPECIAL], default.strata[Tier.GENERAL]
    assert general[CreditRisk.A] + general[CreditRisk.B] > 4 * (general[CreditRisk.C] + general[CreditRisk.D])
    assert special[CreditRisk.C] + special[CreditRisk.D] > special[CreditRisk.A] + special[CreditRisk.B]
    scenario = default.scenario
    assert 20 <= len(scenario.inspectors) <= 30
    assert 3 <= len({i.unit for i in scenario.inspectors}) <= 4
    assert 1 <= sum(not i.eligible for i in scenario.inspectors) <= 3
    assert 8 <= len(scenario.conflicts) <= 15
    assert 12 <= len(scenario.items) <= 20
    assert all(1 <= len(o.items) <= 3 for o in scenario.objects)
    assert {o.township for o in scenario.objects} == set(catalog.TOWNSHIPS)


def test_default_tags(default: ExpectedCounts) -> None:
    objects = default.scenario.objects
    key_general = [o for o in objects if o.tier in (Tier.KEY, Tier.GENERAL)]
    share = Fraction(sum(o.offsite_capable for o in key_general), len(key_general))
    assert Fraction(3, 10) <= share <= Fraction(45, 100)
    assert 2 <= sum(bool(o.clue) for o in objects) <= 30
    assert 1 <= sum(o.confidential for o in objects) <= 10
    assert 10 <= sum(bool(o.partner_departments) for o in objects) <= 100
    hospitals = [o for o in objects if o.industry == catalog.HOSPITAL]
    assert any(catalog.XRAY_ITEM in o.items for o in hospitals)


def test_credit_codes_unique_and_valid(default: ExpectedCounts) -> None:
    codes = [o.object_id for o in default.scenario.objects]
    assert len(set(codes)) == len(codes)
    for code in codes:
        assert len(code) == 18 and code.startswith("91130133")
        assert set(code) <= set(USCC_ALPHABET)
        assert _org_check(code[8:16]) == code[16]
        assert _uscc_check(code[:17]) == code[17]


def test_check_characters_of_real_codes() -> None:
    for code in ("91330100716105852F", "9144030071526726XG"):
        assert _org_check(code[8:16]) == code[16] and _uscc_check(code[:17]) == code[17]


def test_default_history(default: ExpectedCounts) -> None:
    scenario = default.scenario
    assert {h.period for h in scenario.history} == {"2024Q3", "2024Q4"}
    known = {o.object_id for o in scenario.objects}
    assert 1 <= len({h.object_id for h in scenario.history} - known) <= 10  # since closed
    people = Counter(i for h in scenario.history for i in h.inspector_ids)
    current = {i.inspector_id for i in scenario.inspectors}
    assert set(people) - current, "people who left appear in the history"
    assert sum(n for i, n in people.items() if i in current) > sum(people.values()) / 2
    for h in scenario.history:
        assert len(h.inspector_ids) == (2 if h.mode.value == "onsite" else 1)


# ---------------------------------------------------------------- sanity numbers


def test_apportionment_follows_the_contract_example() -> None:
    populations = {CreditRisk.A: 80, CreditRisk.B: 240, CreditRisk.C: 60, CreditRisk.D: 20}
    multipliers = {CreditRisk.A: Fraction(1, 2), CreditRisk.B: 1, CreditRisk.C: Fraction(3, 2)}
    multipliers[CreditRisk.D] = Fraction(3)
    assert apportion(60, populations, multipliers) == {
        CreditRisk.A: 6,
        CreditRisk.B: 33,
        CreditRisk.C: 13,
        CreditRisk.D: 8,
    }


def test_default_expected_checks(default: ExpectedCounts) -> None:
    assert default.tier_checks == {Tier.SPECIAL: 6, Tier.KEY: 8, Tier.GENERAL: 66}
    assert (default.positive_checks, default.directed_checks, default.total_checks) == (20, 5, 105)
    for tier in CREDIT_TIERS:
        rates = [
            Fraction(default.draws[tier][c], default.strata[tier][c]) for c in CreditRisk if default.strata[tier][c]
        ]
        assert rates[-1] >= rates[0], "higher risk is checked at a higher rate"


def test_default_is_comfortably_feasible(default: ExpectedCounts) -> None:
    assert default.credit_share >= Fraction(4, 5)
    assert default.onsite_max >= default.joint_needed  # 30 % of ALL checks by mixed on-site teams
    assert default.capacity_eligible >= Fraction(6, 5) * default.capacity_needed(default.onsite_max)
    assert not default.undrawable
    assert not default.short_strata
    for specialty in default.required_specialties:
        assert default.specialty_holders.get(specialty, 0) >= 3, specialty
    for block in default.scenario.rules.directed:
        assert default.directed_pool[block.name] >= 3 * block.count
    assert default.partner_drawable >= 1


@pytest.mark.parametrize("bundled", [b for b in BUNDLED if b.feasible], ids=lambda b: b.folder)
def test_feasible_scenarios_pass_the_sanity_checks(bundled) -> None:
    counts = expected_counts(build(bundled.options()))
    assert counts.credit_share >= Fraction(4, 5)
    assert counts.onsite_max >= counts.joint_needed
    assert counts.capacity_eligible >= counts.capacity_needed(counts.onsite_max)
    assert not counts.undrawable and not counts.short_strata
    assert all(counts.directed_pool[b.name] >= b.count for b in counts.scenario.rules.directed)


def infeasible(folder: str) -> ExpectedCounts:
    (bundled,) = [b for b in BUNDLED if b.folder == folder]
    assert not bundled.feasible
    return expected_counts(build(bundled.options()))


def test_missing_specialty_leaves_special_strata_short() -> None:
    counts = infeasible("infeasible-missing-specialty")
    assert counts.specialty_holders.get(catalog.RADIATION, 0) == 0
    assert {t for t, _ in counts.short_strata} == {Tier.SPECIAL}
    assert counts.capacity_eligible >= counts.capacity_needed(counts.onsite_max)


def test_capacity_shortfall_is_capacity_only() -> None:
    counts = infeasible("infeasible-capacity")
    assert counts.capacity_eligible < counts.capacity_needed(counts.onsite_min)
    assert not counts.undrawable and not counts.short_strata


def test_annual_cap_leaves_special_tier_short() -> None:
    counts = infeasible("infeasible-annual-cap")
    scenario = counts.scenario
    assert scenario.rules.period == "2025Q3"
    assert {h.period for h in scenario.history} == {"2025Q1", "2025Q2"}
    special = [o for o in scenario.objects if o.tier is Tier.SPECIAL]
    drawable = [o for o in special if o.object_id not in counts.undrawable]
    assert len(drawable) < counts.tier_checks[Tier.SPECIAL]
    reasons = Counter(counts.undrawable[o.object_id].split(":")[0] for o in special if o not in drawable)
    assert reasons["annual cap reached"] >= 3 and reasons["avoidance"] == 1
    assert counts.capacity_eligible >= counts.capacity_needed(counts.onsite_max)


def test_larger_scenarios_scale() -> None:
    counts = expected_counts(build(Options(objects=5000, inspectors=150, seed=3)))
    assert counts.population[Tier.KEY] == 300 and counts.population[Tier.SPECIAL] == 120
    assert len({o.object_id for o in counts.scenario.objects}) == 5000
    assert counts.credit_share >= Fraction(4, 5) and not counts.undrawable
    assert counts.capacity_eligible >= counts.capacity_needed(counts.onsite_max)


# ---------------------------------------------------------------- templates


def test_templates_have_chinese_headers_and_examples_apart() -> None:
    for table in TABLES:
        text = (HERE / "templates" / f"{table}.csv").read_text(encoding="utf-8-sig")
        example = (HERE / "templates" / "示例" / f"{table}.csv").read_text(encoding="utf-8-sig")
        header, *rows = text.splitlines()
        assert header.split(",") == [zh for _, zh in COLUMNS[table]]
        assert rows == [], "example rows would break a freshly pasted folder (issue 8)"
        assert example.splitlines()[0] == header and len(example.splitlines()) == 2


def test_template_rules_are_the_contract_defaults() -> None:
    data = tomllib.loads((HERE / "templates" / "scenario.toml").read_text(encoding="utf-8"))
    rules = ScenarioRules.model_validate(data)
    defaults = ScenarioRules(name=rules.name, period=rules.period, seed=rules.seed)
    assert rules == defaults
