"""numpy over the buffers of Arrow string arrays: the byte-level steps the kernels need, without a regex engine.

An Arrow ``large_string`` array is an ``int64`` offsets buffer and one UTF-8 data buffer. Several operator steps are
plain byte work there: dropping everything but ASCII letters and digits (every byte of a multi-byte character is
``>= 0x80``, so a byte filter drops whole characters), finding the last ``"@"`` (``0x40`` occurs in UTF-8 only as
itself), keeping a row's last few bytes. RE2 does these a few times slower (``replace_substring_regex`` runs per
match), so the kernels use these and keep RE2 for real patterns.

Row positions here are byte offsets into the data buffer. A missing row is handled like any other (its bytes are
whatever the buffer holds, usually none) and masked by the caller.
"""

from __future__ import annotations

from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

__all__ = [
    "ALNUM",
    "ASCII_UPPER",
    "build",
    "copy_bytes",
    "drop_bytes",
    "holds_any",
    "last_byte",
    "may_hold_whitespace_runs",
    "may_need_strip",
    "parts",
    "to_arrow",
    "with_nulls_of",
]

#: ``ALNUM[b]``: byte ``b`` is an ASCII letter or digit (``[0-9A-Za-z]``).
ALNUM = np.zeros(256, dtype=bool)
ALNUM[np.frombuffer(b"0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz", dtype=np.uint8)] = True

#: ``ASCII_UPPER[b]``: byte ``b`` is an ASCII capital (``[A-Z]``).
ASCII_UPPER = np.zeros(256, dtype=bool)
ASCII_UPPER[np.frombuffer(b"ABCDEFGHIJKLMNOPQRSTUVWXYZ", dtype=np.uint8)] = True

# Bytes that may begin or end a whitespace character (Python's ``str.isspace``): the ASCII ones, the lead bytes of
# U+0085, U+00A0, U+1680, U+2000-U+3000, and the last bytes of those. A superset: it only decides whether to trim.
_WS_ASCII = [9, 10, 11, 12, 13, 28, 29, 30, 31, 32]
_MAY_BEGIN_WS = np.zeros(256, dtype=bool)
_MAY_BEGIN_WS[_WS_ASCII + [0xC2, 0xE1, 0xE2, 0xE3]] = True
_MAY_END_WS = np.zeros(256, dtype=bool)
_MAY_END_WS[
    _WS_ASCII + [0x85, 0xA0, 0x80, 0x81, 0x82, 0x83, 0x84, 0x86, 0x87, 0x88, 0x89, 0x8A, 0xA8, 0xA9, 0xAF, 0x9F]
] = True
# whitespace bytes other than the space, and the lead bytes of multi-byte whitespace (a superset again)
_OTHER_WS = np.zeros(256, dtype=bool)
_OTHER_WS[[9, 10, 11, 12, 13, 28, 29, 30, 31, 0xC2, 0xE1, 0xE2, 0xE3]] = True
_BATCH = 32_768  # rows per batch where a step needs an array per byte: bounds it
_SHORT_COPY = 8  # up to this many bytes per row, copy_bytes gathers byte position by byte position


def parts(texts: Any) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """``(starts, ends, data)`` of a ``large_string`` array: row ``i`` is ``data[starts[i]:ends[i]]``."""
    if not pa.types.is_large_string(texts.type):
        raise TypeError(f"expected a large_string array, got {texts.type}")
    buffers = texts.buffers()
    offsets = np.frombuffer(buffers[1], dtype=np.int64)[texts.offset : texts.offset + len(texts) + 1]
    data = np.frombuffer(buffers[2], dtype=np.uint8) if buffers[2] is not None else np.zeros(0, dtype=np.uint8)
    return offsets[:-1], offsets[1:], data


def build(lengths: np.ndarray, fill: int) -> tuple[np.ndarray, np.ndarray]:
    """Offsets for rows of ``lengths`` bytes, and a data buffer of that size filled with byte ``fill``."""
    offsets = np.zeros(len(lengths) + 1, dtype=np.int64)
    np.cumsum(lengths, out=offsets[1:])
    return offsets, np.full(int(offsets[-1]), fill, dtype=np.uint8)


def to_arrow(offsets: np.ndarray, data: np.ndarray) -> Any:
    """A ``large_string`` array from offsets and UTF-8 data (no nulls)."""
    return pa.LargeStringArray.from_buffers(len(offsets) - 1, pa.py_buffer(offsets), pa.py_buffer(data))


def with_nulls_of(result: Any, texts: Any) -> Any:
    """``result`` with a null wherever ``texts`` has one."""
    if texts.null_count == 0:
        return result
    return pc.if_else(pc.is_valid(texts), result, pa.scalar(None, result.type))


