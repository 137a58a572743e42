"""Building blocks that several recogniser modules share: guards around numbers, hex digits, DNS labels.

A guard is a look-around placed around a pattern in text (see ``PatternRecognizer.left``/``right``):
what may not come right before or after a span.
"""

from __future__ import annotations

#: What may not come before a number: a word character, or a sign or separator that would make
#: it part of a longer number ("1.123-45-6789", "+123").
NUM_GUARD_LEFT = r"(?<![\w.,+-])"
#: What may not come after a number: a word character, or a separator followed by more digits.
NUM_GUARD_RIGHT = r"(?![\w]|[.,-][0-9])"

HEX = "[0-9A-Fa-f]"

#: One or more DNS labels, each followed by a dot ("mail.example.").
DNS_LABELS = "(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?[.])+"

#: Context words of postal codes (every country's recogniser uses them).
CTX_POSTAL = ("zip", "zipcode", "postcode", "postal", "post", "plz", "cep", "cp", "code")
