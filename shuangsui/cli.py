"""The `shuangsui` command line (data contract, section 4).

Exit codes: 0 done, 2 invalid input, 3 no plan exists, 4 violations found, 5 no plan within the time
limit. A user mistake never shows a traceback: it is reported with file, row and column.
Each sub-command lives in its own module under `shuangsui/commands/`.
"""

from __future__ import annotations

import click

from shuangsui import __version__
from shuangsui.commands import COMMANDS


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="shuangsui")
def main() -> None:
    """双随机、一公开 抽查计划 (shuangsui): plan, check and explain random inspections."""


for _command in COMMANDS:
    main.add_command(_command)


if __name__ == "__main__":
    main()
