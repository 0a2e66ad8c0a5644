"""The application layer (`shuangsui.app`): the use cases that run solves for the CLI.

Data flows one way: files -> models -> scheduler -> app -> reports -> CLI. Modules here solve and
judge; `shuangsui.reports` only renders what they hand over.
"""
