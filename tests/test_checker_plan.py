"""checker/plan.py: reading plan.json into the checker's own dataclasses; never a crash on a bad file.

Every malformed file raises PlanFileInvalid naming the file and the field (exit 2 on the command
line, tested at the end through `shuangsui check`).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from shuangsui.checker import PlanFile, load_plan, plan_from_json
from shuangsui.models.errors import PlanFileInvalid

CHECK = {
    "object_id": "K3",
    "tier": "key",
    "credit_risk": "D",
    "draw": "credit_risk",
    "mode": "onsite",
    "team_id": "T1",
    "inspector_ids": ["I1", "I2"],
    "joint": "inter_department",
    "internal_joint": True,
    "partner_department": "应急管理",
    "directed": None,
    "items": ["HJ-02"],
}
PLAN = {
    "contract": 2,
    "scenario": "测试",
    "period": "2025Q2",
    "seed": 7,
    "input_digest": "ab" * 32,
    "solver": {"status": "optimal", "ortools": "9.15.6755"},
    "teams": [{"team_id": "T1", "inspector_ids": ["I1", "I2"]}],
    "checks": [CHECK, {**CHECK, "object_id": "G2", "mode": "offsite", "team_id": None, "joint": "none"}],
    "undrawable": [{"object_id": "K4", "reason": "辐射"}],
}


def _write(tmp_path: Path, data: object, name: str = "plan.json") -> Path:
    path = tmp_path / name
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    return path


def test_round_trip(tmp_path: Path) -> None:
    plan = load_plan(_write(tmp_path, PLAN))
    assert isinstance(plan, PlanFile) and plan.contract == 2 and plan.status == "optimal"
    assert plan.checks[0].inspector_ids == ("I1", "I2") and plan.checks[0].internal_joint is True
    assert plan.checks[1].team_id is None and plan.undrawable[0].object_id == "K4"
    assert plan.teams[0].team_id == "T1" and plan.input_digest == "ab" * 32


def test_extra_fields_allowed_and_v1_plan_read(tmp_path: Path) -> None:
    data = json.loads(json.dumps(PLAN))
    data["note"] = "x"
    data["checks"][0]["date"] = "2025-04-01"
    del data["solver"], data["checks"][1]["internal_joint"]
    data["contract"] = 1
    plan = plan_from_json(data)
    assert plan.status == "feasible" and plan.contract == 1 and plan.checks[1].internal_joint is None


def test_structural_errors_all_listed(tmp_path: Path) -> None:
    data = json.loads(json.dumps(PLAN))
    del data["checks"][1]["mode"]
    data["checks"][0]["inspector_ids"] = "I1"
    data["teams"][0]["team_id"] = 5
    data["contract"] = "2"
    data["checks"][1]["items"] = ["HJ-01", 2]
    data["checks"][0]["internal_joint"] = "yes"
    with pytest.raises(PlanFileInvalid) as err:
        load_plan(_write(tmp_path, data))
    text = str(err.value)
    for field in (
        "checks[1].mode",
        "checks[0].inspector_ids",
        "teams[0].team_id",
        "contract",
        "checks[0].internal_joint",
    ):
        assert field in text
    assert "6 处错误" in text and "array containing number" in text


@pytest.mark.parametrize("key", ["teams", "checks", "undrawable"])
def test_missing_list_field(tmp_path: Path, key: str) -> None:
    data = {k: v for k, v in PLAN.items() if k != key}
    with pytest.raises(PlanFileInvalid, match=rf"plan\.json.*\n  - {key}: 缺少字段"):
        load_plan(_write(tmp_path, data))


@pytest.mark.parametrize("key", ["inspector_ids", "items"])
def test_missing_list_in_a_check(tmp_path: Path, key: str) -> None:
    data = json.loads(json.dumps(PLAN))
    del data["checks"][0][key]
    with pytest.raises(PlanFileInvalid, match=rf"checks\[0\]\.{key}: 缺少字段"):
        load_plan(_write(tmp_path, data))


def test_deeply_nested_json(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match=r"plan\.json: JSON 嵌套过深"):
        load_plan(path)
    nested: object = []
    for _ in range(200):  # parses, but is no plan: refused before anything walks it recursively
        nested = [nested]
    with pytest.raises(PlanFileInvalid, match="嵌套超过 64 层"):
        load_plan(_write(tmp_path, {**PLAN, "note": nested}))


def test_xlsx_instead_of_json(tmp_path: Path) -> None:
    from openpyxl import Workbook

    path = tmp_path / "plan.xlsx"
    Workbook().save(path)
    with pytest.raises(PlanFileInvalid, match=r"plan\.xlsx: 这不是 plan\.json.*needs plan\.json"):
        load_plan(path)
    renamed = tmp_path / "plan.json"
    renamed.write_bytes(path.read_bytes())  # a workbook renamed: recognised by its content
    with pytest.raises(PlanFileInvalid, match=r"needs plan\.json"):
        load_plan(renamed)


def test_not_utf8(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_bytes(json.dumps(PLAN, ensure_ascii=False).encode("gb18030"))
    with pytest.raises(PlanFileInvalid, match=r"plan\.json: 不是 UTF-8 文本，第 \d+ 字节"):
        load_plan(path)


def test_huge_integer_and_bad_json(tmp_path: Path) -> None:
    path = tmp_path / "plan.json"
    path.write_text('{"contract": ' + "9" * 5000 + "}", encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match=r"plan\.json: JSON 数值无法读取"):
        load_plan(path)
    path.write_text('{"contract": 2,', encoding="utf-8")
    with pytest.raises(PlanFileInvalid, match=r"plan\.json: JSON 格式错误，第1行"):
        load_plan(path)
    with pytest.raises(PlanFileInvalid, match=r"nope\.json: 无法读取"):
        load_plan(tmp_path / "nope.json")


BAD_FILES = {
    "missing-checks": lambda p: p.write_text(json.dumps({k: v for k, v in PLAN.items() if k != "checks"}), "utf-8"),
    "deep": lambda p: p.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8"),
    "gbk": lambda p: p.write_bytes(json.dumps(PLAN, ensure_ascii=False).encode("gbk")),
    "xlsx": lambda p: p.write_bytes(b"PK\x03\x04" + b"\0" * 64),
}


@pytest.mark.parametrize("case", sorted(BAD_FILES))
def test_check_command_exits_2_naming_the_file(run_cli, scenarios_dir: Path, tmp_path: Path, case: str) -> None:
    path = tmp_path / "plan.json"
    BAD_FILES[case](path)
    proc = run_cli("check", scenarios_dir / "zhaoxian-2025Q1", path)
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "Traceback" not in proc.stderr and str(path) in proc.stderr
