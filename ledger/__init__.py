"""The tamper-evident ledger (台账) of the public draw: commit, seed, plan, recusal, publication, results.

Stable API (see `shuangsui.ledger.core` for the file format)::

    with Ledger.open(path) as ledger:
        record = ledger.append("commit", {"input_digest": ...})   # one transaction
        ledger.records(kind="plan")                                # list[Record], chain order
        ledger.verify_chain()                                      # [] when intact
"""

from shuangsui.ledger.core import (
    GENESIS,
    KINDS,
    Ledger,
    LedgerError,
    Record,
    canonical_json,
    record_hash,
    sha256_hex,
)

__all__ = ["GENESIS", "KINDS", "Ledger", "LedgerError", "Record", "canonical_json", "record_hash", "sha256_hex"]
