"""Seeded random weights of the objective: the only source of randomness in a plan.

Each decision key (e.g. (object_id, draw)) gets a weight derived from SHA-256 of the public seed and
the key. Weights are distinct by construction, depend only on the seed and the ids (not on row order,
file format or threads), and can be recomputed by anyone who wants to re-run the draw.
"""

from __future__ import annotations

import hashlib
import random
from collections.abc import Hashable, Iterable


def draw_key(seed: int, *parts: object) -> bytes:
    text = "\x1f".join([str(seed), *map(str, parts)])
    return hashlib.sha256(text.encode("utf-8")).digest()


WEIGHT_BITS = 24  # weights spread over [1, 2^24]: sums of different selections almost never tie


def permutation_weights(seed: int, family: str, keys: Iterable[Hashable]) -> dict[Hashable, int]:
    """Map each key to a distinct positive weight, in a seeded random order.

    The weight is the first 24 bits of the key's SHA-256 (duplicates bumped up by one, in hash
    order), so the order of the keys is a uniformly random permutation and the gaps between weights
    are random too: two different optimal selections would need equal sums of random 24-bit numbers.
    """
    keyed = sorted((draw_key(seed, family, *(k if isinstance(k, tuple) else (k,))), k) for k in keys)
    weights: dict[Hashable, int] = {}
    last = 0
    for digest, k in keyed:
        last = max(last + 1, 1 + (int.from_bytes(digest[:4], "big") >> (32 - WEIGHT_BITS)))
        weights[k] = last
    return weights


def shuffled(seed: int, family: str, keys: Iterable[Hashable]) -> list[Hashable]:
    """The keys in a seeded random order (used for sparse candidate lists).

    Python's Mersenne Twister, seeded with SHA-256 of (seed, family), shuffles the keys in the order
    given, which callers keep canonical (sorted indices of id-sorted records).
    """
    order = list(keys)
    random.Random(draw_key(seed, family)).shuffle(order)
    return order
