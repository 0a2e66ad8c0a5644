"""The ledger's hash chain: appends, and edits made with the sqlite3 command-line tool are detected."""

from __future__ import annotations

import itertools
import shutil
import subprocess
import sys
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from shuangsui.ledger import GENESIS, Ledger, LedgerError, record_hash, sha256_hex

T0 = datetime(2025, 3, 20, 2, 0, tzinfo=UTC)


def sqlite_cli(path: Path, sql: str) -> None:
    """Run SQL with the real sqlite3 command-line tool (installed by .ci/run; never skipped)."""
    tool = shutil.which("sqlite3")
    assert tool, "the sqlite3 command-line tool is required (apt-get install sqlite3; .ci/run installs it)"
    subprocess.run([tool, str(path), sql], check=True, capture_output=True, text=True)


@pytest.fixture
def ledger_path(tmp_path: Path) -> Path:
    path = tmp_path / "ledger.sqlite"
    with Ledger.open(path) as ledger:
        ledger.append("commit", {"input_digest": "ab" * 32, "seed_source": "公开摇号"}, at=T0)
        ledger.append("seed", {"value": "3 1 4 1 5"}, at=T0 + timedelta(days=1))
        ledger.append("plan", {"plan_sha256": "cd" * 32, "seed": 31415}, at=T0 + timedelta(days=1))
        ledger.append("publication", {"url": "https://example.gov.cn/公告"}, at=T0 + timedelta(days=2))
    return path


def test_append_builds_a_chain(ledger_path: Path) -> None:
    with Ledger.open(ledger_path) as ledger:
        records = ledger.records()
        assert [r.seq for r in records] == [1, 2, 3, 4]
        assert [r.kind for r in records] == ["commit", "seed", "plan", "publication"]
        assert records[0].prev_hash == GENESIS
        for before, after in itertools.pairwise(records):
            assert after.prev_hash == before.hash
        first = records[0]
        assert first.time == "2025-03-20T02:00:00.000000+00:00"
        assert first.payload_sha256 == sha256_hex('{"input_digest":"' + "ab" * 32 + '","seed_source":"公开摇号"}')
        assert first.hash == record_hash(1, "commit", first.time, first.payload_sha256, GENESIS)
        assert [r.seq for r in ledger.records(kind="seed")] == [2]
        assert ledger.head() == records[-1].hash
        assert ledger.verify_chain() == []
        assert ledger.verify_chain(head=records[1].hash) == []


def test_sql_updates_and_deletes_are_refused(ledger_path: Path) -> None:
    with pytest.raises(subprocess.CalledProcessError) as error:
        sqlite_cli(ledger_path, "UPDATE records SET kind='seed' WHERE seq=1")
    assert "append-only" in error.value.stderr


# Each edit drops the append-only triggers first, as a deliberate editor would.
EDITS = {
    "payload": ('UPDATE records SET payload=\'{"value":"9 9 9"}\' WHERE seq=2', "#2", "payload edited"),
    "payload and its sha": (
        'UPDATE records SET payload=\'{"value":"9"}\', payload_sha256=\''
        + sha256_hex('{"value":"9"}')
        + "' WHERE seq=2",
        "#2",
        "record hash mismatch",
    ),
    "hash": ("UPDATE records SET hash='" + "0" * 64 + "' WHERE seq=2", "#3", "chain broken"),
    "time": ("UPDATE records SET time='2025-03-19T00:00:00.000000+00:00' WHERE seq=2", "#2", "record edited"),
    "deleted": ("DELETE FROM records WHERE seq=2", "#3", "missing before #3"),
    "deleted first": ("DELETE FROM records WHERE seq=1", "#2", "chain broken"),
    "reordered": (
        "UPDATE records SET seq=-1 WHERE seq=2; UPDATE records SET seq=2 WHERE seq=3;"
        " UPDATE records SET seq=3 WHERE seq=-1",
        "#2",
        "chain broken",
    ),
}


@pytest.mark.parametrize("edit", sorted(EDITS))
def test_an_edit_with_the_sqlite3_tool_is_detected(ledger_path: Path, edit: str) -> None:
    sql, where, english = EDITS[edit]
    sqlite_cli(ledger_path, f"DROP TRIGGER records_no_update; DROP TRIGGER records_no_delete; {sql};")
    with Ledger.open(ledger_path) as ledger:
        problems = ledger.verify_chain()
    assert any(where in p and english in p for p in problems), problems


def test_a_truncated_or_rewritten_tail_is_caught_by_the_published_head(ledger_path: Path) -> None:
    with Ledger.open(ledger_path) as ledger:
        head = ledger.head()
    sqlite_cli(ledger_path, "DROP TRIGGER records_no_delete; DELETE FROM records WHERE seq=4;")
    with Ledger.open(ledger_path) as ledger:
        assert ledger.verify_chain() == []  # a chain cut at its end is still a chain…
        assert "published head not in chain" in ledger.verify_chain(head=head)[0]  # …but not the published one


def test_a_crash_inside_an_append_leaves_no_half_record(ledger_path: Path) -> None:
    # The process dies after the INSERT and before COMMIT; the next open rolls the journal back.
    code = (
        "import os, sys\n"
        "from shuangsui.ledger import core\n"
        "core.Ledger._commit = lambda self: os._exit(9)\n"
        "ledger = core.Ledger.open(sys.argv[1])\n"
        "ledger.append('seed', {'value': 'never'})\n"
    )
    assert subprocess.run([sys.executable, "-c", code, str(ledger_path)], check=False).returncode == 9
    with Ledger.open(ledger_path) as ledger:
        assert [r.seq for r in ledger.records()] == [1, 2, 3, 4]
        assert ledger.verify_chain() == []
        assert ledger.append("seed", {"value": "again"}).seq == 5


def test_refusals(ledger_path: Path, tmp_path: Path) -> None:
    with Ledger.open(ledger_path) as ledger:
        with pytest.raises(LedgerError, match="time"):
            ledger.append("seed", {}, at=T0)
        with pytest.raises(LedgerError, match="time zone"):
            ledger.append("seed", {}, at=datetime(2030, 1, 1))
        with pytest.raises(LedgerError, match="kind"):
            ledger.append("Seed!", {})
        with pytest.raises(LedgerError, match="cannot record"):
            ledger.append("seed", {"x": float("nan")})
        assert len(ledger.records()) == 4
    other = tmp_path / "other.sqlite"
    sqlite_cli(other, "CREATE TABLE t (x);")
    with pytest.raises(LedgerError, match="not a shuangsui ledger"):
        Ledger.open(other)
    text = tmp_path / "notes.txt"
    text.write_text("hello " * 200)
    with pytest.raises(LedgerError, match="cannot open"):
        Ledger.open(text)
