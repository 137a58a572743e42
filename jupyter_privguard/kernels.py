"""Arrow kernels of the built-in operators: a whole column of texts in one pass, the same text per cell.

Each kernel takes an Arrow string array (one text per item, null where the cell is missing) and returns an Arrow
string array of the same length: the replacement of each text, exactly as the per-value operator in
:mod:`jupyter_privguard.operators` writes it, or **null where that operator must decide** (the driver in
:mod:`jupyter_privguard.vectorised` then calls it for those texts only). Null is used where Arrow's semantics and
Python's part, so nothing here approximates: Python's ``\\d`` matches every Unicode decimal digit and
``str.casefold`` folds ``ß`` to ``ss``, where RE2 and ``utf8_lower`` do not, so the date and age rules leave
non-ASCII texts to Python and ``casefold`` pseudonyms fold only the non-ASCII distinct values there.

Whitespace is Python's (``str.isspace``: 29 code points, among them the ASCII separators ``\\x1c``-``\\x1f``, which
Arrow's own trim does not count), so ``text.strip()`` and ``" ".join(text.split())`` are matched exactly.

Digests are computed once per distinct text (``dictionary_encode``), in C through ``hashlib`` state copies, and
turned into hex tokens with numpy; the tokens are mapped back to the rows by the dictionary indices.
"""

from __future__ import annotations

import datetime as _dt
import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from . import textbuffers as tb
from .operators import (
    HASH_HEX,
    MASK_CAP,
    PSEUDONYM_HEX,
    _op_generalize,
    _op_hash,
    _op_mask,
    _op_placeholder,
    _op_pseudonymize,
    _rules,
    placeholder,
)

if TYPE_CHECKING:
    from .policy import Policy

__all__ = ["KERNELS", "Kernel", "PY_WHITESPACE", "strip"]

#: ``kernel(texts, entity, policy) -> replacements`` (null: the per-value operator decides)
Kernel = Callable[[Any, str, "Policy"], Any]

#: The code points ``str.isspace`` accepts (what ``str.strip()`` and ``str.split()`` remove); a test checks it
#: against the running Python, which would catch a Unicode update.
PY_WHITESPACE = (
    "\t\n\x0b\x0c\r\x1c\x1d\x1e\x1f \x85\xa0\u1680\u2000\u2001\u2002\u2003\u2004\u2005\u2006\u2007\u2008\u2009"
    "\u200a\u2028\u2029\u202f\u205f\u3000"
)
_WS_RUN = "[" + "".join(f"\\x{{{ord(c):x}}}" for c in PY_WHITESPACE) + "]+"
_NOT_ALNUM = "[^0-9A-Za-z]+"  # operators._NOT_ALNUM, which is ASCII in Python too

# operators._YEAR4, _COMPACT_YMD, _COMPACT_DMY, _SHORT_DATE and _NUMBER for ASCII texts (where ``\d`` is [0-9]).
# RE2 has no look-around: the year's non-digit neighbours are matched and the year is the named group; the leftmost
# match is the leftmost year with no digit on either side, as ``re.search`` finds it.
_YEAR = "(?:1[89][0-9]{2}|20[0-9]{2})"
_YEAR4 = f"(?:^|[^0-9])(?P<y>{_YEAR})(?:[^0-9]|$)"
_COMPACT_YMD = f"^{_YEAR}(?:0[1-9]|1[0-2])(?:0[1-9]|[12][0-9]|3[01])$"
_COMPACT_DMY = f"^(?:0[1-9]|[12][0-9]|3[01])(?:0[1-9]|1[0-2]){_YEAR}$"
_SHORT_DATE = r"^[0-9]{1,2}[/.\-][0-9]{1,2}[/.\-](?P<yy>[0-9]{2})$"
_NUMBER = "(?P<n>[0-9]+(?:[.,][0-9]+)?)"
_MAX_AGE = 130

_HEX = np.frombuffer(b"0123456789abcdef", dtype=np.uint8)
# distinct texts hashed per batch: bounds the Python bytes objects alive at once
_HASH_BATCH = 16_384
_TEXT = pa.large_string()


# ---------------------------------------------------------------------------------------------
# building blocks
# ---------------------------------------------------------------------------------------------
def strip(texts: Any) -> Any:
    """``text.strip()`` for every text (Python's whitespace)."""
    if not tb.may_need_strip(texts):
        return texts
    return pc.utf8_trim(texts, characters=PY_WHITESPACE)


