"""Hash keys to int64 payloads in sorted numpy segments: the storage of the session's value index.

What is stored is never a value: 64-bit hashes and small payloads (entity code, flags, a second
hash to confirm a hit). Appending is cheap (``array`` buffers); :meth:`HashTable.seal` sorts what
was added into a segment and merges segments, so a table of a million keys is a few sorted arrays.
"""

from __future__ import annotations

from array import array
from bisect import bisect_left
from typing import Any

import numpy as np

__all__ = ["HashTable"]

_FEW_KEYS = 24  # up to this many keys, a binary search per key beats building numpy arrays


class HashTable:
    """Hash keys to int64 payloads: sorted segments, searched all at once with numpy.

    ``kind`` is ``"first"`` (a payload per key), ``"set"`` (keys only, once each) or ``"or"`` (the
    payloads of a key OR-ed together: the window lengths that start with a token).
    """

    def __init__(self, kind: str = "first") -> None:
        self.kind = kind
        self.keys = array("q")  # pending: appended to by ValueIndex.add, under its lock
        self.values = array("q")
        # (keys, payloads, memory view of keys, memory view of payloads) per segment
        self._segments: list[tuple[Any, Any, Any, Any]] = []

    def seal(self) -> None:
        """Sort what was added into a segment; merge segments so that there are few (log of the size)."""
        if not self.keys:
            return
        keys = np.frombuffer(self.keys, dtype=np.int64).copy()
        values = np.frombuffer(self.values, dtype=np.int64).copy() if self.kind != "set" else None
        self.keys, self.values = array("q"), array("q")
        segments = [*self._segments, self._sorted(keys, values)]
        while len(segments) > 1 and len(segments[-1][0]) * 2 >= len(segments[-2][0]):
            (k1, v1, _, _), (k2, v2, _, _) = segments[-2], segments[-1]
            merged = np.concatenate([v1, v2]) if v1 is not None else None
            segments[-2:] = [self._sorted(np.concatenate([k1, k2]), merged)]
        self._segments = segments  # one assignment: a reader sees the old list or the new one

    def _sorted(self, keys: Any, values: Any) -> tuple[Any, Any, Any, Any]:
        if values is None:
            keys = np.unique(keys)
        else:
            order = np.argsort(keys, kind="stable")
            keys, values = keys[order], values[order]
            if self.kind == "or" and len(keys):
                firsts = np.flatnonzero(np.concatenate([[True], keys[1:] != keys[:-1]]))
                keys, values = keys[firsts], np.bitwise_or.reduceat(values, firsts)
        return keys, values, memoryview(keys), None if values is None else memoryview(values)

    def lookup(self, keys: list[int]) -> list[int]:
        """The payload of each key: ``-1`` where absent, ``0`` for a present key of a set.

        A few keys are looked up one by one (binary search on a memory view, no array built: the
        tripwire asks about many short texts); many at once with one numpy search per segment.
        """
        # pending keys are not searched: only add() seals, so a lookup made while another thread
        # learns sees whole batches (never a table whose keys and payloads are out of step)
        segments = self._segments
        if len(keys) <= _FEW_KEYS:
            return [self._lookup_one(key, segments) for key in keys]
        wanted = np.array(keys, dtype=np.int64)
        out = np.full(len(keys), -1, dtype=np.int64)
        for seg_keys, seg_values, _, _ in segments:
            pos = np.searchsorted(seg_keys, wanted)
            pos[pos >= len(seg_keys)] = 0
            hit = seg_keys[pos] == wanted
            if self.kind == "or":
                found = seg_values[pos[hit]]
                out[hit] = np.where(out[hit] < 0, found, out[hit] | found)
                continue
            hit &= out < 0
            out[hit] = 0 if seg_values is None else seg_values[pos[hit]]
        result: list[int] = out.tolist()
        return result

    def _lookup_one(self, key: int, segments: list[tuple[Any, Any, Any, Any]]) -> int:
        out = -1
        for _, _, keys_view, values_view in segments:
            pos = bisect_left(keys_view, key)
            if pos < len(keys_view) and keys_view[pos] == key:
                value = 0 if values_view is None else int(values_view[pos])
                if self.kind != "or":
                    return value
                out = value if out < 0 else out | value
        return out

    def __bool__(self) -> bool:
        return bool(self._segments)

    @property
    def nbytes(self) -> int:
        total = self.keys.itemsize * (len(self.keys) + len(self.values))
        for k, v, _, _ in self._segments:
            total += k.nbytes + (0 if v is None else v.nbytes)
        return total
