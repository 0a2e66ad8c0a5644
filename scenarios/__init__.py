"""Bundled scenarios of shuangsui and the deterministic generator that makes them."""