def _split_join(texts: Any) -> Any:
    """``" ".join(text.split())`` for every text: trimmed, each run of whitespace one space."""
    if tb.may_hold_whitespace_runs(texts):
        texts = pc.replace_substring_regex(texts, _WS_RUN, " ")
    if not tb.may_need_strip(texts):
        return texts
    return pc.utf8_trim(texts, characters=" ")


def _ascii_lower(texts: Any) -> Any:
    """``pc.ascii_lower``, skipped (no copy) when no text holds an ASCII capital."""
    return pc.ascii_lower(texts) if tb.holds_any(texts, tb.ASCII_UPPER) else texts


def _alnum_only(texts: Any) -> Any:
    """``re.sub("[^0-9A-Za-z]+", "", text)`` for every text."""
    offsets, data = tb.drop_bytes(texts, tb.ALNUM)
    return tb.with_nulls_of(tb.to_arrow(offsets, data), texts)


def _null() -> Any:
    return pa.scalar(None, _TEXT)


def _where(condition: Any, then: Any, otherwise: Any) -> Any:
    return pc.if_else(condition, then, otherwise)


def _constant(texts: Any, value: str) -> Any:
    """``value`` for every present text, null for the missing ones."""
    return _where(pc.is_valid(texts), pa.scalar(value, _TEXT), _null())


def _stars(counts: Any, most: int) -> Any:
    """``"*" * count`` per row (``count <= most``; a null count gives null)."""
    table = pa.array(["*" * i for i in range(most + 1)], _TEXT)
    return table.take(pc.cast(counts, pa.int64()))


def _fixed_width(rows: np.ndarray) -> Any:
    """An Arrow string array from an ``n x width`` uint8 matrix of ASCII, one row per string."""
    n, width = rows.shape
    offsets = np.arange(n + 1, dtype=np.int64) * width
    return pa.LargeStringArray.from_buffers(n, pa.py_buffer(offsets), pa.py_buffer(np.ascontiguousarray(rows)))


