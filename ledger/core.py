"""An append-only, tamper-evident ledger: one SQLite file holding a hash chain of records.

Each record is one row of the table ``records``:

=================  =====================================================================
``seq``            1, 2, 3, … without gaps, in the order the records were appended
``kind``           what the record is (``commit``, ``seed``, ``plan``, ``recusal``, ``publication``,
                   ``results``, …: an open set of lower-case names, see `KINDS`)
``time``           when it was appended: ISO 8601 in UTC with microseconds,
                   e.g. ``2025-03-28T02:00:00.000000+00:00``; never earlier than the record before
``payload``        the payload as canonical JSON (sorted keys, ``ensure_ascii=False``, no spaces)
``payload_sha256`` SHA-256 (hex) of the payload's UTF-8 bytes
``prev_hash``      the previous record's ``hash`` (64 zeros for the first record)
``hash``           SHA-256 (hex) of the canonical JSON array
                   ``[seq, kind, time, payload_sha256, prev_hash]`` (see `record_hash`)
=================  =====================================================================

Every append is one ``BEGIN IMMEDIATE`` … ``COMMIT`` transaction, so a crash leaves the record
either whole or absent, and two writers never interleave. `Ledger.verify_chain` recomputes every
hash and link: an edited payload, an edited hash or time or kind, a deleted, inserted or reordered
record is reported. A hash chain without a secret cannot stop someone from rewriting a record *and
every later hash*: such a rewrite is caught by comparing the chain with a head hash published
earlier (the notices print it; ``verify_chain(head=...)``).
"""

from __future__ import annotations

import hashlib
import json
import re
import sqlite3
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from types import TracebackType
from typing import Any

from shuangsui.models.errors import EXIT_INVALID, ShuangsuiError

GENESIS = "0" * 64
"""The ``prev_hash`` of the first record."""

KINDS = ("commit", "seed", "plan", "recusal", "publication", "results")
"""The kinds shuangsui writes; `Ledger.append` accepts any name matching ``[a-z][a-z0-9_]*``."""

FORMAT_VERSION = 1
_KIND = re.compile(r"[a-z][a-z0-9_]{0,39}")
_SCHEMA = (
    """CREATE TABLE records (
    seq INTEGER PRIMARY KEY,
    kind TEXT NOT NULL,
    time TEXT NOT NULL,
    payload TEXT NOT NULL,
    payload_sha256 TEXT NOT NULL,
    prev_hash TEXT NOT NULL,
    hash TEXT NOT NULL
)""",
    # Stops accidental edits through SQL; a deliberate editor can drop them, verify_chain still sees it.
    "CREATE TRIGGER records_no_update BEFORE UPDATE ON records "
    "BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END",
    "CREATE TRIGGER records_no_delete BEFORE DELETE ON records "
    "BEGIN SELECT RAISE(ABORT, 'ledger records are append-only'); END",
)


class LedgerError(ShuangsuiError):
    """The ledger file cannot be used (not a ledger, unreadable) or an append was refused."""

    exit_code = EXIT_INVALID


@dataclass(frozen=True)
class Record:
    """One record of the chain, as stored (``payload`` parsed back into a dict)."""

    seq: int
    kind: str
    time: str
    payload: dict[str, Any]
    payload_sha256: str
    prev_hash: str
    hash: str


def canonical_json(payload: dict[str, Any]) -> str:
    """The stored text of a payload: sorted keys, non-ASCII kept, no spaces, no NaN."""
    return json.dumps(payload, sort_keys=True, ensure_ascii=False, separators=(",", ":"), allow_nan=False)


def sha256_hex(text: str) -> str:
    """SHA-256 (hex) of a text's UTF-8 bytes."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def record_hash(seq: int, kind: str, time: str, payload_sha256: str, prev_hash: str) -> str:
    """A record's hash: SHA-256 of the canonical JSON array ``[seq, kind, time, payload_sha256, prev_hash]``."""
    return sha256_hex(json.dumps([seq, kind, time, payload_sha256, prev_hash], separators=(",", ":")))


def format_time(at: datetime) -> str:
    """``at`` in UTC as ISO 8601 with microseconds; a naive datetime is refused (ambiguous)."""
    if at.tzinfo is None or at.utcoffset() is None:
        raise ValueError("ledger times must carry a time zone (naive datetime given)")
    return at.astimezone(UTC).isoformat(timespec="microseconds")


