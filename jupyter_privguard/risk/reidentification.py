"""Re-identification risk: k-anonymity, uniqueness, l-diversity and a greedy generalisation to a target k.

An *equivalence class* is the set of rows that share the same values on every quasi-identifier. A row
in a class of size ``c`` can be singled out with probability ``1 / c`` by someone who knows those
values about a person in the table (the "prosecutor" model of El Emam & Dankar 2008). ``k`` is the
smallest class size (Sweeney 2002); ``l`` is the smallest number of distinct sensitive values inside
a class (Machanavajjhala et al. 2007).

Everything runs on integer codes from :func:`pandas.factorize`: each quasi-identifier is factorised
once, the codes are combined into one int64 key per row (mixed radix, re-factorised whenever the
radix would overflow) and the class sizes come from :func:`numpy.bincount`. That is what keeps a
million rows under a second or two. Nothing in a report holds a raw value: column names, counts,
shares and risks only.
"""

from __future__ import annotations

import html
import math
import re
import time
from collections.abc import Hashable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import numpy as np

from ..entities import ENTITIES
from ..errors import UnsupportedDataError

if TYPE_CHECKING:
    import pandas as pd

__all__ = ["Generalization", "RiskReport", "column_entities", "reidentification", "unique_rows"]

# Suppression is the last resort: the greedy search generalises until at most this share of rows is
# still in a class smaller than k, and only those rows are removed.
DEFAULT_MAX_SUPPRESSION = 0.05

# ---------------------------------------------------------------------------------------------------
# Which column is what: the scanner first, header names as a fallback
# ---------------------------------------------------------------------------------------------------

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


# ---------------------------------------------------------------------------------------------------
# Equivalence classes on integer codes
# ---------------------------------------------------------------------------------------------------


def _codes(values: pd.Series) -> tuple[np.ndarray, int]:
    """Integer codes with missing values as a value of their own (a blank is as telling as any value)."""
    import pandas as pd

    codes, uniques = pd.factorize(values, use_na_sentinel=False)
    return codes.astype(np.int64, copy=False), max(len(uniques), 1)


