"""scheduler/weights.py: the seeded weights anyone can recompute from the public seed.

The expected figures are worked from the documented rule: key = SHA-256 of "seed␟family␟part…"
(␟ = U+001F); weight = 1 + the digest's first 24 bits; keys taken in digest order, a weight equal to
or below the previous one is bumped to previous + 1.
"""

from __future__ import annotations

import hashlib

from shuangsui.scheduler.weights import WEIGHT_BITS, draw_key, permutation_weights, shuffled


def first24(digest: bytes) -> int:
    return int.from_bytes(digest[:3], "big")


def test_draw_key_is_sha256_of_the_joined_text() -> None:
    assert draw_key(7, "a", 1) == hashlib.sha256(b"7\x1fa\x1f1").digest()
    assert draw_key(7, "a", 1).hex() == "5721db54036e238cb218eacaead85277be558ea171b2242a55ebea408c61fe2a"
    assert draw_key(7, "a", 1) != draw_key(7, "a1")  # the separator keeps parts apart
    assert draw_key(20250215, "团队", "I1") == hashlib.sha256("20250215\x1f团队\x1fI1".encode()).digest()


def test_weights_worked_by_hand() -> None:
    # digests' first bytes: O1 d7 55 39, O2 28 1a 03, O3 c8 e9 7e -> 24-bit values + 1
    keys = ["O1", "O2", "O3"]
    assert [draw_key(20250215, "draw", k)[:3].hex() for k in keys] == ["d75539", "281a03", "c8e97e"]
    weights = permutation_weights(20250215, "draw", keys)
    assert weights == {"O1": 0xD75539 + 1, "O2": 0x281A03 + 1, "O3": 0xC8E97E + 1}
    assert weights == {"O1": 14112058, "O2": 2628100, "O3": 13166975}


def test_tuple_keys_hash_their_parts() -> None:
    weights = permutation_weights(3, "team", [("I1", "I2"), ("I1", "I3")])
    assert weights[("I1", "I2")] == 1 + first24(draw_key(3, "team", "I1", "I2"))
    assert weights == {("I1", "I2"): 4209139, ("I1", "I3"): 12223178}


def test_weights_do_not_depend_on_key_order() -> None:
    keys = [f"O{i}" for i in range(200)]
    assert permutation_weights(9, "draw", keys) == permutation_weights(9, "draw", list(reversed(keys)))
    assert permutation_weights(9, "draw", keys) != permutation_weights(10, "draw", keys)
    assert permutation_weights(9, "draw", keys) != permutation_weights(9, "other", keys)


def test_equal_prefixes_are_bumped_apart() -> None:
    """Among 20,000 keys twelve 24-bit prefixes repeat; K543 and K18359 share 8647998 + 1."""
    keys = [f"K{i}" for i in range(20000)]
    weights = permutation_weights(5, "f", keys)
    assert first24(draw_key(5, "f", "K543")) == first24(draw_key(5, "f", "K18359")) == 8647998
    assert draw_key(5, "f", "K543") < draw_key(5, "f", "K18359")  # K543 comes first in digest order
    assert (weights["K543"], weights["K18359"]) == (8647999, 8648000)
    assert len(set(weights.values())) == len(keys)  # distinct: no two selections tie on one key
    ordered = sorted(keys, key=lambda k: draw_key(5, "f", k))
    values = [weights[k] for k in ordered]
    assert values == sorted(values) and values[0] >= 1
    assert max(values) <= 2**WEIGHT_BITS + len(keys)
    unbumped = sum(weights[k] == 1 + first24(draw_key(5, "f", k)) for k in keys)
    assert unbumped == len(keys) - 12


def test_shuffled_worked_examples() -> None:
    assert shuffled(0, "team-order", range(6)) == [0, 2, 3, 5, 1, 4]
    assert shuffled(1, "team-order", range(6)) == [4, 1, 3, 0, 5, 2]
    assert shuffled(0, "team-order", []) == []


def test_shuffled_is_random_shuffle_of_the_seeded_twister() -> None:
    """The written-out Fisher-Yates draws what `random.Random(key).shuffle` draws (lengths 0 to 600,
    where the rejection loop and bit lengths change)."""
    import random

    for n in [*range(0, 70), 127, 128, 129, 255, 256, 257, 600]:
        for family in ("team-order", "candidates:O1"):
            expected = list(range(n))
            random.Random(draw_key(5, family)).shuffle(expected)
            assert shuffled(5, family, range(n)) == expected, (n, family)


def test_shuffled_is_a_permutation_that_depends_on_seed_and_family() -> None:
    keys = list(range(50))
    order = shuffled(11, "x", keys)
    assert sorted(order) == keys and order != keys
    assert order == shuffled(11, "x", keys)
    assert order != shuffled(12, "x", keys) and order != shuffled(11, "y", keys)