def _tokens(prefix: str, digests: np.ndarray, hex_chars: int) -> Any:
    """``prefix + digest.hex()[:hex_chars]`` per row of ``digests`` (``n x bytes`` uint8; ``hex_chars`` even)."""
    n = len(digests)
    head = np.frombuffer(prefix.encode("utf-8"), dtype=np.uint8)
    rows = np.empty((n, len(head) + hex_chars), dtype=np.uint8)
    rows[:, : len(head)] = head
    used = digests[:, : hex_chars // 2]
    rows[:, len(head) :: 2] = _HEX[used >> 4]
    rows[:, len(head) + 1 :: 2] = _HEX[used & 15]
    return _fixed_width(rows)


def _digests(texts: Any, digest_one: Callable[[bytes], bytes], keep_bytes: int) -> np.ndarray:
    """The first ``keep_bytes`` bytes of ``digest_one(text as UTF-8)`` for every (non-null) text."""
    n = len(texts)
    out = np.zeros((n, keep_bytes), dtype=np.uint8)
    raw = texts.cast(pa.large_binary())
    for start in range(0, n, _HASH_BATCH):
        items = raw.slice(start, _HASH_BATCH).to_pylist()
        joined = b"".join([digest_one(b"" if item is None else item) for item in items])
        out[start : start + len(items)] = np.frombuffer(joined, dtype=np.uint8).reshape(len(items), -1)[:, :keep_bytes]
    return out


def _keyed_tokens(
    texts: Any,
    prefix: str,
    hex_chars: int,
    digest_one: Callable[[bytes], bytes],
    fold: Callable[[Any], Any] | None = None,
) -> Any:
    """``prefix + digest_one(text).hex()[:hex_chars]`` per row, the digest computed once per distinct text."""
    valid = None if texts.null_count == 0 else pc.is_valid(texts)
    encoded = pc.dictionary_encode(texts)
    rows = pc.fill_null(encoded.indices, 0).to_numpy(zero_copy_only=False)
    distinct = encoded.dictionary if fold is None else fold(encoded.dictionary)
    del encoded  # the distinct texts go once hashed: the tokens are built without them
    digests = _digests(distinct, digest_one, hex_chars // 2)
    del distinct
    tokens = _tokens(prefix, digests[rows], hex_chars)
    return tokens if valid is None else pc.if_else(valid, tokens, _null())


# ---------------------------------------------------------------------------------------------
# the kernels
# ---------------------------------------------------------------------------------------------
def _k_placeholder(texts: Any, entity: str, policy: Policy) -> Any:
    return _constant(texts, placeholder(entity))


def _k_mask(texts: Any, entity: str, policy: Policy) -> Any:
    style = _rules(entity).mask_style
    text = strip(texts)
    if style == "email":
        return _mask_email(text)
    if style == "tail":
        return _mask_tail(text, policy.mask_keep)
    return _stars(pc.min_element_wise(pc.utf8_length(text), MASK_CAP, skip_nulls=False), MASK_CAP)


def _mask_email(text: Any) -> Any:
    """``"****@" + domain`` where ``text.rpartition("@")`` has a local part and a domain, else stars."""
    starts, ends, data = tb.parts(text)
    at = tb.last_byte(text, ord("@"))
    ok = (at > starts) & (at < ends - 1)
    domain = np.where(ok, ends - at - 1, 0)
    chars = np.nan_to_num(pc.utf8_length(text).to_numpy(zero_copy_only=False).astype(np.float64)).astype(np.int64)
    offsets, out = tb.build(np.where(ok, 5 + domain, np.minimum(chars, MASK_CAP)), ord("*"))
    out[offsets[:-1][ok] + 4] = ord("@")
    tb.copy_bytes(out, offsets[:-1] + 5, data, at + 1, domain)
    return tb.with_nulls_of(tb.to_arrow(offsets, out), text)


def _mask_tail(text: Any, keep: int) -> Any:
    """Stars for the hidden letters and digits, then the last ``shown`` of them (separators dropped)."""
    offsets, chars = tb.drop_bytes(text, tb.ALNUM)  # ASCII letters and digits: one byte each
    length = np.diff(offsets)
    shown = np.minimum(keep, length // 2)
    hidden = np.minimum(length - shown, 2 * MASK_CAP)
    out_offsets, out = tb.build(hidden + shown, ord("*"))
    tb.copy_bytes(out, out_offsets[:-1] + hidden, chars, offsets[1:] - shown, shown)
    return tb.with_nulls_of(tb.to_arrow(out_offsets, out), text)


def _k_hash(texts: Any, entity: str, policy: Policy) -> Any:
    salted = hashlib.sha256(policy.key.encode("utf-8") + b"\x00")
    fresh = salted.copy

    def digest_one(data: bytes) -> bytes:
        state = fresh()
        state.update(data)
        return state.digest()

    return _keyed_tokens(strip(texts), f"{entity}:", HASH_HEX, digest_one)


def _hmac_sha256(key: bytes) -> Callable[[bytes], bytes]:
    """``hmac.new(key, data, sha256).digest()`` as one function, the two pad states hashed once (RFC 2104)."""
    block = 64
    if len(key) > block:
        key = hashlib.sha256(key).digest()
    key = key.ljust(block, b"\x00")
    inner = hashlib.sha256(bytes(b ^ 0x36 for b in key)).copy
    outer = hashlib.sha256(bytes(b ^ 0x5C for b in key)).copy

    def digest_one(data: bytes) -> bytes:
        first = inner()
        first.update(data)
        second = outer()
        second.update(first.digest())
        return second.digest()

    return digest_one


def _k_pseudonymize(texts: Any, entity: str, policy: Policy) -> Any:
    form = _rules(entity).pseudonym_form
    digest_one = _hmac_sha256(policy.key.encode("utf-8"))

    if form == "compact":
        # whitespace is not a letter or digit: dropping every other character first gives the same text
        normal = _ascii_lower(_alnum_only(texts))
    else:
        normal = _split_join(texts)
    fold = _casefold if form == "casefold" else None
    return _keyed_tokens(normal, f"{entity}_", PSEUDONYM_HEX, digest_one, fold)


def _casefold(texts: Any) -> Any:
    """``str.casefold`` per text: Arrow lowers the ASCII ones, Python folds the others (``ß`` -> ``ss``)."""
    ascii_only = pc.fill_null(pc.string_is_ascii(texts), True)
    folded = _ascii_lower(texts)
    if pc.all(ascii_only).as_py():
        return folded
    others = pc.invert(ascii_only)
    python = [None if t is None else t.casefold() for t in pc.filter(texts, others).to_pylist()]
    return pc.replace_with_mask(folded, others, pa.array(python, _TEXT))


def _k_generalize(texts: Any, entity: str, policy: Policy) -> Any:
    if _rules(entity).is_date:
        return _years(texts, entity)
    if entity == "POSTAL_CODE":
        return _zip_prefix(texts, policy.zip_digits, entity)
    if entity == "AGE":
        return _age_bands(texts, policy.age_band, entity)
    return _constant(texts, placeholder(entity))


def _ascii_only(texts: Any, result: Any) -> Any:
    """``result`` where the text is ASCII; null elsewhere, where Python's Unicode ``\\d`` may read it otherwise."""
    return _where(pc.fill_null(pc.string_is_ascii(texts), False), result, _null())


def _years(texts: Any, entity: str) -> Any:
    text = strip(texts)
    leading = _leading_year(text)
    if not leading.any():
        return _years_by_patterns(text, entity)
    # ``re.search`` finds a year at the very start first, and a text that starts with a year and then a non-digit
    # is not one of the compact forms: its year is its first four characters
    first_four = pc.utf8_slice_codeunits(text, 0, 4)
    if leading.all():
        return tb.with_nulls_of(first_four, texts)
    others = pa.array(~leading)
    rest = _years_by_patterns(pc.filter(text, others), entity)
    return tb.with_nulls_of(pc.replace_with_mask(first_four, others, rest), texts)


def _leading_year(text: Any) -> np.ndarray:
    """Rows that start with ``1[89]dd`` or ``20dd`` followed by the end or an ASCII non-digit."""
    starts, ends, data = tb.parts(text)
    length = ends - starts
    if len(data) == 0:
        return np.zeros(len(starts), dtype=bool)
    last = len(data) - 1
    b = [data[np.minimum(starts + i, last)] for i in range(5)]
    digit = [(x >= 48) & (x <= 57) for x in b]
    year = ((b[0] == 49) & ((b[1] == 56) | (b[1] == 57)) | (b[0] == 50) & (b[1] == 48)) & digit[2] & digit[3]
    after = (length == 4) | ((length > 4) & ~digit[4] & (b[4] < 0x80))
    return np.asarray((length >= 4) & year & after)


def _years_by_patterns(text: Any, entity: str) -> Any:
    this_year = _dt.date.today().year % 100
    ymd = _where(pc.match_substring_regex(text, _COMPACT_YMD), pc.utf8_slice_codeunits(text, 0, 4), _null())
    dmy = _where(pc.match_substring_regex(text, _COMPACT_DMY), pc.utf8_slice_codeunits(text, 4, 8), _null())
    year4 = pc.struct_field(pc.extract_regex(text, _YEAR4), "y")
    yy = pc.struct_field(pc.extract_regex(text, _SHORT_DATE), "yy")
    two = pc.cast(yy, pa.int64()).to_numpy(zero_copy_only=False)
    two = np.nan_to_num(two.astype(np.float64), nan=0).astype(np.int64)
    short = pc.cast(pa.array(np.where(two <= this_year, 2000 + two, 1900 + two)), _TEXT)
    short = _where(pc.is_valid(yy), short, _null())
    found = pc.coalesce(
        pc.cast(ymd, _TEXT), pc.cast(dmy, _TEXT), pc.cast(year4, _TEXT), short, pa.scalar(placeholder(entity), _TEXT)
    )
    return _ascii_only(text, _where(pc.is_valid(text), found, _null()))


def _zip_prefix(texts: Any, digits: int, entity: str) -> Any:
    compact = _alnum_only(texts)
    prefix = pc.binary_join_element_wise(
        pc.utf8_slice_codeunits(compact, 0, digits), pa.scalar("**", _TEXT), pa.scalar("", _TEXT)
    )
    longer = pc.greater(pc.utf8_length(compact), digits)  # the prefix must not be the whole code
    return _where(longer, pc.cast(prefix, _TEXT), pa.scalar(placeholder(entity), _TEXT))


def _age_bands(texts: Any, width: int, entity: str) -> Any:
    number = pc.struct_field(pc.extract_regex(texts, _NUMBER), "n")
    value = pc.cast(pc.replace_substring(number, ",", "."), pa.float64()).to_numpy(zero_copy_only=False)
    value = np.asarray(value, dtype=np.float64)  # null (no number) -> NaN
    with np.errstate(invalid="ignore"):
        ok = (value >= 0) & (value <= _MAX_AGE)
    low = np.where(ok, np.floor(np.where(ok, value, 0)), 0).astype(np.int64) // width * width
    band = pc.cast(pa.array(low), _TEXT)
    if width != 1:
        high = pc.cast(pa.array(low + width - 1), _TEXT)
        band = pc.binary_join_element_wise(band, pa.scalar("-", _TEXT), high, pa.scalar("", _TEXT))
    result = _where(pa.array(ok), band, pa.scalar(placeholder(entity), _TEXT))
    return _ascii_only(texts, _where(pc.is_valid(texts), result, _null()))


#: The kernel of each built-in operator function. Keyed by the function, not the action name: an operator a user
#: registers under a built-in's name keeps its own per-value function.
KERNELS: dict[Callable[..., Any], Kernel] = {
    _op_placeholder: _k_placeholder,
    _op_mask: _k_mask,
    _op_hash: _k_hash,
    _op_pseudonymize: _k_pseudonymize,
    _op_generalize: _k_generalize,
}
