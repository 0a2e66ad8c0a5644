"""Application use cases built on the planner (installed as `shuangsui.app`)."""
