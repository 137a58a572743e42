"""Findings and the scan report: where personal data is, what it is, how sure, and why.

Nothing here ever holds a raw value. Evidence details are written by the detectors from counts
and names only (``"87 of 100 sampled values match, 87 pass the Luhn check"``).
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any, Literal

from .entities import Category, category_of
from .wording import class_label, coverage_text, entity_label, evidence_label, plural

ColumnKind = Literal["value", "free_text", "empty"]


@dataclass(frozen=True)
class Evidence:
    """One reason for a finding.

    ``detector`` names the tier and recogniser (``"header"``, ``"pattern:email"``,
    ``"validator:luhn"``, ``"ner:en_core_web_sm"``, ``"context"``); ``detail`` is a sentence made
    of names and counts, never of values.
    """

    detector: str
    entity: str
    score: float
    detail: str = ""


@dataclass(frozen=True)
class Span:
    """A span of personal data inside one string (offsets into that string)."""

    start: int
    end: int
    entity: str
    score: float
    detector: str = ""


@dataclass(frozen=True)
class SpanFinding:
    """A span inside a free-text cell: ``row`` is the row's position in the frame."""

    column: str
    row: int
    start: int
    end: int
    entity: str
    score: float
    detector: str = ""


@dataclass(frozen=True)
class ColumnFinding:
    """What one column holds.

    ``entity`` is ``None`` for a column with no personal data, and for a free-text column, whose
    findings are ``spans`` (on the sampled rows) and whose ``span_entities`` list what was seen.
    ``coverage`` is the share of sampled non-missing values that matched ``entity``.
    """

    column: str
    position: int
    dtype: str
    kind: ColumnKind
    entity: str | None
    score: float
    coverage: float
    evidence: tuple[Evidence, ...] = ()
    candidates: tuple[tuple[str, float], ...] = ()
    n_rows: int = 0
    n_sampled: int = 0
    n_missing: int = 0
    span_entities: tuple[str, ...] = ()
    spans: tuple[SpanFinding, ...] = ()
    allowed: bool = False

    @property
    def category(self) -> Category | None:
        return category_of(self.entity)

    @property
    def is_pii(self) -> bool:
        """True when the column holds personal data (a classified entity or free-text spans)."""
        return self.entity is not None or bool(self.span_entities)

    def to_dict(self) -> dict[str, Any]:
        # the fields are scalars or tuples of flat frozen records: a shallow copy of each is what
        # ``asdict`` makes of them, without its deep copy of every span (the display path calls this
        # for every frame it shows, and a free-text column holds hundreds of spans)
        out = dict(self.__dict__)
        out["category"] = self.category
        out["is_pii"] = self.is_pii
        out["candidates"] = [{"entity": e, "score": s} for e, s in self.candidates]
        out["evidence"] = [dict(e.__dict__) for e in self.evidence]
        out["span_entities"] = list(self.span_entities)
        out["spans"] = [dict(s.__dict__) for s in self.spans]
        return out


@dataclass
class ScanReport:
    """The result of :func:`jupyter_privguard.scan`.

    ``columns`` maps the column's display name (``str`` of the label; tuples joined with
    ``" / "``; a duplicated name gets ``"#2"``, ``"#3"`` ...) to its :class:`ColumnFinding`.

    ``pending`` maps the display name of each column not classified yet to its position: a scan
    asked for some columns first within a time budget (``scan(data, columns=..., budget_s=...)``,
    what the display guard does for a frame wider than pandas shows) leaves the rest here.
    :func:`jupyter_privguard.scanner.complete` classifies them; :func:`~jupyter_privguard.redaction.redact`
    withholds their values (fail closed); exports always see a complete report.
    """

    columns: dict[str, ColumnFinding]
    n_rows: int
    kind: str = "DataFrame"
    ner_model: str | None = None
    elapsed_s: float = 0.0
    cached: int = 0
    notes: list[str] = field(default_factory=list)
    pending: dict[str, int] = field(default_factory=dict)

    @property
    def is_complete(self) -> bool:
        """True when every column of the object is classified (nothing is :attr:`pending`)."""
        return not self.pending

    @property
    def pii_columns(self) -> list[str]:
        """Names of the columns that hold personal data, in frame order."""
        return [name for name, f in self.columns.items() if f.is_pii and not f.allowed]

    def entities(self) -> dict[str, str]:
        """``{column: entity}`` for the classified columns."""
        return {n: f.entity for n, f in self.columns.items() if f.entity is not None}

    def to_dict(self) -> dict[str, Any]:
        """A JSON-ready dictionary (no raw values)."""
        return {
            "kind": self.kind,
            "n_rows": self.n_rows,
            "ner_model": self.ner_model,
            "elapsed_s": round(self.elapsed_s, 6),
            "cached": self.cached,
            "notes": list(self.notes),
            "pending": list(self.pending),
            "pii_columns": self.pii_columns,
            "columns": {name: f.to_dict() for name, f in self.columns.items()},
        }

    def to_json(self, **kwargs: Any) -> str:
        return json.dumps(self.to_dict(), **kwargs)

    def summary(self) -> str:
        """A plain-text table: column, entity, class, score, coverage, evidence."""
        rows = [("column", "entity", "class", "score", "coverage", "evidence")]
        for name, f in self.columns.items():
            entity = entity_label(f.entity, f.span_entities if f.kind == "free_text" else ())
            evidence = evidence_label(e.detector for e in f.evidence)
            klass = class_label(f.category, f.span_entities)
            rows.append((name, entity, klass, f"{f.score:.2f}", coverage_text(f.coverage), evidence))
        widths = [min(40, max(len(str(r[i])) for r in rows)) for i in range(len(rows[0]))]
        lines = ["  ".join(str(c)[:40].ljust(w) for c, w in zip(r, widths)).rstrip() for r in rows]
        lines.insert(1, "  ".join("-" * w for w in widths))
        if self.pending:
            lines.append(f"({plural(len(self.pending), 'more column')} not classified yet)")
        return "\n".join(lines)

    def __repr__(self) -> str:
        pending = f", {len(self.pending)} not classified yet" if self.pending else ""
        return f"<ScanReport {self.kind}: {len(self.pii_columns)} of {len(self.columns)} columns hold personal data{pending}>"
