"""Whether a column of eight-digit numbers is a column of birth dates written ``YYYYMMDD``.

Eight digits are most often an id, an order number or a date of some event. A column of them
counts as birth dates only when its header says birth (the header tier decides that), or when
its values together look like the birth dates of many people: nearly all read as dates of people
aged 0 to 110, and their years spread over decades (a run of ids, or the order dates of one
year, do not).

The same test reads a column of written dates (``15.02.1947``, ``1971年2月8日``, ``1971-02-08``) under
a header that says nothing (``col_3``): dates without a time of day, of people aged 0 to 110,
spread over three or more decades and twenty years or more, are birth dates. Timestamps, order
and event dates of recent years, and one date repeated, are not.
"""

from __future__ import annotations

import datetime as _dt
from collections.abc import Iterable

__all__ = ["births_plausible", "compact_births_plausible", "names_another_event"]

#: header words naming the date of something other than a birth: under them, dates of many decades are
#: hires, orders, foundings or records, and the values alone never say birth (written here, English and the
#: words of a few more languages for the commonest events; a header the words miss is read by the values)
_EVENT_WORDS = frozenset(
    """
    hire hired hiring employed employment start started starting end ended ending join joined joining
    order ordered orders purchase purchased sale sold ship shipped shipping delivery delivered due paid payment
    invoice invoiced booking booked transaction created creation create updated update modified changed
    founded founding established incorporation incorporated registered registration signup enrolled
    enrollment opened opening closed closing release released published publication issue issued expiry
    expires expired expiration valid renewal last first seen login visit visited admission discharge
    event record recorded logged measured sampled survey report reported at on since until from to
    einstellung eintritt austritt bestellung bestellt erstellt gegrundet grundung rechnung lieferung
    commande creation embauche fondation facture livraison inscription pedido creacion contratacion alta
    fundacion factura entrega ordine creazione assunzione fondazione fattura consegna bestelling aangemaakt
    oprichting factuur levering zamowienie utworzenia zatrudnienia
    """.split()
)
#: stems that open compounds written as one word (Eintrittsdatum, Bestelldatum, besteldatum, ansettelsesdato)
_EVENT_STEMS = (
    "eintritt",
    "austritt",
    "einstell",
    "bestell",
    "erstell",
    "grundung",
    "rechnung",
    "liefer",
    "aanmaak",
    "oprichting",
    "levering",
    "ansettelse",
    "anstallning",
    "ordre",
    "tilaus",
)

#: the share of the values that must read as birth dates
MIN_SHARE = 0.95
#: the oldest age a birth date may give
MAX_AGE = 110
#: the fewest distinct decades the years must fall in, and the fewest years they must span
MIN_DECADES = 3
MIN_SPAN_YEARS = 20


#: the fewest values a column needs before its dates alone may say birth
MIN_VALUES = 20
#: the fewest distinct dates (a few dates repeated are events, not people)
MIN_DISTINCT_SHARE = 0.5


def _spread_like_births(years: list[int], total: int) -> bool:
    if not total or len(years) < MIN_SHARE * total:
        return False
    return len({y // 10 for y in years}) >= MIN_DECADES and max(years) - min(years) >= MIN_SPAN_YEARS


def births_plausible(values: Iterable[str], today: _dt.date | None = None) -> bool:
    """True when ``values`` (sampled cells) are written dates that read as many people's birth dates.

    Nearly all must parse as a date without a time of day (see
    :func:`jupyter_privguard.detect.date_values.parse_date`) of someone aged 0 to :data:`MAX_AGE`,
    at least half of them distinct, their years over :data:`MIN_DECADES` decades and
    :data:`MIN_SPAN_YEARS` years; columns of fewer than :data:`MIN_VALUES` values never qualify.
    """
    from .date_values import parse_date

    today = today or _dt.date.today()
    oldest = today.year - MAX_AGE
    years: list[int] = []
    seen: set[str] = set()
    total = 0
    for value in values:
        total += 1
        text = value.strip()
        if not text or ":" in text or len(text) > 40:
            continue  # a time of day: a timestamp, not a birth date
        for born in parse_date(text, today=today):
            if oldest <= born.year and born <= today:
                years.append(born.year)
                seen.add(text)
                break
    if total < MIN_VALUES or len(seen) < MIN_DISTINCT_SHARE * total:
        return False
    return _spread_like_births(years, total)


def compact_births_plausible(values: Iterable[str], today: _dt.date | None = None) -> bool:
    """True when ``values`` (sampled cells) read as birth dates ``YYYYMMDD`` of many people.

    Parameters
    ----------
    values
        The non-missing sampled cells of one column, as strings.
    today
        Reference date (default: today); tests pass a fixed one.
    """
    today = today or _dt.date.today()
    oldest = today.year - MAX_AGE
    years: list[int] = []
    total = 0
    for value in values:
        total += 1
        text = value.strip()
        if len(text) != 8 or not text.isascii() or not text.isdigit():
            continue
        try:
            born = _dt.date(int(text[:4]), int(text[4:6]), int(text[6:]))
        except ValueError:
            continue
        if oldest <= born.year and born <= today:
            years.append(born.year)
    return _spread_like_births(years, total)


def names_another_event(header: str) -> bool:
    """Whether ``header`` names the date of an event other than a birth (``hire_date``, ``order_date``)."""
    from .header_vocab import split_header

    try:
        words = split_header(str(header))
    except Exception:
        return False
    return any(w in _EVENT_WORDS or w.startswith(_EVENT_STEMS) for w in words)
