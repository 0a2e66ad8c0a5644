"""Every user mistake is a Problem naming the file, row and column; all are listed at once."""

from __future__ import annotations

from pathlib import Path

import pytest
from fixtures.scenario_builder import (
    BROKEN,
    VALID_TOML,
    Rows,
    valid_tables,
    write_scenario,
    write_table,
)
from shuangsui.models import Problem, ScenarioInvalid, load_scenario


def problems_of(folder: Path) -> list[Problem]:
    with pytest.raises(ScenarioInvalid) as caught:
        load_scenario(folder)
    assert str(caught.value).startswith("场景数据有")  # renders without error
    return caught.value.problems


def only(folder: Path) -> Problem:
    problems = problems_of(folder)
    assert len(problems) == 1, problems
    return problems[0]


def assert_problem(problems: list[Problem], file: str, row: int | None, column: str | None, *words: str) -> Problem:
    """The one problem at (file, row, column); its message contains every word."""
    found = [p for p in problems if (p.file, p.row, p.column) == (file, row, column)]
    assert found, f"no problem at {(file, row, column)} among {problems}"
    match = [p for p in found if all(w in p.message for w in words)]
    assert match, f"{words} not in {found}"
    return match[0]


def broken_table(tmp_path: Path, table: str, row: int, field: str, value: object, **kw: object):
    """The valid scenario with one cell of one table changed (row 0 = first record)."""
    tables = valid_tables()
    tables[table][row][field] = value
    return write_scenario(tmp_path, tables=tables, **kw)  # type: ignore[arg-type]


def broken_toml(tmp_path: Path, extra: str) -> Path:
    return write_scenario(tmp_path, toml=VALID_TOML + extra)


# ---------------------------------------------------------------- the folder and its files


def test_missing_folder(tmp_path: Path) -> None:
    problem = only(tmp_path / "nowhere")
    assert problem.file == str(tmp_path / "nowhere") and "not found" in problem.message


def test_folder_is_a_file(tmp_path: Path) -> None:
    (tmp_path / "f").write_text("x")
    assert "not a folder" in only(tmp_path / "f").message


@pytest.mark.parametrize("table", ["objects", "inspectors", "items"])
def test_missing_required_table(tmp_path: Path, table: str) -> None:
    tables = valid_tables()
    del tables[table]
    if table == "objects":
        del tables["conflicts"]  # they would name objects that do not exist
    problem = only(write_scenario(tmp_path, tables=tables))
    assert (problem.file, problem.row, problem.column) == (f"{table}.csv", None, None)
    assert "missing required file" in problem.message and f"{table}.xlsx" in problem.message


def test_missing_scenario_toml(tmp_path: Path) -> None:
    problem = only(write_scenario(tmp_path, toml=None))
    assert problem.file == "scenario.toml" and "missing required file" in problem.message


