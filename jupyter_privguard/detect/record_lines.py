"""A line that identifies a person: its other identifier-shaped fields are the same person's.

A record printed without its header (``!sed -n 3p people.csv``, a fixed-width report line, a row a
child process prints) has values that no pattern reports alone: ``465-20-4487`` without the word SSN
is a number, ``1992-06-11`` is a date, ``576095469`` is an id. But the same line usually holds values
that are reported with confidence (an email, a card that passes its checksum, a phone, a name the
session knows). When a line holds at least :data:`MIN_ANCHORS` such values of different entities, the
line is one person's record, and the fields left in it that have an identifier's shape are reported:

* ``ddd-dd-dddd`` as ``US_SSN``;
* a date (``1992-06-11``, ``11/06/1992``, ``11.06.1992``) as ``DATE_OF_BIRTH``: a date on a person's
  record line is one of the identifiers HIPAA's Safe Harbor method removes ("all elements of dates,
  except year, directly related to an individual", 45 CFR 164.514(b)(2));
* three or more groups of 7 to 15 digits in all, split by dots, spaces or hyphens, as ``PHONE_NUMBER``;
* a run of 9 to 19 digits (spaces or hyphens inside allowed) as ``NATIONAL_ID``.

Time stamps (a date followed by a time), amounts (a decimal point), codes with letters (``SKU-3281``, ``ORD-72275``), short numbers and years
are never matched, and a line with fewer anchors is left to the other tiers, so a table of figures
stays as printed. Only offsets and entities leave this module.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

__all__ = ["ANCHORS", "MIN_ANCHORS", "record_line_spans"]

#: entities whose spans make a line a person's record
ANCHORS = frozenset(
    {
        "PERSON",
        "EMAIL_ADDRESS",
        "PHONE_NUMBER",
        "US_SSN",
        "CREDIT_CARD",
        "IBAN_CODE",
        "IP_ADDRESS",
        "STREET_ADDRESS",
        "NATIONAL_ID",
    }
)
#: different anchor entities a line needs
MIN_ANCHORS = 2

_EDGE_L = r"(?<![\w./:+-])"
_EDGE_R = r"(?![\w/:+]|[.-]\d)"
_SHAPES = (
    ("US_SSN", re.compile(_EDGE_L + r"\d{3}-\d{2}-\d{4}" + _EDGE_R)),
    (
        "DATE_OF_BIRTH",
        re.compile(
            _EDGE_L
            + r"(?:(?:19|20)\d{2}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])"
            + r"|(?:0?[1-9]|[12]\d|3[01])[./](?:0?[1-9]|1[0-2])[./](?:19|20)\d{2}"
            + r"|(?:0?[1-9]|1[0-2])/(?:0?[1-9]|[12]\d|3[01])/(?:19|20)\d{2})"
            + _EDGE_R
            + r"(?!\s*\d{1,2}:\d{2})"  # a time stamp (a log line's date and time) is when, not who
        ),
    ),
    # three or more groups of digits split by dots, spaces or hyphens (``537.870.9713``, ``+1 (555) 010 7788``)
    ("PHONE_NUMBER", re.compile(_EDGE_L + r"\+?\(?\d{1,4}\)?(?:[ .-]\(?\d{2,4}\)?){2,4}" + _EDGE_R)),
    ("NATIONAL_ID", re.compile(_EDGE_L + r"\d(?:[ -]?\d){8,18}" + _EDGE_R)),
)
_PHONE_DIGITS = (7, 15)
_DATE_LIKE = re.compile(r"\d{4}[./-]\d{1,2}[./-]\d{1,2}|\d{1,2}[./-]\d{1,2}[./-]\d{4}")


def record_line_spans(
    text: str, placed: Iterable[tuple[int, int, str]], reported: Iterable[str]
) -> list[tuple[int, int, str]]:
    """The identifier-shaped fields of the lines of ``text`` that ``placed`` spans mark as a person's record.

    Parameters
    ----------
    text
        The outgoing text.
    placed
        ``(start, end, entity)`` spans the other tiers found (known values, patterns).
    reported
        The entities the policy reports: a shape whose entity is not among them is not reported.

    Returns
    -------
    list of (start, end, entity)
        Not overlapping any placed span.
    """
    spans = sorted(s for s in placed if s[2] in ANCHORS)
    if len(spans) < MIN_ANCHORS:
        return []
    wanted = [(entity, rx) for entity, rx in _SHAPES if entity in set(reported)]
    if not wanted:
        return []
    all_placed = sorted(placed)
    out: list[tuple[int, int, str]] = []
    k = 0
    offset = 0
    for line in text.splitlines(keepends=True):
        end = offset + len(line)
        entities = set()
        while k < len(spans) and spans[k][0] < end:
            if spans[k][0] >= offset:
                entities.add(spans[k][2])
            k += 1
        if len(entities) >= MIN_ANCHORS:
            taken = [(a - offset, b - offset) for a, b, _ in all_placed if a < end and b > offset]
            for entity, rx in wanted:
                for m in rx.finditer(line):
                    s, e = m.span()
                    if any(s < b and e > a for a, b in taken):
                        continue
                    if entity == "PHONE_NUMBER" and not _phone_like(m.group()):
                        continue
                    taken.append((s, e))
                    out.append((offset + s, offset + e, entity))
        offset = end
    return out


def _phone_like(text: str) -> bool:
    """Digits enough for a phone, and not a date (a time stamp's date has a phone's groups)."""
    digits = sum(c.isdigit() for c in text)
    return _PHONE_DIGITS[0] <= digits <= _PHONE_DIGITS[1] and not _DATE_LIKE.fullmatch(text)
