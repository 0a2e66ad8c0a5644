"""Loading a scenario folder (data contract, sections 1-3): every problem found, or a `Scenario`.

`load_scenario` reads scenario.toml and the five tables, checks each cell, then the rows and files
against each other, and raises `ScenarioInvalid` with all problems at once. The scenario it returns
is canonical: records sorted by id, order-free lists sorted (see `models.digest`), so two folders
with the same digest give the very same `Scenario`.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path
from typing import cast

from pydantic import BaseModel, ValidationError
from shuangsui.models.crosscheck import cross_check
from shuangsui.models.digest import SET_FIELDS, input_digest
from shuangsui.models.domain import Scenario, ScenarioRules
from shuangsui.models.errors import Problem, ScenarioInvalid
from shuangsui.models.messages import pydantic_message
from shuangsui.models.scenario_toml import FILE as RULES_FILE
from shuangsui.models.scenario_toml import read_rules
from shuangsui.models.tables import SPECS, Table, index_folder, locate, read_table


def load_scenario(folder: str | Path, *, digest: bool = True) -> Scenario:
    """Read and validate a scenario folder (data contract, sections 1 and 2).

    Parameters
    ----------
    folder
        The folder holding scenario.toml and the tables (objects, inspectors, items, optionally
        conflicts and history), each as .csv or .xlsx, English or Chinese headers.
    digest
        Set `input_digest` (False: left empty, for a caller that computes it elsewhere).

    Returns
    -------
    Scenario
        The validated scenario, with `input_digest` set unless `digest` is False.

    Raises
    ------
    ScenarioInvalid
        Listing every problem found, each with its file, row and column where it has one.
    """
    folder = Path(folder)
    problems: list[Problem] = []
    try:
        files = index_folder(folder)
    except OSError as err:
        if not folder.exists():
            message = "场景文件夹不存在 (not found)"
        elif not folder.is_dir():
            message = "场景不是文件夹 (not a folder)"
        else:
            message = f"无法读取场景文件夹 (unreadable folder): {err.strerror or err}"
        raise ScenarioInvalid([Problem(str(folder), None, None, message)]) from None
    rules = _read_rules(files, problems)
    tables: dict[str, Table] = {}
    for spec in SPECS:
        path = locate(files, spec, problems)
        tables[spec.name] = read_table(path, spec, problems) if path else Table(spec)
    cross_check(tables, problems)
    records = {name: _build(table, problems) for name, table in tables.items()}
    if problems or rules is None:
        raise ScenarioInvalid(problems)
    scenario = Scenario(rules=rules, **records)
    return scenario.model_copy(update={"input_digest": input_digest(scenario)}) if digest else scenario


def _read_rules(files: dict[str, list[Path]], problems: list[Problem]) -> ScenarioRules | None:
    found = files.get(RULES_FILE, [])
    if len(found) != 1:
        names = ", ".join(p.name for p in found) or RULES_FILE
        message = (
            f"文件有歧义 (ambiguous): {names} 同时存在，只能保留一个"
            if found
            else f"缺少必需的文件 (missing required file): {RULES_FILE}"
        )
        problems.append(Problem(names, None, None, message))
        return None
    return read_rules(found[0], problems)


def _build(table: Table, problems: list[Problem]) -> tuple[BaseModel, ...]:
    """The records of the rows read without problems, sorted; pydantic errors become problems."""
    built: list[BaseModel] = []
    for record in table.records:
        if not record.ok:
            continue
        values = {k: tuple(sorted(cast(Iterable[str], v))) if k in SET_FIELDS else v for k, v in record.values.items()}
        try:
            built.append(table.spec.model.model_validate(values))
        except ValidationError as err:
            for error in err.errors():
                field = str(error["loc"][0]) if error["loc"] else None
                column = table.column(field) if field else None
                problems.append(Problem(table.file or "", record.row, column, pydantic_message(error)))
    if table.complete and table.spec.required and not table.records:
        message = "表中没有记录 (no records): 请在表头下方填入本单位的数据"
        problems.append(Problem(table.file or "", None, None, message))
    key = table.spec.key
    if key:
        return tuple(sorted(built, key=lambda r: getattr(r, key)))
    return tuple(sorted(built, key=lambda r: r.model_dump_json()))