class Ledger:
    """An open ledger file. Use `Ledger.open`; close it with `close` or a ``with`` block."""

    def __init__(self, path: Path, connection: sqlite3.Connection):
        self.path = path
        self._db = connection

    @classmethod
    def open(cls, path: str | Path) -> Ledger:
        """Open the ledger at ``path``, creating the file and its schema if it does not exist.

        Raises
        ------
        LedgerError
            The file exists but is not a shuangsui ledger (or not SQLite at all).
        """
        path = Path(path)
        path.parent.mkdir(parents=True, exist_ok=True)
        try:
            db = sqlite3.connect(path, isolation_level=None, timeout=30.0)
            db.execute("BEGIN IMMEDIATE")
            version = db.execute("PRAGMA user_version").fetchone()[0]
            tables = {r[0] for r in db.execute("SELECT name FROM sqlite_master WHERE type='table'")}
            if version == 0 and not tables:
                for statement in _SCHEMA:
                    db.execute(statement)
                db.execute(f"PRAGMA user_version = {FORMAT_VERSION}")
                db.execute("COMMIT")
            else:
                db.execute("ROLLBACK")
                if version != FORMAT_VERSION or "records" not in tables:
                    db.close()
                    raise LedgerError(f"{path}: 不是 shuangsui 台账文件 (not a shuangsui ledger, format {version})")
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{path}: 无法打开台账 (cannot open ledger): {error}") from None
        return cls(path, db)

    def close(self) -> None:
        """Close the file (nothing is pending: every append is already committed)."""
        self._db.close()

    def __enter__(self) -> Ledger:
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None, tb: TracebackType | None) -> None:
        self.close()

    def append(self, kind: str, payload: dict[str, Any], *, at: datetime | None = None) -> Record:
        """Append one record in a single transaction and return it.

        Parameters
        ----------
        kind
            The record's kind (``[a-z][a-z0-9_]*``, see `KINDS`).
        payload
            A JSON-serialisable dict; stored as canonical JSON (`canonical_json`).
        at
            The record's time (time-zone aware); now (UTC) by default. Never earlier than the last record's.

        Raises
        ------
        LedgerError
            A bad kind, a payload that is not JSON, or a time earlier than the last record's.
        """
        if not _KIND.fullmatch(kind):
            raise LedgerError(f"台账记录类型无效 (invalid record kind): {kind!r}")
        if not isinstance(payload, dict):
            raise LedgerError("台账记录内容必须是 JSON 对象 (payload must be a dict)")
        try:
            text = canonical_json(payload)
            time = format_time(at or datetime.now(UTC))
        except (TypeError, ValueError) as error:
            raise LedgerError(f"台账记录无法写入 (cannot record): {error}") from None
        digest = sha256_hex(text)
        self._db.execute("BEGIN IMMEDIATE")
        try:
            last = self._db.execute("SELECT seq, time, hash FROM records ORDER BY seq DESC LIMIT 1").fetchone()
            seq, prev = (last[0] + 1, last[2]) if last else (1, GENESIS)
            if last and time < last[1]:
                raise LedgerError(f"台账时间不能倒退 (time {time} is before the last record's {last[1]})")
            record = Record(seq, kind, time, json.loads(text), digest, prev, record_hash(seq, kind, time, digest, prev))
            self._db.execute(
                "INSERT INTO records (seq, kind, time, payload, payload_sha256, prev_hash, hash)"
                " VALUES (?, ?, ?, ?, ?, ?, ?)",
                (seq, kind, time, text, digest, prev, record.hash),
            )
            self._commit()
        except BaseException:
            self._db.execute("ROLLBACK")
            raise
        return record

    def _commit(self) -> None:
        self._db.execute("COMMIT")

    def records(self, kind: str | None = None) -> list[Record]:
        """Every record in chain order, or only those of ``kind``.

        A payload that no longer parses (edited outside shuangsui) comes back as ``{}``;
        `verify_chain` reports it.
        """
        rows = self._rows() if kind is None else [r for r in self._rows() if r[1] == kind]
        return [Record(r[0], r[1], r[2], _parse(r[3]), r[4], r[5], r[6]) for r in rows]

    def head(self) -> str:
        """The hash of the last record (`GENESIS` for an empty ledger): what a notice publishes."""
        rows = self._rows()
        return rows[-1][6] if rows else GENESIS

    def verify_chain(self, head: str | None = None) -> list[str]:
        """Every problem of the chain (empty when intact), in Chinese with the English meaning.

        Detects edited payloads, kinds, times and hashes, deleted, inserted and reordered records,
        and time going backwards. With ``head`` (a hash published earlier) also a rewrite of the
        whole chain from some record on, and deleted records at the end.
        """
        problems: list[str] = []
        prev_hash, prev_time = GENESIS, ""
        rows = self._rows()
        for expected, (seq, kind, time, text, digest, prev, stored) in enumerate(rows, start=1):
            where = f"记录 #{seq} ({kind})"
            if seq != expected:
                problems.append(f"{where}：序号应为 {expected}，有记录被删除或插入 (record(s) missing before #{seq})")
            if sha256_hex(text) != digest:
                problems.append(f"{where}：内容与其 SHA-256 不符，内容被改动 (payload edited)")
            elif not _is_canonical(text):
                problems.append(f"{where}：内容不是规范 JSON 对象 (payload is not a canonical JSON object)")
            if record_hash(seq, kind, time, digest, prev) != stored:
                problems.append(f"{where}：记录哈希不符，记录被改动 (record hash mismatch: record edited)")
            if prev != prev_hash:
                problems.append(f"{where}：前一记录哈希不符，记录被删除、插入或调换 (chain broken before #{seq})")
            if time < prev_time:
                problems.append(f"{where}：时间早于前一记录 (time goes backwards)")
            prev_hash, prev_time = stored, time
        if head is not None and head != GENESIS and head not in {r[6] for r in rows}:
            problems.append(f"公布的台账哈希 {head} 不在链中：链被改写或截断 (published head not in chain)")
        return problems

    def _rows(self) -> list[tuple[int, str, str, str, str, str, str]]:
        try:
            return self._db.execute(
                "SELECT seq, kind, time, payload, payload_sha256, prev_hash, hash FROM records ORDER BY seq"
            ).fetchall()
        except sqlite3.DatabaseError as error:
            raise LedgerError(f"{self.path}: 无法读取台账 (cannot read ledger): {error}") from None


def _parse(text: str) -> dict[str, Any]:
    try:
        value = json.loads(text)
    except ValueError:
        return {}
    return value if isinstance(value, dict) else {}


def _is_canonical(text: str) -> bool:
    try:
        value = json.loads(text)
    except ValueError:
        return False
    return isinstance(value, dict) and canonical_json(value) == text