def _combined_key(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """One int64 key per row: codes combined by mixed radix, re-factorised before an overflow."""
    import pandas as pd

    if not code_list:
        return np.zeros(n, dtype=np.int64), 1
    key, size = code_list[0]
    for codes, card in code_list[1:]:
        if size * card >= 2**62:
            key, uniq = pd.factorize(key)
            size = len(uniq)
        key = key * card + codes
        size *= card
    return key, size


def _group_ids(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> tuple[np.ndarray, int]:
    """Dense class ids (0 .. n_classes - 1) and the number of classes."""
    import pandas as pd

    key, _ = _combined_key(code_list, n)
    gid, uniq = pd.factorize(key)
    return gid.astype(np.int64, copy=False), len(uniq)


@dataclass(frozen=True)
class _Classes:
    gid: np.ndarray  # class id per row
    sizes: np.ndarray  # size per class (may hold zeros for unused ids; see present_sizes)

    @property
    def row_sizes(self) -> np.ndarray:
        return np.asarray(self.sizes[self.gid])

    @property
    def present_sizes(self) -> np.ndarray:
        return np.asarray(self.sizes[self.sizes > 0])


def _classes(code_list: Sequence[tuple[np.ndarray, int]], n: int) -> _Classes:
    key, size = _combined_key(code_list, n)
    if size <= max(4 * n, 1 << 20):
        # a small key space: count directly, no hashing (the generalisation search lives here)
        return _Classes(key, np.bincount(key, minlength=size))
    gid, n_groups = _group_ids(code_list, n)
    return _Classes(gid, np.bincount(gid, minlength=n_groups))


def _l_diversity(gid: np.ndarray, n_groups: int, sensitive: pd.Series) -> int:
    """Distinct l-diversity: the smallest number of distinct sensitive values in a class."""
    import pandas as pd

    s_codes, s_uniq = pd.factorize(sensitive, use_na_sentinel=False)
    pair = gid * max(len(s_uniq), 1) + s_codes
    distinct_pairs = pd.unique(pair)
    per_class = np.bincount(distinct_pairs // max(len(s_uniq), 1), minlength=n_groups)
    return int(per_class.min()) if n_groups else 0


def unique_rows(frame: pd.DataFrame) -> int:
    """How many rows of ``frame`` are alone in their class on *all* of its columns (the fast path).

    The same counting as :func:`reidentification` (missing values are a value of their own) without
    the rest of the report (per-row risk, leave-one-out shares, l-diversity): what the display
    guard needs for its one-line warning. Select the quasi-identifiers first (``df[[...]]`` or
    ``df.iloc[:, positions]``).
    """
    n = len(frame)
    if frame.shape[1] == 0:
        return int(n == 1)  # no column: every row is in one class
    code_list = [_codes(frame.iloc[:, i]) for i in range(frame.shape[1])]
    classes = _classes(code_list, n)
    return int((classes.sizes == 1).sum())


# ---------------------------------------------------------------------------------------------------
# Reports
# ---------------------------------------------------------------------------------------------------

_SIZE_BINS = ((1, 1, "1 (unique)"), (2, 2, "2"), (3, 4, "3-4"), (5, 9, "5-9"), (10, 10**18, "10+"))


@dataclass
class Generalization:
    """The result of :meth:`RiskReport.generalize`: a new frame and what was changed to get it.

    Unpacks as ``frame, changes = report.generalize(k=5)``.
    """

    frame: pd.DataFrame
    changes: list[dict[str, Any]]
    k_target: int
    k: int
    suppressed: int
    levels: dict[str, int]
    unique_share: float

    def __iter__(self) -> Iterator[Any]:
        yield self.frame
        yield self.changes

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready summary (no values)."""
        return {
            "k_target": self.k_target,
            "k": self.k,
            "suppressed": self.suppressed,
            "unique_share": self.unique_share,
            "levels": dict(self.levels),
            "changes": list(self.changes),
        }

    def __repr__(self) -> str:
        return (
            f"<Generalization k={self.k} (target {self.k_target}), {len(self.changes)} changes, "
            f"{self.suppressed} rows suppressed>"
        )


@dataclass
class RiskReport:
    """Re-identification risk of a table on its quasi-identifiers (see :func:`reidentification`).

    Attributes
    ----------
    quasi_identifiers
        The columns treated as quasi-identifiers, in the order given or found.
    k
        The size of the smallest equivalence class (0 for an empty frame).
    unique_share
        Share of rows that are alone in their class.
    n_classes, n_rows
        Number of equivalence classes and of rows.
    average_risk, max_risk
        Mean and maximum of the per-row risk ``1 / class size``.
    l_diversity
        ``{sensitive column: l}``, the smallest number of distinct values of that column in a class.
    class_size_histogram
        Rows per class-size band (``"1 (unique)"``, ``"2"``, ``"3-4"``, ``"5-9"``, ``"10+"``).
    unique_share_without
        ``{quasi-identifier: unique share when that column is left out}``: which column drives the risk.
    direct_identifiers
        Columns classified as direct identifiers; each identifies a row on its own and is not counted
        as a quasi-identifier.
    """

    quasi_identifiers: list[str]
    k: int
    unique_share: float
    n_classes: int
    n_rows: int
    average_risk: float
    max_risk: float
    l_diversity: dict[str, int] = field(default_factory=dict)
    class_size_histogram: dict[str, int] = field(default_factory=dict)
    unique_share_without: dict[str, float] = field(default_factory=dict)
    entities: dict[str, str | None] = field(default_factory=dict)
    direct_identifiers: list[str] = field(default_factory=list)
    sensitive: list[str] = field(default_factory=list)
    source: str = "given"
    notes: list[str] = field(default_factory=list)
    elapsed_s: float = 0.0
    _frame: pd.DataFrame | None = field(default=None, repr=False)
    _labels: list[Hashable] = field(default_factory=list, repr=False)
    _row_risk: np.ndarray | None = field(default=None, repr=False)

    # -- numbers -------------------------------------------------------------------------------
    @property
    def row_risk(self) -> pd.Series:
        """Per-row re-identification risk ``1 / class size``, aligned to the frame's index."""
        import pandas as pd

        index = self._frame.index if self._frame is not None else None
        values = self._row_risk if self._row_risk is not None else np.zeros(0)
        return pd.Series(values, index=index, name="reidentification_risk")

    @property
    def verdict(self) -> str:
        """One line for people."""
        if not self.quasi_identifiers:
            return "No quasi-identifiers found: re-identification risk was not assessed."
        qis = ", ".join(self.quasi_identifiers)
        level = "high" if self.unique_share >= 0.05 or self.k < 2 else "elevated" if self.k < 5 else "low"
        return (
            f"Re-identification risk {level}: k = {self.k}, {self.unique_share:.1%} of {self.n_rows:,} rows "
            f"are unique on {qis}."
        )

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (no raw values)."""
        return {
            "quasi_identifiers": list(self.quasi_identifiers),
            "k": self.k,
            "unique_share": self.unique_share,
            "n_rows": self.n_rows,
            "n_classes": self.n_classes,
            "average_risk": self.average_risk,
            "max_risk": self.max_risk,
            "l_diversity": dict(self.l_diversity),
            "class_size_histogram": dict(self.class_size_histogram),
            "unique_share_without": dict(self.unique_share_without),
            "entities": dict(self.entities),
            "direct_identifiers": list(self.direct_identifiers),
            "sensitive": list(self.sensitive),
            "source": self.source,
            "notes": list(self.notes),
            "elapsed_s": round(self.elapsed_s, 6),
            "verdict": self.verdict,
        }

    def summary(self) -> str:
        """Plain-text summary."""
        lines = [
            self.verdict,
            f"classes: {self.n_classes:,}; average risk {self.average_risk:.3f}; max risk {self.max_risk:.3f}",
        ]
        for col, l_val in self.l_diversity.items():
            lines.append(f"l-diversity of {col}: {l_val}")
        for col, share in self.unique_share_without.items():
            lines.append(f"unique share without {col}: {share:.1%}")
        lines += [f"note: {n}" for n in self.notes]
        return "\n".join(lines)

    def __repr__(self) -> str:
        return (
            f"<RiskReport k={self.k} unique_share={self.unique_share:.3f} quasi_identifiers={self.quasi_identifiers}>"
        )

    def _repr_html_(self) -> str:
        esc = html.escape
        bars = [
            (label, count / self.n_rows if self.n_rows else 0.0, label.startswith("1"))
            for label, count in self.class_size_histogram.items()
        ]
        chart = _svg_bars(bars, title="share of rows by equivalence-class size")
        drivers = ""
        if self.unique_share_without:
            drivers = _svg_bars(
                [(f"without {q}", s, False) for q, s in self.unique_share_without.items()],
                title="unique share if one quasi-identifier is left out",
            )
        notes = "".join(f"<li>{esc(n)}</li>" for n in self.notes)
        return (
            f"<div class='privguard-risk'><p><b>{esc(self.verdict)}</b></p>{chart}{drivers}"
            + (f"<ul>{notes}</ul>" if notes else "")
            + "</div>"
        )

    def plot(self) -> Any:
        """A matplotlib bar chart of class sizes (needs matplotlib; returns the figure)."""
        plt = _pyplot()
        fig, ax = plt.subplots(figsize=(6, 3))
        ax.bar(list(self.class_size_histogram), [v / max(self.n_rows, 1) for v in self.class_size_histogram.values()])
        ax.set_xlabel("equivalence-class size")
        ax.set_ylabel("share of rows")
        ax.set_title(f"k = {self.k}, unique share {self.unique_share:.1%}")
        fig.tight_layout()
        return fig

    # -- generalisation ------------------------------------------------------------------------
    def generalize(self, k: int = 5, *, max_suppression: float = DEFAULT_MAX_SUPPRESSION) -> Generalization:
        """Return a new frame generalised just enough that every class has at least ``k`` rows.

        A greedy walk up the generalisation lattice: each quasi-identifier has a ladder of levels
        (postal codes lose trailing characters; dates become month, year, 5- and 10-year bands;
        ages and other numbers become bands; categories below a frequency threshold merge into
        ``"Other"``; the top level is ``"*"``). At each step the one-level move that leaves the
        fewest rows in classes smaller than ``k`` (ties: the least information lost) is taken, until
        at most ``max_suppression`` of the rows are left in such classes; those rows are then removed
        (suppression, the last resort). Greedy search finds a small generalisation, not provably the
        smallest (optimal searches such as Flash or OLA visit the whole lattice).

        Parameters
        ----------
        k
            The target smallest class size (>= 1).
        max_suppression
            The largest share of rows that may be removed instead of generalising further, in [0, 1).

        Returns
        -------
        Generalization
            ``.frame`` (a new DataFrame; the original is not touched), ``.changes`` (one dict per
            generalised column and one for the suppression), the reached ``.k`` and more.
        """
        if not isinstance(k, (int, np.integer)) or isinstance(k, bool) or k < 1:
            raise ValueError(f"k must be an integer >= 1, got {k!r}")
        if not 0 <= max_suppression < 1:
            raise ValueError(f"max_suppression must be in [0, 1), got {max_suppression!r}; e.g. 0.05 for 5%")
        if self._frame is None:
            raise ValueError("this report holds no frame to generalise; build it with reidentification(df)")
        return _generalize(self, int(k), float(max_suppression))


def _svg_bars(bars: Sequence[tuple[str, float, bool]], *, title: str, width: int = 420) -> str:
    """A horizontal bar chart as inline SVG: (label, value in [0, 1], highlighted)."""
    esc = html.escape
    row_h, label_w, pad = 18, 160, 4
    bar_w = width - label_w - 60
    height = row_h * len(bars) + 22
    parts = [
        f"<svg xmlns='http://www.w3.org/2000/svg' width='{width}' height='{height}' role='img' "
        f"aria-label='{esc(title)}' style='font:11px sans-serif'>",
        f"<text x='0' y='12' font-weight='bold'>{esc(title)}</text>",
    ]
    for i, (label, value, hot) in enumerate(bars):
        y = 20 + i * row_h
        v = min(max(float(value), 0.0), 1.0) if math.isfinite(value) else 0.0
        color = "#c0392b" if hot else "#7f8c8d"
        short = label if len(label) <= 26 else label[:25] + "…"
        parts.append(f"<text x='0' y='{y + 12}'>{esc(short)}</text>")
        parts.append(
            f"<rect x='{label_w}' y='{y + pad // 2}' width='{max(v * bar_w, 1):.1f}' "
            f"height='{row_h - pad}' fill='{color}'/>"
        )
        parts.append(f"<text x='{label_w + v * bar_w + 4:.1f}' y='{y + 12}'>{v:.1%}</text>")
    parts.append("</svg>")
    return "".join(parts)


def _pyplot() -> Any:
    try:
        import matplotlib.pyplot as plt
    except ImportError:
        from ..errors import MissingDependencyError

        raise MissingDependencyError(
            "plot() needs matplotlib, which is not installed; "
            "pip install matplotlib (or use the HTML report, which needs nothing)"
        ) from None
    return plt


# ---------------------------------------------------------------------------------------------------
# The public function
# ---------------------------------------------------------------------------------------------------


def reidentification(
    df: pd.DataFrame,
    quasi_identifiers: str | Sequence[Hashable] | None = None,
    *,
    sensitive: str | Sequence[Hashable] | None = None,
    policy: Any = None,
) -> RiskReport:
    """Measure how easily a row of ``df`` can be singled out from its quasi-identifiers.

    Parameters
    ----------
    df
        A pandas DataFrame (polars frames are converted). It is not modified.
    quasi_identifiers
        Columns an attacker could know about a person (postal code, birth date, age, sex ...).
        When omitted, the columns the scanner classifies as quasi-identifiers.
    sensitive
        Columns whose l-diversity is reported. When omitted, the columns classified as sensitive
        attributes (health, ethnicity, religion ...).
    policy
        The :class:`~jupyter_privguard.policy.Policy` used to classify the columns when either list is
        omitted (thresholds, allowed columns, forced entities); by default the defaults with NER off.

    Returns
    -------
    RiskReport
        ``k``, the unique share, per-row risk (``report.row_risk``), l-diversity, which column
        drives the risk; ``report.generalize(k=5)`` returns a generalised copy.
    """
    start = time.perf_counter()
    frame = _as_pandas(df, "reidentification()")
    notes: list[str] = []
    qi = _resolve_columns(frame, quasi_identifiers, "quasi_identifiers")
    sens = _resolve_columns(frame, sensitive, "sensitive")
    entities: dict[Hashable, str] = {}
    source = "given"
    if quasi_identifiers is None or sensitive is None:
        entities, source = column_entities(frame, policy)
        if source != "scanner":
            notes.append(f"Columns were classified by the {source}.")
    direct = [c for c, e in entities.items() if ENTITIES.get(e) is not None and ENTITIES[e].category == "direct"]
    if quasi_identifiers is None:
        qi = [c for c in frame.columns if entities.get(c) in ENTITIES and ENTITIES[entities[c]].category == "quasi"]
        if not qi:
            notes.append("No column was classified as a quasi-identifier; name them with quasi_identifiers=[...].")
    if sensitive is None:
        sens = [
            c
            for c in frame.columns
            if entities.get(c) in ENTITIES and ENTITIES[entities[c]].category == "sensitive" and c not in qi
        ]
    if direct:
        notes.append(
            f"{len(direct)} column(s) hold direct identifiers ({', '.join(map(str, direct))}); each row is "
            "identified by them alone, whatever k is: drop or pseudonymise them before sharing."
        )

    n = len(frame)
    code_list = [_codes(frame[c]) for c in qi]
    gid, n_groups = _group_ids(code_list, n)
    classes = _Classes(gid, np.bincount(gid, minlength=n_groups))
    row_sizes = classes.row_sizes
    k = int(classes.sizes.min()) if n and len(classes.sizes) else 0
    unique_share = float((row_sizes == 1).mean()) if n else 0.0
    row_risk = 1.0 / row_sizes if n else np.zeros(0)
    hist = {label: int(((row_sizes >= lo) & (row_sizes <= hi)).sum()) for lo, hi, label in _SIZE_BINS}
    without: dict[str, float] = {}
    if len(qi) > 1 and n:
        for i, col in enumerate(qi):
            rest = code_list[:i] + code_list[i + 1 :]
            without[str(col)] = float((_classes(rest, n).row_sizes == 1).mean())
    l_div = {str(c): _l_diversity(classes.gid, len(classes.sizes), frame[c]) for c in sens} if n else {}
    if any(v == 1 for v in l_div.values()):
        notes.append("Some classes hold a single sensitive value (l = 1): knowing the quasi-identifiers reveals it.")
    if frame[qi].isna().any().any() if qi else False:
        notes.append("Missing values in the quasi-identifiers count as a value of their own.")
    return RiskReport(
        quasi_identifiers=[str(c) for c in qi],
        k=k,
        unique_share=unique_share,
        n_classes=int(len(classes.sizes)) if n else 0,
        n_rows=n,
        average_risk=float(row_risk.mean()) if n else 0.0,
        max_risk=float(row_risk.max()) if n else 0.0,
        l_diversity=l_div,
        class_size_histogram=hist,
        unique_share_without=without,
        entities={str(c): entities.get(c) for c in qi},
        direct_identifiers=[str(c) for c in direct],
        sensitive=[str(c) for c in sens],
        source=source,
        notes=notes,
        elapsed_s=time.perf_counter() - start,
        _frame=frame,
        _labels=list(qi),
        _row_risk=row_risk,
    )


# ---------------------------------------------------------------------------------------------------
# Generalisation hierarchies: computed on the distinct values only, then mapped to rows by code
# ---------------------------------------------------------------------------------------------------


@dataclass
class _Ladder:
    """One quasi-identifier's generalisation levels (level 0 = the original values)."""

    column: Hashable
    kind: str  # "prefix" | "date" | "band" | "category"
    base_codes: np.ndarray  # row -> index into the distinct values
    labels: list[np.ndarray]  # per level: label for each distinct value (object array)
    level_codes: list[np.ndarray]  # per level: distinct value -> code at that level
    level_sizes: list[int]
    descriptions: list[str]

    @property
    def top(self) -> int:
        return len(self.labels) - 1

    def codes(self, level: int) -> tuple[np.ndarray, int]:
        return self.level_codes[level][self.base_codes], self.level_sizes[level]


def _unless(mask: Any, values: Any) -> np.ndarray:
    """``values`` as an object array with ``None`` where ``mask`` is true (missing stays missing)."""
    out = np.array(values, dtype=object)
    out[np.asarray(mask, dtype=bool)] = None
    return out


def _factorize_labels(labels: np.ndarray) -> tuple[np.ndarray, int]:
    import pandas as pd

    codes, uniq = pd.factorize(labels, use_na_sentinel=False)
    return codes.astype(np.int64), max(len(uniq), 1)


def _ladder(frame: pd.DataFrame, column: Hashable, entity: str | None, k: int) -> _Ladder:
    import pandas as pd

    s = frame[column]
    base_codes, uniq = pd.factorize(s, use_na_sentinel=False)
    base_codes = base_codes.astype(np.int64)
    counts = np.bincount(base_codes, minlength=len(uniq))
    values = pd.Series(np.asarray(uniq, dtype=object))
    missing = values.isna().to_numpy()
    levels: list[np.ndarray] = []
    descriptions: list[str] = []
    name = str(column).lower()
    is_dt = pd.api.types.is_datetime64_any_dtype(s)
    kind = "category"
    if entity == "POSTAL_CODE":
        kind = "prefix"
        text = values.astype(str).str.strip()
        width = int(text[~missing].str.len().max()) if (~missing).any() else 0
        for keep in range(width - 1, 0, -1):
            levels.append(_unless(missing, (text.str[:keep] + "*" * (width - keep)).to_numpy()))
            descriptions.append(f"kept the first {keep} of {width} characters")
    elif is_dt or entity in ("DATE_OF_BIRTH", "DATE_TIME"):
        parsed = pd.to_datetime(values, errors="coerce", format="mixed") if not is_dt else pd.to_datetime(values)
        if parsed.notna().mean() >= 0.9:
            kind = "date"
            year = parsed.dt.year
            ok = parsed.notna().to_numpy()
            levels.append(_unless(~ok, parsed.dt.strftime("%Y-%m").to_numpy(dtype=object)))
            descriptions.append("dates reduced to year and month")
            levels.append(_unless(~ok, year.astype("Int64").astype(str).to_numpy(dtype=object)))
            descriptions.append(
                "dates reduced to the year (birth year)" if entity == "DATE_OF_BIRTH" else "dates reduced to the year"
            )
            for w in (5, 10):
                lo = (year // w) * w
                lab = lo.astype("Int64").astype(str) + "-" + (lo + w - 1).astype("Int64").astype(str)
                levels.append(_unless(~ok, lab.to_numpy(dtype=object)))
                descriptions.append(f"dates reduced to {w}-year bands")
    is_age = entity == "AGE" or re.search(r"(^|[^a-z])age($|[^a-z])", name) is not None
    if (
        kind == "category"
        and pd.api.types.is_numeric_dtype(s)
        and not pd.api.types.is_bool_dtype(s)
        and (len(uniq) > 10 or is_age)
    ):
        kind = "band"
        num = pd.to_numeric(values, errors="coerce").astype(float)
        if is_age:
            for w in (5, 10, 20, 40):
                low = np.floor(num / w) * w
                levels.append(_unless(missing, [f"{a:.0f}-{a + w - 1:.0f}" if np.isfinite(a) else None for a in low]))
                descriptions.append(f"ages in {w}-year bands")
        else:
            # Bands at quantiles of the rows (not of the distinct values), from fine to coarse.
            row_values = num.to_numpy()[base_codes]
            for q in (10, 5, 3, 2):
                edges = np.unique(np.nanquantile(row_values, np.linspace(0, 1, q + 1)))
                if len(edges) < 2:
                    continue
                idx = np.clip(np.searchsorted(edges, num.to_numpy(), side="right") - 1, 0, len(edges) - 2)
                levels.append(
                    _unless(missing, np.array([f"band {i + 1} of {len(edges) - 1}" for i in idx], dtype=object))
                )
                descriptions.append(f"values in {len(edges) - 1} quantile bands")
    if kind == "category":
        cells = values.astype(str).to_numpy(dtype=object)
        n = len(frame)
        seen: set[int] = set()
        for threshold in (k, max(k, int(0.01 * n)), max(k, int(0.05 * n)), max(k, int(0.2 * n))):
            rare = (counts < threshold) & ~missing
            n_rare = int(rare.sum())
            if n_rare < 2 or n_rare in seen or n_rare == len(uniq):
                continue
            seen.add(n_rare)
            levels.append(np.where(rare, "Other", _unless(missing, cells)))
            descriptions.append(f"merged {n_rare} categories with fewer than {threshold} rows into 'Other'")
    levels.append(np.full(len(uniq), "*", dtype=object))
    descriptions.append("replaced by '*' (fully generalised)")
    all_levels = [_unless(missing, values.to_numpy(dtype=object))] + levels
    level_codes, level_sizes = [], []
    for level in all_levels:
        c, size = _factorize_labels(level)
        level_codes.append(c)
        level_sizes.append(size)
    return _Ladder(column, kind, base_codes, all_levels, level_codes, level_sizes, ["original"] + descriptions)


def _generalize(report: RiskReport, k: int, max_suppression: float) -> Generalization:
    frame = report._frame
    assert frame is not None
    n = len(frame)
    qi = report._labels
    entity_of = {c: report.entities.get(str(c)) for c in qi}
    # Columns named by the caller were not classified: their header words decide the ladder.
    ladders = [_ladder(frame, c, entity_of[c] or _fallback_entity(str(c)), k) for c in qi]
    levels = [0] * len(ladders)
    allowed = int(math.floor(max_suppression * n))

    cache: dict[tuple[int, int], tuple[np.ndarray, int]] = {}

    def codes(i: int, level: int) -> tuple[np.ndarray, int]:
        if (i, level) not in cache:
            cache[(i, level)] = ladders[i].codes(level)
        return cache[(i, level)]

    def short_rows(lv: Sequence[int]) -> tuple[int, np.ndarray]:
        cls = _classes([codes(i, level) for i, level in enumerate(lv)], n)
        small = cls.row_sizes < k
        return int(small.sum()), small

    bad, small = short_rows(levels)
    while bad > allowed:
        best: tuple[float, int, float, int] | None = None
        for i, lad in enumerate(ladders):
            if levels[i] >= lad.top:
                continue
            trial = list(levels)
            trial[i] += 1
            trial_bad, _ = short_rows(trial)
            # information lost by this step, as a share of the column's ladder; the step that rescues
            # the most rows per unit of loss wins, and on a plateau the one that loses least
            loss = 1.0 / lad.top
            candidate = (-(bad - trial_bad) / loss, trial_bad, loss, i)
            if best is None or candidate[:3] < best[:3]:
                best = candidate
        if best is None:
            break
        levels[best[3]] += 1
        bad, small = short_rows(levels)

    out = frame.copy()
    changes: list[dict[str, Any]] = []
    for lad, level in zip(ladders, levels):
        if level == 0:
            continue
        import pandas as pd

        new = lad.labels[level][lad.base_codes]
        out[lad.column] = pd.Series(new, index=frame.index, dtype="str")
        changes.append(
            {
                "column": str(lad.column),
                "action": lad.kind,
                "level": level,
                "levels": lad.top,
                "detail": lad.descriptions[level],
            }
        )
    suppressed = 0
    if bad:
        suppressed = int(small.sum())
        out = out.loc[~small]
        changes.append(
            {
                "column": None,
                "action": "suppress",
                "rows": suppressed,
                "detail": f"removed {suppressed} rows still in classes smaller than {k}",
            }
        )
    if len(out):
        kept = ~small if bad else np.ones(n, dtype=bool)
        final = _classes(
            [(lad.codes(level)[0][kept], lad.level_sizes[level]) for lad, level in zip(ladders, levels)],
            int(kept.sum()),
        )
        k_reached = int(final.present_sizes.min())
        uniq_share = float((final.row_sizes == 1).mean())
    else:
        k_reached, uniq_share = 0, 0.0
    return Generalization(
        frame=out,
        changes=changes,
        k_target=k,
        k=k_reached,
        suppressed=suppressed,
        levels={str(lad.column): lv for lad, lv in zip(ladders, levels)},
        unique_share=uniq_share,
    )