def test_ambiguous_csv_and_xlsx(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    write_table(tmp_path / "objects.xlsx", valid_tables()["objects"])
    problem = only(tmp_path)
    assert problem.file == "objects.csv, objects.xlsx" and "ambiguous" in problem.message


def test_old_xls_format(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").rename(tmp_path / "items.xls")
    problems = problems_of(tmp_path)
    assert_problem(problems, "items.xls", None, None, "unsupported format")


def test_damaged_xlsx(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").unlink()
    (tmp_path / "items.xlsx").write_bytes(b"PK\x03\x04 not really a zip")
    problems = problems_of(tmp_path)
    assert_problem(problems, "items.xlsx", None, None, "unreadable file")


@pytest.mark.parametrize(
    ("data", "code"),
    [(b"\xff\xfei\x00t\x00", "UTF-16"), (b"item_id\n\x81\x20\x81\x20\n", "unknown encoding")],
)
def test_unreadable_encoding(tmp_path: Path, data: bytes, code: str) -> None:
    write_scenario(tmp_path)
    (tmp_path / "items.csv").write_bytes(data)
    assert_problem(problems_of(tmp_path), "items.csv", None, None, code)


def test_empty_file_has_no_header(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    (tmp_path / "inspectors.csv").write_bytes(b"")
    assert_problem(problems_of(tmp_path), "inspectors.csv", 1, None, "missing header row")


def test_required_table_without_records(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["items"] = []
    problems = problems_of(write_scenario(tmp_path, tables=tables))
    assert_problem(problems, "items.csv", None, None, "no records")


# ---------------------------------------------------------------- headers


def test_missing_required_column_english(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["inspectors"]:
        del row["capacity"]
    problem = only(write_scenario(tmp_path, tables=tables))
    assert (problem.file, problem.row, problem.column) == ("inspectors.csv", 1, "capacity")
    assert "missing required column" in problem.message and "季度检查上限" in problem.message


def test_missing_required_column_chinese(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["objects"]:
        del row["tier"]
    problem = only(write_scenario(tmp_path, tables=tables, chinese=["objects"]))
    assert (problem.file, problem.row, problem.column) == ("objects.csv", 1, "监管类别")
    assert "missing required column" in problem.message


def test_duplicate_header(tmp_path: Path) -> None:
    tables = valid_tables()
    for row in tables["objects"]:
        row["单位名称"] = row["name"]
    problem = only(write_scenario(tmp_path, tables=tables))
    assert (problem.file, problem.row, problem.column) == ("objects.csv", 1, "单位名称")
    assert "duplicate column" in problem.message and "name" in problem.message


def test_more_cells_than_header(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    path = tmp_path / "items.csv"
    path.write_text(path.read_text(encoding="utf-8") + "HJ-03,名称,大气,依据,多余\n", "utf-8")
    assert_problem(problems_of(tmp_path), "items.csv", 4, None, "more cells than header")


# ---------------------------------------------------------------- cells


@pytest.mark.parametrize(
    ("table", "field", "value", "header", "code"),
    [
        ("objects", "tier", "speical", "监管类别", "invalid tier"),
        ("objects", "credit_risk", "E", "信用风险等级", "invalid credit risk"),
        ("objects", "offsite_capable", "也许", "具备非现场监管条件", "invalid boolean"),
        ("objects", "confidential", "2", "涉密", "invalid boolean"),
        ("inspectors", "certified", "maybe", "持执法证", "invalid boolean"),
        ("inspectors", "capacity", "-1", "季度检查上限", "negative value"),
        ("inspectors", "capacity", "2.5", "季度检查上限", "not an integer"),
        ("inspectors", "capacity", "三", "季度检查上限", "not an integer"),
        ("inspectors", "capacity", "", "季度检查上限", "required value missing"),
        ("objects", "name", "  ", "单位名称", "required value missing"),
        ("objects", "items", " ; ", "抽查事项", "object has no items"),
        ("items", "specialty", "", "所需专业", "required value missing"),
        ("history", "period", "2024Q5", "期间", "invalid period"),
        ("history", "period", "2024-4", "期间", "invalid period"),
        ("history", "mode", "飞行检查", "检查方式", "invalid mode"),
        ("conflicts", "object_id", "", "对象编号", "required value missing"),
    ],
)
def test_bad_cell(tmp_path: Path, table: str, field: str, value: str, header: str, code: str) -> None:
    for chinese, column in ((False, field), (True, header)):
        folder = broken_table(
            tmp_path / str(chinese), table, 1 if len(valid_tables()[table]) > 1 else 0, field,
            value, chinese=[table] if chinese else [],
        )  # fmt: skip
        row = 3 if len(valid_tables()[table]) > 1 else 2
        problem = only(folder)
        assert (problem.file, problem.row, problem.column) == (f"{table}.csv", row, column)
        assert code in problem.message


def test_a_bad_cell_repeated_is_reported_on_every_row(tmp_path: Path) -> None:
    """A column's parsed texts are remembered (loading speed): a bad text stays bad on each row."""
    tables = valid_tables()
    for record in tables["objects"]:
        record["confidential"] = "也许"
    problems = problems_of(write_scenario(tmp_path, tables=tables))
    rows = sorted(p.row for p in problems if p.column == "confidential")
    assert rows == [2, 3, 4]
    assert all("invalid boolean" in p.message for p in problems)


def test_tier_message_lists_the_choices(tmp_path: Path) -> None:
    problem = only(broken_table(tmp_path, "objects", 0, "tier", "speical"))
    assert problem.message == (
        "监管类别取值无效 (invalid tier): 'speical'; 应为 special/key/general/positive 或 "
        "特殊监管对象/重点监管对象/一般监管对象/正面清单企业"
    )


def test_row_numbers_count_blank_rows_like_a_spreadsheet(tmp_path: Path) -> None:
    write_scenario(tmp_path)
    path = tmp_path / "items.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    path.write_text("\n".join([lines[0], "", ",,,", lines[1], "HJ-03,名称,,"]) + "\n", "utf-8")
    assert_problem(problems_of(tmp_path), "items.csv", 5, "specialty", "required value missing")


def test_xlsx_problem_positions(tmp_path: Path) -> None:
    folder = broken_table(tmp_path, "objects", 2, "tier", "未知", xlsx=["objects"])
    problem = only(folder)
    assert (problem.file, problem.row, problem.column) == ("objects.xlsx", 4, "tier")


# ---------------------------------------------------------------- across rows and files


@pytest.mark.parametrize(
    ("table", "key"),
    [("objects", "object_id"), ("inspectors", "inspector_id"), ("items", "item_id")],
)
def test_duplicate_ids(tmp_path: Path, table: str, key: str) -> None:
    tables = valid_tables()
    first = tables[table][0][key]
    tables[table][1][key] = f" {first} "  # the same id after stripping
    if table == "objects":
        tables["conflicts"] = []
    problems = problems_of(write_scenario(tmp_path, tables=tables))
    assert_problem(problems, f"{table}.csv", 3, key, "duplicate id", "2、3")
    # a duplicated item id means the second id (HJ-02) is gone: objects naming it are told so
    assert len(problems) == (3 if table == "items" else 1)


def test_duplicate_full_width_id(tmp_path: Path) -> None:
    problem = only(broken_table(tmp_path, "inspectors", 2, "inspector_id", "Ｉ１"))
    assert (problem.row, problem.column) == (4, "inspector_id") and "'I1'" in problem.message


def test_unknown_item_on_object(tmp_path: Path) -> None:
    problem = only(broken_table(tmp_path, "objects", 1, "items", "HJ-01;HJ-03", chinese=["objects"]))
    assert (problem.file, problem.row, problem.column) == ("objects.csv", 3, "抽查事项")
    assert "unknown item id" in problem.message and "'HJ-03'" in problem.message
    assert "did you mean" not in problem.message  # HJ-03 is not a typo of HJ-01 or HJ-02 (issue 8)


@pytest.mark.parametrize("typed", ["HJ-O1", "hj01", "HJ-1", "HJ_01"])
def test_unknown_item_that_is_a_typo_gets_a_hint(tmp_path: Path, typed: str) -> None:
    problem = only(broken_table(tmp_path, "objects", 1, "items", typed))
    assert "unknown item id" in problem.message and "did you mean 'HJ-01'" in problem.message


@pytest.mark.parametrize(("field", "code"), [("inspector_id", "inspector"), ("object_id", "object")])
def test_unknown_ids_in_conflicts(tmp_path: Path, field: str, code: str) -> None:
    problem = only(broken_table(tmp_path, "conflicts", 0, field, "X9"))
    assert (problem.file, problem.row, problem.column) == ("conflicts.csv", 2, field)
    assert f"unknown {code} id" in problem.message


def test_history_may_name_ids_that_no_longer_exist(tmp_path: Path) -> None:
    tables = valid_tables()
    tables["history"][0].update(object_id="GONE", inspector_ids="LEFT1;LEFT2")
    assert load_scenario(write_scenario(tmp_path, tables=tables)).history[0].object_id == "GONE"


def test_a_bad_id_row_does_not_cascade(tmp_path: Path) -> None:
    # O2's row has a bad tier, but O2 still exists for the conflict that names it.
    problem = only(broken_table(tmp_path, "objects", 1, "tier", "??"))
    assert (problem.row, problem.column) == (3, "tier")


# ---------------------------------------------------------------- scenario.toml


def test_bad_toml_syntax(tmp_path: Path) -> None:
    problem = only(broken_toml(tmp_path, "[quota\ngeneral = 0.1\n"))
    assert (problem.file, problem.row) == ("scenario.toml", 4)
    assert "invalid TOML syntax" in problem.message


@pytest.mark.parametrize(
    ("extra", "row", "column", "hint"),
    [
        ("[qouta]\ngeneral = 0.2\n", 4, "qouta", "'quota'"),
        ("[quota]\ngenral = 0.2\n", 5, "quota.genral", "'general'"),
        ("sed = 3\n", 4, "sed", "'seed'"),
        ("[teams]\nsise = 3\n", 5, "teams.sise", "'size'"),
        ("[[directed]]\nname = 'x'\ncount = 1\nindustry = ['a']\n", 7, "directed.industry",
         "'industries'"),
        ("quota = { special = 0.5, gneral = 0.1 }\n", 4, "quota.gneral", "'general'"),
    ],
)  # fmt: skip
def test_unknown_keys(tmp_path: Path, extra: str, row: int, column: str, hint: str) -> None:
    problem = only(broken_toml(tmp_path, extra))
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", row, column)
    assert "unknown key" in problem.message and f"did you mean {hint}" in problem.message


@pytest.mark.parametrize(
    ("extra", "row", "column", "code"),
    [
        ("[quota]\nspecial = 1.5\n", 5, "quota.special", "<= 1"),
        ("[quota]\nkey = -0.1\n", 5, "quota.key", ">= 0"),
        ("[quota]\ngeneral = 2\n", 5, "quota.general", "<= 1"),
        ("[quota]\npositive = 1.01\n", 5, "quota.positive", "<= 1"),
        ("[quota]\ngeneral = '0.15'\n", 5, "quota.general", "must be a number"),
        ("[teams]\nsize = 1\n", 5, "teams.size", ">= 2"),
        ("[teams]\noffsite_size = 0\n", 5, "teams.offsite_size", ">= 1"),
        ("[teams]\noffsite_weight = -1\n", 5, "teams.offsite_weight", ">= 0"),
        ("[teams]\nmode = 'fixed'\n", 5, "teams.mode", "invalid value"),
        ("[teams]\nsize = 2.5\n", 5, "teams.size", "must be an integer"),
        ("[credit_risk]\nmin_share = 1.2\n", 5, "credit_risk.min_share", "<= 1"),
        ("[credit_risk]\nmin_share = true\n", 5, "credit_risk.min_share", "must be a number"),
        ("[credit_risk]\nmultipliers = { A = -1 }\n", 5, "credit_risk.multipliers.A",
         "negative multiplier"),
        ("[credit_risk]\nmultipliers = { E = 1 }\n", 5, "credit_risk.multipliers.E",
         "unknown credit class"),
        ("[credit_risk]\nmultipliers = { B = 'x' }\n", 5, "credit_risk.multipliers.B",
         "must be a number"),
        ("[credit_risk]\n[credit_risk.multipliers]\nA = 1\nC = -2\n", 7,
         "credit_risk.multipliers.C", "negative multiplier"),
        ("[joint]\ninternal_min_share = -0.3\n", 5, "joint.internal_min_share", ">= 0"),
        ("[joint]\ninter_department_min = -1\n", 5, "joint.inter_department_min", ">= 0"),
        ("[avoidance]\nrepeat_window = -1\n", 5, "avoidance.repeat_window", ">= 0"),
        ("[avoidance]\nannual_cap = 1.5\n", 5, "avoidance.annual_cap", "must be an integer"),
        ("[avoidance]\nown_township = 'maybe'\n", 5, "avoidance.own_township", "boolean"),
        ("[avoidance]\nannual_cap_counts = 'offsite'\n", 5, "avoidance.annual_cap_counts", "onsite"),
        ("[solver]\ntime_limit = 0\n", 5, "solver.time_limit", "> 0"),
        ("[solver]\nworkers = -1\n", 5, "solver.workers", ">= 0"),
        ("quota = 0.5\n", 4, "quota", "must be a table"),
        ("[directed]\nname = 'x'\ncount = 1\n", 4, "directed", "array of tables"),
    ],
)  # fmt: skip
def test_bad_rule_values(tmp_path: Path, extra: str, row: int, column: str, code: str) -> None:
    problem = only(broken_toml(tmp_path, extra))
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", row, column)
    assert code in problem.message


@pytest.mark.parametrize(
    ("block", "row", "column", "code"),
    [
        ("count = 1\n", 4, "directed.name", "missing required key"),
        ("name = ''\ncount = 1\n", 5, "directed.name", "must not be empty"),
        ("name = 'x'\n", 4, "directed.count", "missing required key"),
        ("name = 'x'\ncount = -1\n", 6, "directed.count", ">= 0"),
        ("name = 'x'\ncount = 1.5\n", 6, "directed.count", "must be an integer"),
        ("name = 'x'\ncount = 1\ntiers = ['一般', 'speical']\n", 7, "directed.tiers",
         "invalid tier"),
        ("name = 'x'\ncount = 1\nindustries = [1]\n", 7, "directed.industries", "string"),
    ],
)  # fmt: skip
def test_bad_directed_block(tmp_path: Path, block: str, row: int, column: str, code: str) -> None:
    problem = only(broken_toml(tmp_path, "[[directed]]\n" + block))
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", row, column)
    assert code in problem.message and "第1个 [[directed]] 块" in problem.message


def test_duplicate_directed_names(tmp_path: Path) -> None:
    extra = "[[directed]]\nname = 'VOCs'\ncount = 1\n[[directed]]\nname = ' VOCs'\ncount = 2\n"
    problem = only(broken_toml(tmp_path, extra))
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", 8, "directed.name")
    assert "duplicate directed name" in problem.message and "第2个" in problem.message


@pytest.mark.parametrize("key", ["name", "period", "seed"])
def test_missing_required_key(tmp_path: Path, key: str) -> None:
    toml = "\n".join(line for line in VALID_TOML.splitlines() if not line.startswith(key))
    problem = only(write_scenario(tmp_path, toml=toml))
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", None, key)
    assert "missing required key" in problem.message


@pytest.mark.parametrize(
    ("line", "code"),
    [('period = "2025Q5"', "invalid period"), ('period = "2025-1"', "invalid period"),
     ("period = 2025", "string"), ("seed = -1", ">= 0"), ("seed = 1.5", "must be an integer"),
     ('seed = "7"', "must be a number"), ('name = ""', "must not be empty")],
)  # fmt: skip
def test_bad_required_values(tmp_path: Path, line: str, code: str) -> None:
    key = line.split()[0]
    toml = "\n".join(line if old.startswith(key) else old for old in VALID_TOML.splitlines())
    problem = only(write_scenario(tmp_path, toml=toml))
    row = {"name": 1, "period": 2, "seed": 3}[key]
    assert (problem.file, problem.row, problem.column) == ("scenario.toml", row, key)
    assert code in problem.message


# ---------------------------------------------------------------- all at once


def _many_errors(tmp_path: Path) -> Path:
    tables: dict[str, Rows] = valid_tables()
    tables["objects"][0]["tier"] = "speical"
    tables["objects"][2]["items"] = "HJ-09"
    tables["inspectors"][1]["capacity"] = "-2"
    tables["items"][1]["item_id"] = "HJ-01"
    tables["history"][0]["mode"] = "walk"
    toml = VALID_TOML.replace("2025Q1", "2025Q7") + "[qouta]\n[teams]\nsize = 1\n"
    return write_scenario(tmp_path, tables=tables, toml=toml, chinese=["inspectors"])


def test_all_problems_at_once(tmp_path: Path) -> None:
    problems = problems_of(_many_errors(tmp_path))
    assert_problem(problems, "objects.csv", 2, "tier", "invalid tier")
    assert_problem(problems, "objects.csv", 4, "items", "unknown item id")
    assert_problem(problems, "inspectors.csv", 3, "季度检查上限", "negative value")
    assert_problem(problems, "items.csv", 3, "item_id", "duplicate id")
    assert_problem(problems, "history.csv", 2, "mode", "invalid mode")
    assert_problem(problems, "scenario.toml", 2, "period", "invalid period")
    assert_problem(problems, "scenario.toml", 4, "qouta", "unknown key")
    assert_problem(problems, "scenario.toml", 6, "teams.size", ">= 2")
    assert_problem(problems, "objects.csv", 2, "items", "unknown item id", "'HJ-02'")
    assert len(problems) == 9


# ---------------------------------------------------------------- committed broken scenarios

EXPECTED = {
    "many_errors": [
        ("objects.csv", 2, "监管类别", "invalid tier"),
        ("objects.csv", 3, "对象编号", "duplicate id"),
        ("objects.csv", 3, "抽查事项", "unknown item id"),
        ("inspectors.csv", 2, "季度检查上限", "not an integer"),
        ("inspectors.csv", 3, "持执法证", "invalid boolean"),
        ("items.csv", 3, "所需专业", "required value missing"),
        ("conflicts.csv", 2, "人员编号", "unknown inspector id"),
        ("history.csv", 2, "期间", "invalid period"),
        ("scenario.toml", 3, "seed", ">= 0"),
        ("scenario.toml", 6, "quota.genral", "unknown key"),
        ("scenario.toml", 11, "directed.count", "missing required key"),
    ],
    "toml_typos": [
        ("scenario.toml", 5, "qouta", "unknown key"),
        ("scenario.toml", 9, "credit_risk.multipliers.E", "unknown credit class"),
        ("scenario.toml", 12, "teams.sise", "unknown key"),
        ("scenario.toml", 15, "solver.time_limit", "> 0"),
    ],
    "gbk_bad_tier": [
        ("objects.csv", 3, "监管类别", "invalid tier"),
        ("objects.csv", 4, "信用风险等级", "invalid credit risk"),
    ],
    "ambiguous_files": [
        ("items.csv, items.xlsx", None, None, "ambiguous"),
        ("inspectors.csv", 1, "capacity", "missing required column"),
    ],
}


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_committed_broken_scenario(name: str) -> None:
    problems = problems_of(BROKEN / name)
    for file, row, column, code in EXPECTED[name]:
        assert_problem(problems, file, row, column, code)
    assert len(problems) == len(EXPECTED[name]), problems


def test_committed_broken_scenarios_are_all_tested() -> None:
    assert sorted(p.name for p in BROKEN.iterdir() if p.is_dir()) == sorted(EXPECTED)


def test_gbk_fixture_really_is_gbk() -> None:
    data = (BROKEN / "gbk_bad_tier" / "objects.csv").read_bytes()
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert "对象编号" in data.decode("gb18030")
