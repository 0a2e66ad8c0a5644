"""OR-Tools' `cp_model` without importing pandas up front (~0.3 s of every solving command).

`cp_model` imports pandas at its top for its `*_series` helpers, which shuangsui never calls; at
import time it only names `pd.Index` and `pd.Series` in a type alias. `install()` (run by
`shuangsui.scheduler`, before any of its modules imports OR-Tools) adds an import hook: when
`ortools.sat.python.cp_model` is first imported and pandas is not loaded yet, the module runs with
two placeholder classes standing for pandas, then its `pd` becomes `PandasOnUse`, which imports
the real pandas at the first use. So the helpers still work, and `import pandas` elsewhere always
gets the real package. Should a later OR-Tools read more of pandas at import, it is imported as usual.
"""

from __future__ import annotations

import importlib.abc
import importlib.machinery
import sys
import types
from collections.abc import Sequence
from typing import Any

CP_MODEL = "ortools.sat.python.cp_model"


class PandasOnUse(types.ModuleType):
    """Stands for pandas in `cp_model`: imports it at the first attribute used."""

    def __getattr__(self, name: str) -> Any:
        import pandas

        return getattr(pandas, name)


def _placeholder() -> types.ModuleType:
    stand_in = types.ModuleType("pandas")
    stand_in.Index = type("Index", (), {})  # type: ignore[attr-defined]
    stand_in.Series = type("Series", (), {})  # type: ignore[attr-defined]
    return stand_in


class _Loader(importlib.abc.Loader):
    def __init__(self, real: importlib.abc.Loader) -> None:
        self.real = real

    def __getattr__(self, name: str) -> Any:  # get_source, get_filename, ... (tracebacks, inspect)
        return getattr(self.real, name)

    def create_module(self, spec: importlib.machinery.ModuleSpec) -> types.ModuleType | None:
        return self.real.create_module(spec)

    def exec_module(self, module: types.ModuleType) -> None:
        if "pandas" in sys.modules:
            self.real.exec_module(module)
            return
        stand_in = sys.modules["pandas"] = _placeholder()
        try:
            self.real.exec_module(module)
        except AttributeError:  # this OR-Tools reads more of pandas at import: the real thing then
            del sys.modules["pandas"]
            self.real.exec_module(module)
            return
        finally:
            if sys.modules.get("pandas") is stand_in:
                del sys.modules["pandas"]
        module.pd = PandasOnUse("pandas")  # type: ignore[attr-defined]


class _Finder(importlib.abc.MetaPathFinder):
    def find_spec(
        self, fullname: str, path: Sequence[str] | None, target: types.ModuleType | None = None
    ) -> importlib.machinery.ModuleSpec | None:
        if fullname != CP_MODEL:
            return None
        spec = importlib.machinery.PathFinder.find_spec(fullname, path, target)
        if spec is None or spec.loader is None:
            return None
        spec.loader = _Loader(spec.loader)
        return spec


def install() -> None:
    """Add the hook (once); nothing is imported now."""
    if CP_MODEL not in sys.modules and not any(isinstance(f, _Finder) for f in sys.meta_path):
        sys.meta_path.insert(0, _Finder())
