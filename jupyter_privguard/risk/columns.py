"""The inputs of the risk functions: the frame as pandas, the columns named, and which column is what.

:func:`column_entities` asks the scanner first, then the header tier, then a short private list of
header words; :func:`~jupyter_privguard.risk.leakage` and :func:`~jupyter_privguard.risk.reidentification`
both classify their columns through it and check their arguments with the helpers here.
"""

from __future__ import annotations

import re
from collections.abc import Hashable, Iterable, Sequence
from typing import TYPE_CHECKING, Any

from ..entities import ENTITIES
from ..errors import UnsupportedDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["column_entities"]

# A deliberately small list, used only when neither the scanner nor the header tier is importable.
_FALLBACK_HEADERS: dict[str, str] = {
    "sex": "GENDER",
    "gender": "GENDER",
    "male": "GENDER",
    "female": "GENDER",
    "race": "RACE_ETHNICITY",
    "ethnicity": "RACE_ETHNICITY",
    "ethnic": "RACE_ETHNICITY",
    "colour": "RACE_ETHNICITY",
    "color": "RACE_ETHNICITY",
    "afam": "RACE_ETHNICITY",
    "religion": "RELIGION",
    "disability": "HEALTH",
    "diagnosis": "HEALTH",
    "health": "HEALTH",
    "age": "AGE",
    "marital": "MARITAL_STATUS",
    "married": "MARITAL_STATUS",
    "marriage": "MARITAL_STATUS",
    "nationality": "NATIONALITY",
    "citizenship": "NATIONALITY",
    "zip": "POSTAL_CODE",
    "zipcode": "POSTAL_CODE",
    "postcode": "POSTAL_CODE",
    "plz": "POSTAL_CODE",
    "dob": "DATE_OF_BIRTH",
    "birthdate": "DATE_OF_BIRTH",
    "birthday": "DATE_OF_BIRTH",
    "email": "EMAIL_ADDRESS",
    "phone": "PHONE_NUMBER",
    "ssn": "US_SSN",
    "name": "PERSON",
}
_FALLBACK_PHRASES: dict[tuple[str, ...], str] = {
    ("postal", "code"): "POSTAL_CODE",
    ("zip", "code"): "POSTAL_CODE",
    ("date", "of", "birth"): "DATE_OF_BIRTH",
    ("birth", "date"): "DATE_OF_BIRTH",
}


def _tokens(header: str) -> list[str]:
    spaced = re.sub(r"([a-z])([A-Z])", r"\1 \2", header)
    return [t for t in re.split(r"[^0-9a-zA-Z]+", spaced.lower()) if t]


def _fallback_entity(header: str) -> str | None:
    tokens = _tokens(header)
    joined = "".join(tokens)
    if joined in _FALLBACK_HEADERS:
        return _FALLBACK_HEADERS[joined]
    for phrase, entity in _FALLBACK_PHRASES.items():
        n = len(phrase)
        if any(tuple(tokens[i : i + n]) == phrase for i in range(len(tokens) - n + 1)):
            return entity
    for token in tokens:
        if token in _FALLBACK_HEADERS:
            return _FALLBACK_HEADERS[token]
    return None


def column_entities(df: pd.DataFrame, policy: Any = None) -> tuple[dict[Hashable, str], str]:
    """Classify the columns of ``df``: ``({column label: entity name}, source)``.

    The scanner (:func:`jupyter_privguard.scanner.scan`) is the primary path. When it is not
    importable, the header tier (``detect.headers.match_header``) is used, and when that is missing
    too, a short private list of header words. ``source`` says which one answered. ``policy``
    (default: the defaults with NER off) decides thresholds and which columns are allowed; a
    notebook passes the session's, so that ``%privguard allow column X`` takes ``X`` out.
    """
    by_name = {str(c): c for c in df.columns}
    try:
        from ..policy import Policy
        from ..scanner import scan

        # NER is off by default: the roles come from headers, patterns and vocabularies, and a name
        # column is excluded from modelling by its cardinality anyway; this keeps the first call fast.
        report = scan(df, policy=policy if policy is not None else Policy(ner="off"))
    except Exception as exc:
        fallback_reason = f"the scanner failed ({type(exc).__name__})"
    else:
        out: dict[Hashable, str] = {}
        for name, finding in report.columns.items():
            if finding.entity is not None and name in by_name and not getattr(finding, "allowed", False):
                out[by_name[name]] = finding.entity
        return out, "scanner"
    match_header: Any = None
    try:
        from ..detect.headers import match_header
    except ImportError:
        pass
    if match_header is not None:
        out = {}
        for label in df.columns:
            hits = match_header(str(label))
            if hits and hits[0].score >= 0.5:
                out[label] = hits[0].entity
        return out, f"header tier ({fallback_reason})"
    found = {label: _fallback_entity(str(label)) for label in df.columns}
    return {k: v for k, v in found.items() if v is not None}, f"fallback header list ({fallback_reason})"


def _as_pandas(df: Any, what: str) -> pd.DataFrame:
    import pandas as pd

    if isinstance(df, pd.DataFrame):
        frame = df
    elif hasattr(df, "to_pandas"):  # polars, pyarrow tables
        frame = df.to_pandas()
    else:
        raise UnsupportedDataError(
            f"{what} expects a pandas DataFrame (or an object with .to_pandas()), "
            f"got {type(df).__name__}; convert it with pandas.DataFrame(...) first"
        )
    if not frame.columns.is_unique:
        dup = sorted({str(c) for c in frame.columns[frame.columns.duplicated()]})
        raise UnsupportedDataError(
            f"{what} needs unique column names, got duplicates {dup}; rename them (df.columns = ...) first"
        )
    return frame


def _resolve_columns(df: pd.DataFrame, names: Any, what: str) -> list[Hashable]:
    if names is None:
        return []
    if isinstance(names, (str, int)) or not isinstance(names, Sequence):
        names = [names]
    out = []
    for name in names:
        if name not in df.columns:
            raise KeyError(
                f"{what}: column {name!r} is not in the frame; its columns are {[str(c) for c in df.columns][:20]}"
            )
        out.append(name)
    return out


def _risk_roles(
    columns: Iterable[Hashable],
    entities: dict[Hashable, str],
    qi: list[Hashable],
    sens: list[Hashable],
    quasi_identifiers: Any,
    sensitive: Any,
    notes: list[str],
) -> tuple[list[Hashable], list[Hashable], list[Hashable]]:
    """The quasi-identifiers, sensitive and direct-identifier columns of a re-identification report.

    ``qi`` and ``sens`` are the columns named by the caller; where the caller named none
    (``quasi_identifiers`` or ``sensitive`` is None) they come from ``entities``. The notes about
    what was found are appended to ``notes``. Shared by the pandas and the Spark paths, so that both
    report the same columns and the same words.
    """
    direct = [c for c, e in entities.items() if ENTITIES.get(e) is not None and ENTITIES[e].category == "direct"]
    if quasi_identifiers is None:
        qi = [c for c in columns if entities.get(c) in ENTITIES and ENTITIES[entities[c]].category == "quasi"]
        if not qi:
            notes.append("No column was classified as a quasi-identifier; name them with quasi_identifiers=[...].")
    if sensitive is None:
        sens = [
            c
            for c in columns
            if entities.get(c) in ENTITIES and ENTITIES[entities[c]].category == "sensitive" and c not in qi
        ]
    if direct:
        notes.append(
            f"{len(direct)} column(s) hold direct identifiers ({', '.join(map(str, direct))}); each row is "
            "identified by them alone, whatever k is: drop or pseudonymise them before sharing."
        )
    return qi, sens, direct
