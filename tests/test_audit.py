"""`shuangsui audit` on a Dask LocalCluster: a biased scenario is flagged, a fair one is not, the result
does not depend on the number of workers, Ctrl-C stops it with --out unchanged, and the inclusion
arithmetic matches scipy's."""

from __future__ import annotations

import csv
import json
import os
import shutil
import signal
import subprocess
import threading
import time
from fractions import Fraction
from pathlib import Path

import openpyxl
import pytest
from conftest import ROOT, SCENARIOS, _cli_command, _run_cli
from scipy.stats import chi2, chisquare
from shuangsui.app.audit import audit_seeds
from shuangsui.app.cluster import ClusterError, check_versions, load_files, scenario_files, versions
from shuangsui.app.inclusion import chi2_sf, corrected_p
from shuangsui.models.errors import ScenarioInvalid

SEEDS = "20"


def biased_copy(target: Path) -> Path:
    """The default county with teams of 4 and every capacity x 0.7 (rounded half up).

    Measured by hand (30 seeds): capacity moves the credit-risk draw in every seed, towards off-site
    objects (on-site ratio 0.76, z -10; off-site 1.36, z +13; general/B p 5e-10).
    """
    shutil.copytree(SCENARIOS / "zhaoxian-2025Q1", target)
    toml = target / "scenario.toml"
    text = toml.read_text(encoding="utf-8")
    assert "size = 2 " in text
    toml.write_text(text.replace("size = 2 ", "size = 4 "), encoding="utf-8")
    path = target / "inspectors.csv"
    rows = list(csv.reader(path.open(encoding="utf-8-sig")))
    column = rows[0].index("季度检查上限")
    for row in rows[1:]:
        row[column] = str(int(Fraction(row[column]) * Fraction(7, 10) + Fraction(1, 2)))
    with path.open("w", encoding="utf-8-sig", newline="") as f:
        csv.writer(f).writerows(rows)
    return target


