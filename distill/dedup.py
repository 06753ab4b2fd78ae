"""Near-duplicate search by MinHash and banded LSH, verified by exact Jaccard similarity.

Tens of thousands of examples make all-pairs comparison too slow; MinHash signatures put items
that share many features into the same bucket of at least one band, and only those candidates
are compared exactly, so the threshold is exact and the cost stays near linear.
"""

from __future__ import annotations

import hashlib
from collections import defaultdict
from collections.abc import Hashable, Iterable

import numpy as np

_PRIME = (1 << 31) - 1


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    if not a and not b:
        return 1.0
    return len(a & b) / len(a | b)


def _hashes(features: Iterable[str]) -> np.ndarray:
    return np.fromiter(
        (
            int.from_bytes(hashlib.blake2b(f.encode("utf-8"), digest_size=4).digest(), "little")
            for f in features
        ),
        dtype=np.uint64,
    )


class NearDuplicateIndex:
    """Items (feature sets) under keys; `similar(features)` returns keys at or above threshold."""

    def __init__(self, threshold: float, *, num_perm: int = 64, bands: int = 16, seed: int = 7):
        if not 0.0 < threshold <= 1.0:
            raise ValueError("the near-duplicate threshold must be in (0, 1]")
        rng = np.random.default_rng(seed)
        self.threshold = threshold
        self.rows = num_perm // bands
        self._a = rng.integers(1, _PRIME, size=num_perm, dtype=np.uint64)
        self._b = rng.integers(0, _PRIME, size=num_perm, dtype=np.uint64)
        self._buckets: list[dict[bytes, list[Hashable]]] = [defaultdict(list) for _ in range(bands)]
        self._items: dict[Hashable, frozenset[str]] = {}

    def _bands(self, features: frozenset[str]) -> list[bytes]:
        hashes = _hashes(sorted(features)) if features else np.zeros(1, dtype=np.uint64)
        signature = ((np.outer(self._a, hashes) + self._b[:, None]) % _PRIME).min(axis=1)
        return [
            signature[i * self.rows : (i + 1) * self.rows].tobytes()
            for i in range(len(self._buckets))
        ]

    def similar(self, features: frozenset[str]) -> list[Hashable]:
        return self._similar(features, self._bands(features))

    def add(self, key: Hashable, features: frozenset[str]) -> None:
        self._add(key, features, self._bands(features))

    def add_unless_similar(self, key: Hashable, features: frozenset[str]) -> bool:
        """Add `features` under `key` unless a near duplicate is already indexed; True if added.

        Deduplication searches then inserts every item: its signature is computed once for both.
        """
        bands = self._bands(features)
        if self._similar(features, bands):
            return False
        self._add(key, features, bands)
        return True

    def _similar(self, features: frozenset[str], bands: list[bytes]) -> list[Hashable]:
        candidates: set[Hashable] = set()
        for bucket, band in zip(self._buckets, bands, strict=True):
            candidates.update(bucket.get(band, ()))
        return [k for k in candidates if jaccard(self._items[k], features) >= self.threshold]

    def _add(self, key: Hashable, features: frozenset[str], bands: list[bytes]) -> None:
        self._items[key] = features
        for bucket, band in zip(self._buckets, bands, strict=True):
            bucket[band].append(key)

    def __len__(self) -> int:
        return len(self._items)
