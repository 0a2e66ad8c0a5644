"""`python -m shuangsui`: the same as the `shuangsui` console script."""

from shuangsui.start import run

if __name__ == "__main__":
    run()