def may_need_strip(texts: Any) -> bool:
    """Whether any text may begin or end with whitespace (``False`` means ``strip()`` changes none)."""
    starts, ends, data = parts(texts)
    filled = ends > starts
    if not filled.all():
        starts, ends = starts[filled], ends[filled]
    if len(starts) == 0:
        return False
    return bool(_MAY_BEGIN_WS[data[starts]].any() or _MAY_END_WS[data[ends - 1]].any())


def may_hold_whitespace_runs(texts: Any) -> bool:
    """Whether any text may hold whitespace other than single ASCII spaces (``False``: ``split()`` is on spaces)."""
    starts, ends, data = parts(texts)
    if len(starts) == 0:
        return False
    region = data[int(starts[0]) : int(ends[-1])]
    if _OTHER_WS[region].any():
        return True
    spaces = region == 32
    return bool((spaces[1:] & spaces[:-1]).any())


def holds_any(texts: Any, mask: np.ndarray) -> bool:
    """Whether any text holds a byte ``b`` with ``mask[b]`` (a 256-entry mask)."""
    starts, ends, data = parts(texts)
    if len(starts) == 0:
        return False
    low, high = int(starts[0]), int(ends[-1])
    return any(bool(mask[data[i : min(i + _BATCH * 16, high)]].any()) for i in range(low, high, _BATCH * 16))


def drop_bytes(texts: Any, keep: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """``(offsets, data)`` of every row with only the bytes ``b`` where ``keep[b]`` (a 256-entry mask)."""
    starts, ends, data = parts(texts)
    counts = np.zeros(len(starts), dtype=np.int64)
    pieces = [np.zeros(0, dtype=np.uint8)]
    # in batches of rows: counting per row sums in int64, which must not be one int64 per byte of the column
    for begin in range(0, len(starts), _BATCH):
        stop = min(begin + _BATCH, len(starts))
        low, high = int(starts[begin]), int(ends[stop - 1])
        if high == low:
            continue
        kept = keep[data[low:high]]
        if kept.all():  # a card's digits, an IBAN: nothing to drop in this batch
            counts[begin:stop] = ends[begin:stop] - starts[begin:stop]
            pieces.append(data[low:high])
            continue
        marks = np.minimum(starts[begin:stop] - low, high - low)
        sums = np.add.reduceat(np.append(kept, False), marks, dtype=np.int64)
        sums[ends[begin:stop] == starts[begin:stop]] = 0  # reduceat gives an empty row the next byte, not 0
        counts[begin:stop] = sums
        pieces.append(data[low:high][kept])
    offsets = np.zeros(len(starts) + 1, dtype=np.int64)
    np.cumsum(counts, out=offsets[1:])
    return offsets, np.concatenate(pieces)


def last_byte(texts: Any, byte: int) -> np.ndarray:
    """Per row, the data position of the last ``byte`` in it, or ``-1``."""
    starts, ends, data = parts(texts)
    out = np.full(len(starts), -1, dtype=np.int64)
    if len(starts) == 0:
        return out
    low, high = int(starts[0]), int(ends[-1])
    found = np.flatnonzero(data[low:high] == byte) + low
    if len(found) == 0:
        return out
    rows = np.searchsorted(ends, found, side="right")  # the row whose [start, end) holds the byte
    last = np.flatnonzero(np.diff(rows, append=len(starts)) != 0)
    out[rows[last]] = found[last]
    return out


def copy_bytes(out: np.ndarray, out_at: np.ndarray, data: np.ndarray, data_at: np.ndarray, lengths: np.ndarray) -> None:
    """``out[out_at[i] : out_at[i] + lengths[i]] = data[data_at[i] : ...]`` for every row ``i``."""
    if len(lengths) == 0:
        return
    longest = int(lengths.max())
    if longest <= _SHORT_COPY:
        # a few bytes per row (a card's last four): one gather per byte position
        for j in range(longest):
            rows = lengths > j
            out[out_at[rows] + j] = data[data_at[rows] + j]
        return
    for begin in range(0, len(lengths), _BATCH):
        size = lengths[begin : begin + _BATCH]
        total = int(size.sum())
        if total == 0:
            continue
        here, there = out_at[begin : begin + _BATCH], data_at[begin : begin + _BATCH]
        # each row's bytes are a run: the output position is the run's start plus the step within it
        target = np.arange(total, dtype=np.int64) + np.repeat(here - (np.cumsum(size) - size), size)
        out[target] = data[target + np.repeat(there - here, size)]
