"""The outputs of `shuangsui plan`: plan.csv, plan.xlsx, feasibility.json and report.html."""

from shuangsui.reports.outputs import write_plan_outputs

__all__ = ["write_plan_outputs"]
