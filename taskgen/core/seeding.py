"""Stable seeding: every random draw in taskgen comes from these functions.

Seeds are derived with blake2b over a canonical text, never from ``hash()``, the global
``random`` module or the clock, so the same inputs give the same numbers in every process,
Python version and machine.
"""

from __future__ import annotations

import hashlib
import json
import random
from typing import Any

MAX_SEED = 2**63 - 1
"""Largest accepted seed: seeds stay exact in JSON readers that use 64-bit integers."""


_CANONICAL = json.JSONEncoder(sort_keys=True, separators=(",", ":"), ensure_ascii=False)
"""What ``json.dumps(value, sort_keys=True, separators=(",", ":"), ensure_ascii=False)`` builds
on every call (it holds no state between calls), built once."""


def canonical_json(value: Any) -> str:
    """Returns the canonical JSON text of ``value`` (sorted keys, no spaces).

    >>> canonical_json({"b": 1, "a": [1, 2]})
    '{"a":[1,2],"b":1}'
    """
    return _CANONICAL.encode(value)


def stable_int(*parts: Any, bits: int = 63) -> int:
    """Hashes ``parts`` (via canonical JSON) to a non-negative integer below ``2**bits``.

    >>> stable_int("sat", 0, 7) == stable_int("sat", 0, 7)
    True
    """
    digest = hashlib.blake2b(canonical_json(list(parts)).encode("utf-8"), digest_size=16).digest()
    return int.from_bytes(digest, "big") >> (128 - bits)


def stable_hex(*parts: Any, length: int = 16) -> str:
    """Hashes ``parts`` to a hex string of ``length`` characters (for task ids)."""
    digest = hashlib.blake2b(canonical_json(list(parts)).encode("utf-8"), digest_size=32)
    return digest.hexdigest()[:length]


def item_seed(family: str, version: int, seed: int, index: int) -> int:
    """Returns the seed of item ``index`` of the stream ``(family, version, seed)``.

    Item 0 is the task of ``seed`` itself, so ``sample(seed=s)`` is the first item of
    ``generate(seed=s)``. Later items come from a hash of all four values, never ``seed + i``
    (which would make seed 0's second item equal seed 1's first).
    """
    if index == 0:
        return seed
    return stable_int("item", family, version, seed, index)


def task_rng(family: str, version: int, seed: int, params: dict[str, Any]) -> random.Random:
    """Returns the private random generator that draws one task."""
    return random.Random(stable_int("task", family, version, seed, params))
