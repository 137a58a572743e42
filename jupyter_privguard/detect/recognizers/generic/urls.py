"""Web addresses: with a scheme, or a bare domain with a common TLD."""

from __future__ import annotations

from ... import validators as v
from ...recognizer import PatternRecognizer
from ..common import DNS_LABELS

# Bare domains are URLs only with a TLD that is common and does not double as a file extension
# or an attribute (``.py``, ``.md``, ``.sh``, ``.info``, ``.name`` are left out on purpose).
_TLDS = (
    "com|org|net|edu|gov|mil|int|io|co|ai|app|dev|me|tv|biz|xyz|online|site|tech|store|blog|cloud|"
    "uk|de|fr|es|it|nl|be|ch|at|se|no|dk|fi|ie|pt|pl|cz|sk|hu|ro|gr|ru|ua|tr|il|in|cn|jp|kr|tw|hk|"
    "sg|au|nz|ca|us|mx|br|ar|cl|za|eu|ae|sa|ng|ke|vn|th|id|my|ph"
)


def recognizers() -> list[PatternRecognizer]:
    """The recognisers of this module, in catalogue order."""
    R = PatternRecognizer
    return [
        R(
            "url",
            "URL",
            "(?i:https?|ftps?|sftp|wss?)://[^ \t\r\n<>\"'`]*[^ \t\r\n<>\"'`.,;:!?()\\[\\]{}]",
            0.3,
            v.url,
            0.85,
            context=("url", "link", "website", "site", "web", "page", "visit"),
            left=r"(?<![\w])",
            right="",
            search_group="codes",
            description="a web address with a scheme",
            letters="always",
        ),
        R(
            "url_domain",
            "URL",
            f"(?:www[.])?{DNS_LABELS}(?i:{_TLDS})(?:/[^ \t\r\n<>\"'`]*[^ \t\r\n<>\"'`.,;:!?()\\[\\]{{}}])?",
            0.1,
            v.url,
            0.5,
            context=("url", "link", "website", "site", "web", "domain", "page", "visit"),
            left=r"(?<![\w.@/:-])",
            right=r"(?![\w@-]|[.][A-Za-z0-9])",
            description="a bare domain or www. address with a common TLD",
            letters="always",
        ),
    ]
