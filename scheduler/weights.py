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

    Python's Mersenne Twister, seeded with SHA-256 of (seed, family), drives a Fisher-Yates shuffle of
    the keys in the order given, which callers keep canonical (sorted indices of id-sorted records):
    from the last position down, position i swaps with j = a uniform draw from [0, i], drawn as
    `getrandbits(bit_length(i + 1))` until below i + 1. That is what `random.shuffle` does in the
    CPython versions this runs on (tested), written out so that the order is this function's rule,
    not the standard library's, and without `shuffle`'s call per position (20,000 objects: ~0.4 s).
    """
    order = list(keys)
    getrandbits = random.Random(draw_key(seed, family)).getrandbits
    for i in range(len(order) - 1, 0, -1):
        n = i + 1
        k = n.bit_length()
        j = getrandbits(k)
        while j >= n:
            j = getrandbits(k)
        order[i], order[j] = order[j], order[i]
    return order
