"""shuangsui: 双随机、一公开 inspection planner."""

__version__ = "0.1.0"
