"""The built-in recognisers put together from their modules, in a fixed order.

The order matters: in text, exact ties between overlapping spans go to the recogniser that comes
first, so the modules that existed before the split keep their order in :data:`_ORDER`. Any other
module of this package that offers ``recognizers()`` joins after them, in the order of its
dotted name: adding a recogniser module needs no edit here.
"""

from __future__ import annotations

import pkgutil
from collections.abc import Callable
from functools import lru_cache
from importlib import import_module
from typing import cast

from ..recognizer import PatternRecognizer, patterns_checked

__all__ = ["builtin_recognizers", "recognizer_modules"]

_PACKAGE = __name__.rpartition(".")[0]

# strongest shapes first (see builtin_recognizers)
_ORDER: tuple[str, ...] = (
    "generic.emails",
    "generic.phones",
    "generic.cards",
    "generic.ibans",
    "country_specific.us.ssn",
    "country_specific.us.itin",
    "country_specific.uk.nhs",
    "generic.ip_addresses",
    "generic.mac_addresses",
    "generic.urls",
    "generic.crypto",
    "generic.device_ids",
    "country_specific.us.zip_codes",
    "country_specific.uk.postcodes",
    "country_specific.canada.postcodes",
    "country_specific.netherlands.postcodes",
    "country_specific.brazil.cep",
    "generic.postal_codes",
    "generic.dates",
    "generic.street_addresses",
    "generic.credentials",
    "generic.uuids",
)

# modules of this package that are not recogniser modules
_NOT_RECOGNIZERS = frozenset({"catalogue", "common"})


@lru_cache(maxsize=1)
def recognizer_modules() -> tuple[str, ...]:
    """The recogniser modules (names relative to this package), in catalogue order."""
    package = import_module(_PACKAGE)
    found: list[str] = []
    for info in pkgutil.walk_packages(package.__path__, prefix=f"{_PACKAGE}."):
        name = info.name[len(_PACKAGE) + 1 :]
        if info.ispkg or name.rpartition(".")[2].startswith("_") or name in _NOT_RECOGNIZERS:
            continue
        found.append(name)
    missing = [name for name in _ORDER if name not in found]
    if missing:  # a renamed module would silently drop its recognisers
        raise RuntimeError(f"recogniser modules missing from {_PACKAGE}: {', '.join(missing)}")
    return _ORDER + tuple(sorted(name for name in found if name not in _ORDER))


def builtin_recognizers() -> list[PatternRecognizer]:
    """The built-in recognisers, strongest shapes first.

    Scores are judgements: checksummed or unmistakable formats (IBAN, email, cards, formatted
    SSN) score 0.85-0.95 when validated; formats that other data shares (bare digit runs that
    could be ids, five-digit numbers, hex digests) score low, so that a column is assigned to
    them only together with header evidence, and in text they need a context word.

    Returns
    -------
    list of PatternRecognizer
        New recogniser objects on every call, the modules of :func:`recognizer_modules` in order.
    """
    found: list[PatternRecognizer] = []
    for name in recognizer_modules():
        module = import_module(f"{_PACKAGE}.{name}")
        build = cast("Callable[[], list[PatternRecognizer]]", module.recognizers)
        with patterns_checked():  # by tests/core/test_patterns.py: compiled on first use
            found.extend(build())
    return found
