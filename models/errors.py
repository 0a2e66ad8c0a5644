"""Error hierarchy: every user mistake becomes a `Problem` naming file, row and column."""

from __future__ import annotations

from dataclasses import dataclass

# Exit codes of the command line (data contract, section 4).
EXIT_OK = 0
EXIT_INVALID = 2
EXIT_INFEASIBLE = 3
EXIT_VIOLATIONS = 4
EXIT_TIMEOUT = 5


@dataclass(frozen=True, order=True)
class Problem:
    """One thing wrong in the input. `row` is the row number a spreadsheet shows (header = 1)."""

    file: str
    row: int | None
    column: str | None
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f" 第{self.row}行 (row {self.row})"
        if self.column:
            where += f" 列「{self.column}」(column {self.column})"
        return f"{where}: {self.message}"


class ShuangsuiError(Exception):
    """Base of every error shuangsui reports to a user (never shown as a traceback)."""

    exit_code = 1


class ScenarioInvalid(ShuangsuiError):
    """The scenario folder has one or more problems; all of them are listed."""

    exit_code = EXIT_INVALID

    def __init__(self, problems: list[Problem]):
        self.problems = sorted(problems, key=lambda p: (p.file, p.row or 0, p.column or "", p.message))
        super().__init__(self.render())

    def render(self) -> str:
        head = f"场景数据有 {len(self.problems)} 处错误 (scenario invalid: {len(self.problems)} problems)"
        return "\n".join([head, *(f"  - {p}" for p in self.problems)])


class PlanFileInvalid(ShuangsuiError):
    """A plan.json given to `shuangsui check` cannot be read."""

    exit_code = EXIT_INVALID