def audit_json(out: Path) -> dict:
    return json.loads((out / "audit.json").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def biased(tmp_path_factory) -> tuple[Path, subprocess.CompletedProcess[str]]:
    folder = tmp_path_factory.mktemp("audit")
    scenario = biased_copy(folder / "biased")
    out = folder / "out"
    return out, _run_cli("audit", scenario, "--seeds", SEEDS, "--out", out, "--local-workers", "2")


@pytest.fixture(scope="module")
def fair(tmp_path_factory) -> dict[int, Path]:
    """The default county audited with 1 and with 2 local workers."""
    folder = tmp_path_factory.mktemp("fair")
    outs = {}
    for workers in (1, 2):
        out = folder / f"w{workers}"
        run = _run_cli(
            "audit", SCENARIOS / "zhaoxian-2025Q1", "--seeds", SEEDS, "--out", out, "--local-workers", str(workers)
        )
        assert run.returncode == 0, run.stderr
        outs[workers] = out
    return outs


def test_biased_scenario_is_flagged_with_the_binding_rule(biased) -> None:
    out, run = biased
    assert run.returncode == 0, run.stderr
    data = audit_json(out)
    assert data["planned"] == int(SEEDS)
    flagged = {f["key"]: f for f in data["flagged"]}
    assert flagged["mode:onsite"]["z"] < -3 and flagged["mode:offsite"]["z"] > 3
    for f in data["flagged"]:
        assert f["binding_rules"][0]["rule"] == "capacity", f
        assert "人员检查能力" in f["binding_zh"]
    assert any(f["kind"] == "stratum" and f["p"] < 0.001 for f in data["flagged"])
    groups = {g["group"]: g for g in data["groups"]}
    assert groups["mode:onsite"]["ratio"] < 0.9 and groups["mode:onsite"]["flagged"]
    assert "发现偏差" in run.stdout and "现场检查" in run.stdout
    html = (out / "audit.html").read_text(encoding="utf-8")
    assert "标记 " in html and "人员检查能力上限" in html and "data:image/png;base64," in html
    book = openpyxl.load_workbook(out / "audit.xlsx")
    assert book.sheetnames[:4] == ["标记的偏差", "分层抽中率", "对象组抽中比", "各对象抽中频率"]
    codes = [[c.value for c in row] for row in book["字段对照 (codes)"].iter_rows()]
    assert any(row[1:] == ["z 值", "z"] for row in codes)


def test_fair_scenario_is_not_flagged(fair) -> None:
    data = audit_json(fair[2])
    assert data["flagged"] == []
    assert all(abs(g["z"]) <= 3 for g in data["groups"])
    assert all(s["p"] is None or s["p"] >= 0.001 for s in data["strata"])
    assert data["seed_plans"][0]["seed"] == audit_seeds(20250215, 1)[0]
    assert "未发现偏差" in (fair[2] / "audit.html").read_text(encoding="utf-8")


def test_one_and_two_workers_give_the_same_audit(fair) -> None:
    one, two = audit_json(fair[1]), audit_json(fair[2])
    assert one["timings"]["cluster_workers"] == 1 and two["timings"]["cluster_workers"] == 2
    del one["timings"], two["timings"]
    assert one == two
    assert (fair[1] / "audit.xlsx").read_bytes() == (fair[2] / "audit.xlsx").read_bytes()


def test_audit_seeds_follow_the_documented_rule() -> None:
    import hashlib

    seeds = audit_seeds(7, 3)
    assert seeds[2] == int.from_bytes(hashlib.sha256(b"7:audit:2").digest()[:4], "big") >> 1
    assert len(set(audit_seeds(20250215, 1000))) == 1000 and audit_seeds(7, 2) == seeds[:2]


def test_chi_square_matches_scipy() -> None:
    for x, df in [(0.3, 1), (3.0, 2), (10.0, 7), (400.0, 437), (520.0, 437), (90.0, 3)]:
        assert chi2_sf(x, df) == pytest.approx(chi2.sf(x, df), rel=1e-9, abs=1e-300)
    counts, rate = [3, 7, 5, 9, 1, 6, 4, 5], 0.25
    statistic, p, plain = corrected_p(counts, rate)
    test = chisquare(counts)
    assert statistic == pytest.approx(test.statistic) and plain == pytest.approx(test.pvalue)
    k = len(counts)
    assert p == pytest.approx(chi2.sf(test.statistic / (k * (1 - rate) / (k - 1)), k - 1))


def test_workers_with_other_versions_are_refused() -> None:
    class Client:
        def run(self, _function: object) -> dict[str, dict[str, str]]:
            return {"tcp://10.0.0.5:4000": versions() | {"shuangsui": "0.0.1"}, "tcp://10.0.0.6:4000": versions()}

    with pytest.raises(ClusterError) as caught:
        check_versions(Client())  # type: ignore[arg-type]
    assert caught.value.exit_code == 2
    assert "tcp://10.0.0.5:4000" in str(caught.value) and "0.0.1" in str(caught.value)


def test_unreachable_scheduler_exits_2_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = _run_cli(
        "audit", SCENARIOS / "zhaoxian-2025Q1", "--seeds", "4", "--out", out, "--scheduler", "tcp://127.0.0.1:9"
    )
    assert run.returncode == 2, run.stderr
    assert "无法连接 Dask 调度器" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_scenario_bytes_errors_name_the_users_folder(tmp_path: Path) -> None:
    folder = tmp_path / "county"
    shutil.copytree(SCENARIOS / "zhaoxian-2025Q1", folder)
    (folder / "objects.csv").write_bytes(b"object_id\nX\n")
    with pytest.raises(ScenarioInvalid) as caught:
        load_files(scenario_files(folder), "provinces/county")
    assert "provinces/county" in str(caught.value) and "shuangsui-" not in str(caught.value)


def test_audit_stops_on_sigint_with_out_unchanged(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    (out / "audit.json").write_text("旧的审计\n", encoding="utf-8")
    args = ["audit", str(SCENARIOS / "zhaoxian-2025Q1"), "--seeds", "200", "--out", str(out), "--local-workers", "2"]
    # A session of its own: the signal goes to the whole process group, as a Ctrl-C at a terminal does
    # (the local cluster's worker processes receive it too, and must leave the stopping to the client).
    proc = subprocess.Popen(
        [*_cli_command(), *args],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    assert proc.stderr is not None
    seen = ""
    deadline = time.monotonic() + 120
    while "审计 (audit) [" not in seen:  # the first seeds are done: the cluster is working
        char = proc.stderr.read(1)
        assert char and time.monotonic() < deadline, f"never started: {seen!r}"
        seen += char
    os.killpg(proc.pid, signal.SIGINT)
    _, err = proc.communicate(timeout=60)
    assert proc.returncode == 130, seen + err
    assert "Traceback" not in err and "KeyboardInterrupt" not in err and "已中断 (SIGINT" in err, err
    assert [p.name for p in out.iterdir()] == ["audit.json"]
    assert (out / "audit.json").read_text(encoding="utf-8") == "旧的审计\n"


def test_a_set_stop_event_stops_the_searches_of_a_task() -> None:
    """On any cluster (not only a local one, whose processes end with the run) a stop reaches the searches:
    a task whose run was stopped raises `RunStopped` at its next search instead of planning."""
    from distributed import Event
    from shuangsui.app.audit import plan_seed
    from shuangsui.app.cluster import RunStopped, cluster, new_stop_event

    files = scenario_files(SCENARIOS / "zhaoxian-2025Q1")
    with cluster(None, 1, processes=False) as client:
        running = new_stop_event()
        planned = client.submit(plan_seed, files, "zhaoxian", 1, 1, None, running, pure=False).result()
        assert planned.planned and planned.included
        stopped = new_stop_event()
        Event(stopped, client=client).set()
        future = client.submit(plan_seed, files, "zhaoxian", 1, 1, None, stopped, pure=False)
        with pytest.raises(RunStopped):
            future.result(timeout=60)


def test_a_scenario_without_a_plan_exits_3_and_writes_nothing(tmp_path: Path) -> None:
    out = tmp_path / "out"
    run = _run_cli(
        "audit", SCENARIOS / "infeasible-missing-specialty", "--seeds", "3", "--out", out, "--local-workers", "1"
    )
    assert run.returncode == 3, run.stderr
    assert "无可行计划，无法审计" in run.stderr and "[specialty]" in run.stderr and "Traceback" not in run.stderr
    assert not out.exists()


def test_a_stop_event_that_cannot_be_read_for_a_while_is_asked_again(monkeypatch: pytest.MonkeyPatch) -> None:
    """A worker shutting down loses its client: reading the run's event then fails. The watcher asks again
    (no traceback from its thread) and still stops the search once the event reads as set."""
    import distributed
    from shuangsui.app import cluster as cluster_module

    answers = iter([False, AttributeError("'NoneType' object has no attribute 'event_is_set'"), True])

    class Event:
        def __init__(self, name: str) -> None:
            self.name = name

        def is_set(self) -> bool:
            answer = next(answers)
            if isinstance(answer, Exception):
                raise answer
            return answer

    class Solver:
        def __init__(self) -> None:
            self.stopped = threading.Event()

        def solve(self, model: object) -> str:
            assert self.stopped.wait(30), "the search was never stopped"
            return "stopped"

        def stop_search(self) -> None:
            self.stopped.set()

    failures: list[threading.ExceptHookArgs] = []
    monkeypatch.setattr(threading, "excepthook", failures.append)
    monkeypatch.setattr(distributed, "Event", Event)
    monkeypatch.setattr(cluster_module, "STOP_POLL", 0.01)
    monkeypatch.setattr(cluster_module._STOP, "event", "shuangsui-stop-test")
    with pytest.raises(cluster_module.RunStopped):
        cluster_module._stoppable_solve(Solver(), None)  # type: ignore[arg-type]
    assert failures == []
