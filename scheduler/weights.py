"""Seeded random weights of the objective: the only source of randomness in a plan.

Each decision key (e.g. ("x", object_id, "credit_risk")) gets a rank in a random permutation of all
keys of its family, derived from SHA-256 of the public seed and the key. Ranks are distinct by
construction, depend only on the seed and the ids (not on row order, file format or threads), and can
be recomputed by anyone who wants to re-run the draw.
"""

from __future__ import annotations

import hashlib
from collections.abc import Hashable, Iterable


def draw_key(seed: int, *parts: object) -> bytes:
    text = "\x1f".join([str(seed), *map(str, parts)])
    return hashlib.sha256(text.encode("utf-8")).digest()


def permutation_weights(seed: int, family: str, keys: Iterable[Hashable]) -> dict[Hashable, int]:
    """Map each key to a distinct weight 1..N, in a seeded random order."""
    keyed = sorted(
        (draw_key(seed, family, *(k if isinstance(k, tuple) else (k,))), k) for k in keys
    )
    return {k: rank for rank, (_, k) in enumerate(keyed, start=1)}


def shuffled(seed: int, family: str, keys: Iterable[Hashable]) -> list[Hashable]:
    """The keys in a seeded random order (used for sparse candidate lists)."""
    weights = permutation_weights(seed, family, keys)
    return sorted(weights, key=weights.__getitem__)
