"""scan(): classify every column of a frame, cheapest evidence first, and vote.

For each column the tiers contribute :class:`~jupyter_privguard.report.Evidence`:

1. the header (and its neighbours), several languages, fuzzy;
2. validated patterns over a sample of the values, and closed vocabularies (gender, countries ...);
3. person-name evidence (gazetteer plus NER) for short text, and span detection for free text.

The vote combines a header and a value signal for the same entity as independent evidence
(``1 - (1 - h) * (1 - v)``), weakens a header that the values contradict, and assigns the best
entity whose score reaches the policy's threshold. Results are cached by the column's
fingerprint, so showing the same frame again costs almost nothing.
"""

from __future__ import annotations

import hashlib
import json
import time
from collections import OrderedDict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from typing import TYPE_CHECKING, Any

from .adapters import ColumnData, frame_kind, iter_columns
from .column_shapes import (
    _MAX_NAME_SAMPLE,
    _MAX_TEXT_SAMPLE,
    _already_redacted,
    _digit_share,
    _has_digit_share,
    _looks_like_names,
    _may_be_script_names,
    _short_codes,
    _text_spans,
    _whole_cell_entity,
    _wordy,
)
from .entities import Entity, rules_for
from .policy import Policy
from .report import ColumnFinding, Evidence, ScanReport, SpanFinding
from .scan_budget import FrameMemo

if TYPE_CHECKING:
    from .detect.ner import NerEngine
    from .detect.patterns import PatternRegistry, ValueHit
    from .registry import Registry

# digits with the separators phone numbers are written with, 6 to 15 digits in all
_PHONE_SHAPE = r"\+?\(?[0-9]{1,4}\)?(?:[ ./-]?\(?[0-9]{1,5}\)?){1,6}"


@dataclass
class _Signals:
    header: dict[str, Evidence]
    values: dict[str, Evidence]
    # the strength of the value evidence the vote weighs (a share of the sample, or a score)
    coverage: dict[str, float]
    # the share of the sample a value tier matched, where ``coverage`` holds a score: the report shows it
    shares: dict[str, float] = field(default_factory=dict)


class Scanner:
    """Runs the detection tiers with one pattern registry and one cache.

    Parameters
    ----------
    registry
        The pattern registry; by default the running session's (the built-in recognisers plus those
        that installed packages offer through the ``jupyter_privguard.recognizers`` entry-point group).
    cache_size
        How many column findings to keep (in memory only; they hold no values).
    entities
        The entity catalogue whose rules the vote applies (:mod:`jupyter_privguard.entities`); by
        default the running session's (the built-ins plus those of the ``jupyter_privguard.entities``
        entry-point group). Only entities it holds are assigned to columns.
    """

    def __init__(
        self,
        registry: PatternRegistry | None = None,
        *,
        cache_size: int = 10_000,
        entities: Registry[Entity] | None = None,
    ) -> None:
        self._registry = registry
        self._entities = entities
        self._cache: OrderedDict[tuple[str, str], ColumnFinding] = OrderedDict()
        self._cache_size = cache_size

    @property
    def registry(self) -> PatternRegistry:
        if self._registry is None:
            # the running session's recognisers (built-ins plus the plugins of its entry-point group)
            from .session import current_session

            registry: PatternRegistry = current_session().registries.recognizers
            return registry
        return self._registry

    @property
    def entities(self) -> Registry[Entity]:
        if self._entities is None:
            # the running session's catalogue (built-ins plus the plugins of its entry-point group)
            from .session import current_session

            catalogue: Registry[Entity] = current_session().registries.get("entities")
            return catalogue
        return self._entities

    def clear_cache(self) -> None:
        self._cache.clear()
        _MEMO.clear()

    # -- the public entry point ----------------------------------------------------------------
    def scan(
        self,
        data: Any,
        *,
        policy: Policy | None = None,
        columns: Iterable[Any] | None = None,
        budget_s: float | None = None,
    ) -> ScanReport:
        """Classify the columns of ``data`` (see :func:`scan`); ``columns`` first, the rest within ``budget_s``."""
        policy = policy if policy is not None else Policy.load()
        kind = frame_kind(data)
        started = time.perf_counter()
        # findings depend on the recognisers too: a plugin registered later must not meet stale results
        registry = self.registry
        policy_key = f"{_policy_key(policy)}|{id(registry)}:{len(registry)}:{getattr(registry, 'version', 0)}"
        if columns is None and budget_s is None:
            cols = list(iter_columns(data, sample_size=policy.sample_size))
            names = [c.name for c in cols]
            found, cached, engine, classified = self._classify_columns(cols, names, policy, policy_key, None)
            ordered = {c.name: found[c.position] for c in cols}
            pending: dict[str, int] = {}
            n_rows = cols[0].n_rows if cols else _n_rows(data)
        else:
            ordered, pending, cached, engine, classified, n_rows = self._scan_part(
                data, policy, policy_key, columns, budget_s, started
            )
        from .detect.place_neighbours import settle_places

        ordered = settle_places(ordered, policy)  # address shapes beside the table's address columns
        notes = []
        if engine is None and policy.ner != "off" and classified:
            from .detect.ner import ner_status

            notes.append(ner_status(policy.ner_model))
        return ScanReport(
            columns=ordered,
            n_rows=n_rows,
            kind=kind,
            ner_model=engine.model if engine is not None else None,
            elapsed_s=time.perf_counter() - started,
            cached=cached,
            notes=notes,
            pending=pending,
        )

    def _classify_columns(
        self,
        cols: list[ColumnData],
        names: list[str],
        policy: Policy,
        policy_key: str,
        engine: Any,
    ) -> tuple[dict[int, ColumnFinding], int, NerEngine | None, int]:
        """Findings by position for ``cols`` (cache first); ``names`` are every header of the table."""
        findings: dict[int, ColumnFinding] = {}
        todo: list[ColumnData] = []
        cached = 0
        for col in cols:
            hit = self._cache.get((col.fingerprint, policy_key))
            if hit is not None:
                self._cache.move_to_end((col.fingerprint, policy_key))
                findings[col.position] = replace(hit, position=col.position)
                cached += 1
            else:
                todo.append(col)
        if todo:
            from .detect.headers import match_headers

            engine = engine if engine is not None else _ner_engine(policy)
            headers = match_headers(names)  # the whole table's: each header's neighbours are context
            catalogue = self.entities
            from .progress import WIDE_COLUMNS, progress

            with progress(len(todo), "classifying columns", minimum=WIDE_COLUMNS) as bar:  # counts, never labels
                for col in todo:
                    finding = self._classify(col, headers.get(col.name, []), policy, engine, catalogue)
                    findings[col.position] = finding
                    self._remember((col.fingerprint, policy_key), finding)
                    bar.step()
        return findings, cached, engine, len(todo)

    def _scan_part(
        self,
        data: Any,
        policy: Policy,
        policy_key: str,
        columns: Iterable[Any] | None,
        budget_s: float | None,
        started: float,
    ) -> tuple[dict[str, ColumnFinding], dict[str, int], int, NerEngine | None, int, int]:
        """``columns`` always (read afresh: their fingerprints check their values), then the others in
        order until ``budget_s`` is spent; the object's earlier budgeted scans are taken up again."""
        from .adapters import display_names, require_adapter
        from .scan_budget import CHUNK, read_columns, resolve_positions

        adapter = require_adapter(data)
        labels = adapter.column_labels(data)
        names = display_names(labels)
        first = resolve_positions(columns, names, labels) if columns is not None else []
        cols, whole = read_columns(adapter, data, policy.sample_size, first)
        n_rows = cols[0].n_rows if cols else _n_rows(data)
        memo = _MEMO.findings(data, (policy_key, id(self), tuple(names), n_rows))
        by_position, cached, engine, classified = self._classify_columns(cols, names, policy, policy_key, None)
        memo.update(by_position)
        rest = [p for p in range(len(names)) if p not in by_position]
        todo = []
        for position in rest:
            known = memo.get(position)
            if known is not None:
                by_position[position] = known
                cached += 1
            else:
                todo.append(position)
        deadline = None if budget_s is None else started + budget_s
        done = 0
        from .progress import WIDE_COLUMNS, progress

        # a bar when every column is wanted (a budgeted display stops within its budget anyway)
        with progress(len(todo) if deadline is None else 0, "classifying columns", minimum=WIDE_COLUMNS) as bar:
            # a positive budget always buys one chunk: displays that spend it all on the shown columns still progress
            while done < len(todo) and (
                deadline is None
                or time.perf_counter() < deadline
                or (done == 0 and budget_s is not None and budget_s > 0)
            ):
                chunk = todo[done : done + CHUNK]
                cols, whole = read_columns(adapter, data, policy.sample_size, chunk, whole)
                if not n_rows and cols:
                    n_rows = cols[0].n_rows
                found, hits, engine, n = self._classify_columns(cols, names, policy, policy_key, engine)
                by_position.update(found)
                memo.update(found)
                cached += hits
                classified += n
                done += len(chunk)
                bar.step(len(chunk))
        ordered = {names[p]: by_position[p] for p in range(len(names)) if p in by_position}
        pending = {names[p]: p for p in todo[done:]}
        return ordered, pending, cached, engine, classified, n_rows

    def _remember(self, key: tuple[str, str], finding: ColumnFinding) -> None:
        self._cache[key] = finding
        if len(self._cache) > self._cache_size:
            self._cache.popitem(last=False)

    # -- one column ------------------------------------------------------------------------------
    def _classify(
        self,
        col: ColumnData,
        header_hits: Iterable[Any],
        policy: Policy,
        engine: NerEngine | None,
        catalogue: Registry[Entity],
    ) -> ColumnFinding:
        base: dict[str, Any] = {
            "column": col.name,
            "position": col.position,
            "dtype": col.dtype,
            "n_rows": col.n_rows,
            "n_sampled": len(col.sample),
            "n_missing": col.n_missing_sampled,
            "allowed": policy.column_allowed(col.name),
        }
        forced = policy.columns.get(col.name)
        if forced is not None:
            ev = Evidence("policy", forced, 1.0, "the policy assigns this column's entity")
            return ColumnFinding(
                kind="value",
                entity=forced,
                score=1.0,
                coverage=1.0,
                evidence=(ev,),
                candidates=((forced, 1.0),),
                **base,
            )

        header: dict[str, Evidence] = {}
        for hit in header_hits:
            if hit.entity not in header and hit.entity in catalogue:
                header[hit.entity] = Evidence(
                    "header",
                    hit.entity,
                    round(hit.score, 4),
                    f"header matches the {hit.language} term {hit.term!r} ({hit.how})",
                )
        if col.value_kind == "empty" or len(col.sample) == 0:
            return self._decide(col, _Signals(header, {}, {}), policy, base, "empty", catalogue)

        if col.value_kind == "string" and _already_redacted(col):
            ev = Evidence("redacted", "none", 0.0, "the sampled values are redaction placeholders, masks or tokens")
            return ColumnFinding(kind="value", entity=None, score=0.0, coverage=0.0, evidence=(ev,), **base)

        signals = _Signals(header, {}, {})
        self._value_evidence(col, signals, catalogue)
        if "PERSON" in header and _looks_like_names(col):
            # corroborate (or weaken) a name-like header with the values themselves
            self._person(col, signals, engine)
        elif "PERSON" not in signals.values and _may_be_script_names(col):
            # names in Cyrillic, Han, Hangul ... scripts: before the free-text routing, which a
            # column of four-word Arabic names would otherwise take
            from .detect.scripts import script_person_evidence

            script_ev = script_person_evidence(col.sample.iloc[:_MAX_NAME_SAMPLE].tolist())
            if script_ev is not None:
                signals.values["PERSON"] = script_ev
                signals.coverage["PERSON"] = script_ev.score
        from .detect.place_columns import add_place_evidence

        add_place_evidence(col, signals)  # cities, streets and postal-code shapes, in any script
        # free text goes to span detection unless a column-level entity is already clear
        best_col = self._vote(col, signals, catalogue)
        if best_col is None or best_col[1] < policy.threshold_for(best_col[0]):
            from .detect.text import is_free_text

            if col.value_kind in ("string", "mixed", "object", "bytes", "nested") and (
                is_free_text(col.sample.tolist()) or _wordy(col)
            ):
                return self._free_text(col, signals, policy, engine, base, catalogue)
            if _looks_like_names(col) and "PERSON" not in signals.values:
                self._person(col, signals, engine)
                if "PERSON" not in signals.values and "LOCATION" not in signals.values and engine is not None:
                    from .detect.names import place_evidence

                    place = place_evidence(col.sample.iloc[:_MAX_NAME_SAMPLE].tolist(), engine)
                    if place is not None:
                        signals.values["LOCATION"] = place
                        signals.coverage["LOCATION"] = place.score
        return self._decide(col, signals, policy, base, "value", catalogue)

    def _person(self, col: ColumnData, signals: _Signals, engine: NerEngine | None) -> None:
        from .detect.names import person_evidence

        ev = person_evidence(col.sample.iloc[:_MAX_NAME_SAMPLE].tolist(), engine)
        if ev is not None:
            signals.values["PERSON"] = ev
            signals.coverage["PERSON"] = ev.score

    def _value_evidence(self, col: ColumnData, signals: _Signals, catalogue: Registry[Entity]) -> None:
        from .detect.patterns import match_values
        from .detect.vocab import job_title_coverage, vocabulary_coverage

        values = col.sample
        # validation is the costly part (a phone parse is ~50-100 µs): 300 validated values estimate the share well
        hits: list[ValueHit] = match_values(values, self.registry, max_validate=300)
        for hit in hits:
            if hit.entity not in catalogue or hit.entity in signals.values:
                continue
            if hit.recognizer == "birth_date_compact" and not _compact_births_count(values, signals, col.name):
                continue  # eight digits are ids and order numbers unless the header or the values say birth
            share = hit.validated / hit.total if hit.total else 0.0
            if hit.entity == "NATIONAL_ID" and share < 0.5:
                continue  # a check digit right by chance now and then: no evidence, for or against a header
            score = hit.score
            if hit.recognizer == "birth_date" and share >= 0.9 and _written_births(values, signals, col.name):
                score = max(score, _BIRTHS_BY_VALUES)  # dates of people aged 0-110 over decades: birth dates
            if hit.recognizer == "phone" and hit.matched >= 0.9 * hit.total and share >= 0.3:
                # every value is written like a phone number (punctuation, +country code) and many
                # validate; the rest are most often fictional or unassigned ranges, still phone numbers
                score = max(score, 0.5 + 0.4 * share)
                share = max(share, hit.matched / hit.total)
            signals.coverage[hit.entity] = share
            signals.values[hit.entity] = Evidence(
                f"pattern:{hit.recognizer}",
                hit.entity,
                round(score, 4),
                f"{hit.matched} of {hit.total} sampled values match, {hit.validated} pass validation",
            )
        if col.value_kind in ("string", "mixed", "object"):
            from .detect.phone_regions import national_phone_evidence

            phone = national_phone_evidence(values, signals.header, signals.values, signals.coverage)
            if phone is not None:
                signals.values["PHONE_NUMBER"], signals.coverage["PHONE_NUMBER"] = phone
        if "PHONE_NUMBER" in signals.header:
            digits = values.str.count(r"[0-9]")
            shaped = values.str.fullmatch(_PHONE_SHAPE) & digits.between(6, 15)
            signals.coverage["PHONE_SHAPE"] = float(shaped.mean()) if len(values) else 0.0
        if col.value_kind in ("string", "mixed", "object", "numeric", "bool"):
            for ev, covered in vocabulary_coverage(values.tolist()):
                if ev.entity not in signals.values:
                    signals.values[ev.entity] = ev
                    signals.coverage[ev.entity] = ev.score
                    # the report shows the share its detail writes: "covering 100%" is 100% coverage
                    signals.shares[ev.entity] = covered
        if (
            col.value_kind in ("string", "mixed", "object")
            and max((ev.score for ev in signals.values.values()), default=0.0) < 0.5
        ):
            from .detect.account_shapes import account_evidence

            account = account_evidence(values.iloc[:_MAX_NAME_SAMPLE].astype(str).tolist(), col.name)
            if account is not None and account.entity not in signals.values:
                signals.values[account.entity] = account
                signals.coverage[account.entity] = account.score
        if col.value_kind in ("string", "mixed", "object"):
            job = job_title_coverage(values.tolist())
            if job is not None and "JOB_TITLE" not in signals.values:
                signals.values["JOB_TITLE"] = job[0]
                signals.coverage["JOB_TITLE"] = job[0].score
                signals.shares["JOB_TITLE"] = job[1]
        _numeric_checks(col, signals)

    def _vote(self, col: ColumnData, signals: _Signals, catalogue: Registry[Entity]) -> tuple[str, float] | None:
        scores = _combine(col, signals, catalogue)
        if not scores:
            return None
        entity, score = max(scores.items(), key=lambda kv: kv[1])
        return entity, score

    def _decide(
        self,
        col: ColumnData,
        signals: _Signals,
        policy: Policy,
        base: dict[str, Any],
        kind: str,
        catalogue: Registry[Entity],
    ) -> ColumnFinding:
        scores = _combine(col, signals, catalogue)
        ranked = sorted(scores.items(), key=lambda kv: kv[1], reverse=True)
        entity: str | None = None
        score = 0.0
        for name, value in ranked:
            if value >= policy.threshold_for(name):
                entity, score = name, value
                break
        if entity is None and ranked:
            score = ranked[0][1]
        confirming = rules_for(entity, catalogue).confirmed_by if entity is not None else ()
        evidence = tuple(
            ev
            for ev in (*signals.header.values(), *signals.values.values())
            if entity is None or ev.entity == entity or ev.entity in confirming
        )
        coverage = 0.0
        if entity is not None:
            support = {*confirming, entity}
            coverage = max((signals.shares.get(e, signals.coverage.get(e, 0.0)) for e in support), default=0.0)
        return ColumnFinding(
            kind=kind,  # type: ignore[arg-type]
            entity=entity,
            score=round(score, 4),
            coverage=round(coverage, 4),
            evidence=evidence,
            candidates=tuple((e, round(s, 4)) for e, s in ranked[:5]),
            **base,
        )

    def _free_text(
        self,
        col: ColumnData,
        signals: _Signals,
        policy: Policy,
        engine: NerEngine | None,
        base: dict[str, Any],
        catalogue: Registry[Entity],
    ) -> ColumnFinding:
        texts = col.sample.iloc[:_MAX_TEXT_SAMPLE]
        found, judged = _text_spans(texts.tolist(), engine, self.registry)
        spans: list[SpanFinding] = []
        rows_with_pii = 0
        entities: dict[str, float] = {}
        ner_rows: dict[str, int] = {}
        pii_in_text: dict[str, bool] = {}  # per entity, once: spans repeat a handful of entities

        def counts(entity: str) -> bool:
            known = pii_in_text.get(entity)
            if known is None:
                known = pii_in_text[entity] = rules_for(entity, catalogue).pii_in_text
            return known

        for row, row_spans in zip(texts.index.tolist(), found):
            kept = [s for s in row_spans if s.score >= policy.threshold_for(s.entity)]
            if any(counts(s.entity) for s in kept):
                rows_with_pii += 1
            for entity in {s.entity for s in kept if s.detector.startswith("ner")}:
                ner_rows[entity] = ner_rows.get(entity, 0) + 1
            for s in kept:
                spans.append(SpanFinding(col.name, int(row), s.start, s.end, s.entity, round(s.score, 4), s.detector))
                if counts(s.entity):
                    entities[s.entity] = max(entities.get(s.entity, 0.0), s.score)
        # A validated pattern (an email, a card number) in one note is a finding. The statistical
        # model calls a word a name or a place now and then in any text, so an entity seen only
        # by NER must recur (in 5% of the sampled cells, and at least twice) before the column
        # is called personal data. Display and export redact every span regardless.
        pattern_entities = {sp.entity for sp in spans if not sp.detector.startswith("ner")}
        floor = max(2, 0.05 * len(judged))
        for entity in list(entities):
            if entity not in pattern_entities and ner_rows.get(entity, 0) < floor:
                del entities[entity]
        coverage = rows_with_pii / len(texts) if len(texts) else 0.0
        # judged on the cells the model read too (a whole-cell name may be the model's alone)
        # (not for nested cells: their leaves joined are several values, a name and a plan, not one)
        whole = (
            None
            if col.value_kind == "nested"
            else _whole_cell_entity([texts.iloc[i] for i in judged], [found[i] for i in judged], catalogue)
        )
        if whole is not None:
            entity, share = whole
            ev = Evidence(
                "text:whole-cell",
                entity,
                round(share, 4),
                f"in {share:.0%} of {len(texts)} sampled cells one {entity} span covers the cell",
            )
            signals.values.setdefault(entity, ev)
            signals.coverage.setdefault(entity, share)
            finding = self._decide(col, signals, policy, base, "value", catalogue)
            if finding.entity is not None:
                return finding
        detector = f"text:{engine.model}" if engine is not None else "text:patterns"
        evidence = tuple(signals.header.values()) + (
            Evidence(
                detector,
                ",".join(sorted(entities)) or "none",
                round(max(entities.values(), default=0.0), 4),
                f"{len(spans)} spans in {rows_with_pii} of {len(texts)} sampled cells",
            ),
        )
        return ColumnFinding(
            kind="free_text",
            entity=None,
            score=round(max(entities.values(), default=0.0), 4),
            coverage=round(coverage, 4),
            evidence=evidence,
            span_entities=tuple(sorted(entities, key=lambda e: -entities[e])),
            spans=tuple(spans),
            **base,
        )


def _combine(col: ColumnData, signals: _Signals, catalogue: Registry[Entity]) -> dict[str, float]:
    """Scores per entity from the header and value signals, by the rules of each entity's catalogue entry."""
    scores: dict[str, float] = {}
    value_entities = set(signals.values)
    for entity, ev in signals.header.items():
        h = ev.score
        support = rules_for(entity, catalogue).confirmed_by
        if support:
            v_ev = max((signals.values[e].score for e in support if e in signals.values), default=0.0)
            cov = max((signals.coverage.get(e, 0.0) for e in support), default=0.0)
            if cov >= 0.5:
                scores[entity] = 1 - (1 - h) * (1 - v_ev)
            elif cov >= 0.2:
                scores[entity] = h * (0.6 + 0.4 * cov)
            elif entity == "PHONE_NUMBER" and signals.coverage.get("PHONE_SHAPE", 0.0) >= 0.8:
                # numbers written the local way of a country the validator was not told about:
                # the header says phone and every value is shaped like one
                scores[entity] = h * 0.9
            else:
                # the values do not look like what the header promises
                scores[entity] = h * 0.35
        else:
            value_ev = signals.values.get(entity)
            scores[entity] = (
                1 - (1 - h) * (1 - value_ev.score)
                if value_ev is not None
                else min(0.95, h * _header_only_factor(entity, col, signals, catalogue))
            )
    for entity in value_entities - set(scores):
        rules = rules_for(entity, catalogue)
        if not rules.pii_by_value_alone:
            continue
        value_score = signals.values[entity].score
        cap = rules.value_alone_cap
        scores[entity] = min(value_score, cap) if cap is not None else value_score
        _take_over_headers(entity, rules, signals, scores)
    if "PERSON" in scores and _places_or_storms(col, signals):
        scores["PERSON"] *= 0.3  # Heathrow Airport, Hurricane Katrina: named after people, not people
    return scores


def _places_or_storms(col: ColumnData, signals: _Signals) -> bool:
    """Whether a share of the values name an airport or a storm (asked once per column, and only
    of a column that could be a column of names)."""
    share = signals.coverage.get("NOT_PERSON")
    if share is None:
        from .detect.not_person import not_person_share

        sample = col.sample.iloc[:_MAX_NAME_SAMPLE]
        share = not_person_share(str(v) for v in sample.tolist()) if col.value_kind != "numeric" else 0.0
        signals.coverage["NOT_PERSON"] = share
    from .detect.not_person import MIN_SHARE

    return share >= MIN_SHARE


def _take_over_headers(entity: str, rules: Entity, signals: _Signals, scores: dict[str, float]) -> None:
    """Values of ``entity`` that cover the column take over the headers its rules name (a wallet
    under "adresse" is a wallet): the header counts for ``entity``, and against the entity it named."""
    if signals.coverage.get(entity, 0.0) < 0.8:
        return
    for other in rules.takes_over_headers:
        header = signals.header.get(other)
        if header is not None and other in scores:
            scores[entity] = max(scores[entity], 1 - (1 - header.score) * (1 - signals.values[entity].score))
            scores[other] = min(scores[other], header.score * 0.35)


def _header_only_factor(entity: str, col: ColumnData, signals: _Signals, catalogue: Registry[Entity]) -> float:
    """How far to trust a header whose entity the value tiers did not confirm."""
    numeric = col.value_kind == "numeric" or _digit_share(col) >= 0.9
    strong_other = max(
        (ev.score for e, ev in signals.values.items() if e != entity and rules_for(e, catalogue).pii_by_value_alone),
        default=0.0,
    )
    if strong_other >= 0.8:
        return 0.5  # the values clearly are something else
    if entity in ("PERSON", "STREET_ADDRESS", "JOB_TITLE") and not numeric and _short_codes(col):
        initials = entity == "PERSON" and "initial" in signals.header[entity].detail
        if not initials:
            return 0.3  # one- or two-letter codes ("U"/"R") are not names, addresses or job titles
    if entity == "LOCATION" and signals.header[entity].score < 0.7 and _has_digit_share(col) >= 0.8:
        return 0.4  # a weak header ("region") over "eu-west-1", "R2": place names are written without digits
    if entity == "PERSON":
        return 0.3 if numeric else 0.9
    if entity in ("AGE", "COORDINATES"):
        return 1.0 if numeric else 0.7
    if entity in ("LOCATION", "JOB_TITLE", "USERNAME", "STREET_ADDRESS"):
        return 0.4 if numeric else 1.0
    if entity == "PHONE_NUMBER":
        return 0.9 if signals.coverage.get("PHONE_SHAPE", 0.0) >= 0.8 else 0.35
    if rules_for(entity, catalogue).coded_attribute and 2 <= col.sample.nunique() <= 12:
        # an attribute stored as a handful of codes (0/1, 1-4): the values agree with the header
        # as far as values can, and for quasi-identifiers and sensitive attributes a miss costs more
        return 1.25
    return 1.0


def _compact_births_count(values: Any, signals: _Signals, header: str) -> bool:
    """Whether ``YYYYMMDD`` values are birth dates: the header says birth, or they read as many people's."""
    if "DATE_OF_BIRTH" in signals.header:
        return True
    from .detect.birth_columns import compact_births_plausible, names_another_event

    return not names_another_event(header) and compact_births_plausible(values.tolist())


#: the score of a column of written dates that read as many people's birth dates, without a birth header
_BIRTHS_BY_VALUES = 0.7


def _written_births(values: Any, signals: _Signals, header: str) -> bool:
    """Whether written dates under a header that does not say birth read as many people's birth dates."""
    if "DATE_OF_BIRTH" in signals.header:
        return False  # the header tier has decided
    from .detect.birth_columns import births_plausible, names_another_event

    return not names_another_event(header) and births_plausible(values.astype(str).tolist())


def _numeric_checks(col: ColumnData, signals: _Signals) -> None:
    """Range checks that let numeric values support (never create) an AGE or COORDINATES header."""
    if col.value_kind != "numeric" or not signals.header:
        return
    import pandas as pd

    numbers = pd.to_numeric(col.sample, errors="coerce").dropna()
    if numbers.empty:
        return
    if "AGE" in signals.header and signals.header["AGE"].score >= 0.5:
        inside = float(((numbers >= 0) & (numbers <= 120)).mean())
        if inside >= 0.95:
            signals.values["AGE"] = Evidence("range:age", "AGE", 0.6, f"{inside:.0%} of sampled values lie in 0-120")
            signals.coverage["AGE"] = inside
    if "COORDINATES" in signals.header and signals.header["COORDINATES"].score >= 0.5:
        inside = float(((numbers >= -180) & (numbers <= 180)).mean())
        if inside >= 0.95:
            signals.values["COORDINATES"] = Evidence(
                "range:coordinates", "COORDINATES", 0.6, f"{inside:.0%} of sampled values lie in -180..180"
            )
            signals.coverage["COORDINATES"] = inside


def _policy_key(policy: Policy) -> str:
    everything = policy.to_dict()
    settings = {
        k: everything[k]
        for k in ("thresholds", "min_score", "columns", "allow_columns", "sample_size", "ner", "ner_model")
    }
    return hashlib.blake2b(json.dumps(settings, sort_keys=True).encode(), digest_size=8).hexdigest()


def _ner_engine(policy: Policy) -> NerEngine | None:
    if policy.ner == "off":
        return None
    from .detect.ner import NerEngine

    return NerEngine.get(policy.ner_model, mode=policy.ner)


def _n_rows(data: Any) -> int:
    try:
        return len(data)
    except TypeError:
        return 0


_DEFAULT: Scanner | None = None
_MEMO = FrameMemo()


def default_scanner() -> Scanner:
    """The process-wide scanner used by :func:`scan`."""
    global _DEFAULT
    if _DEFAULT is None:
        _DEFAULT = Scanner()
    return _DEFAULT


def scan(
    data: Any,
    *,
    policy: Policy | None = None,
    columns: Iterable[Any] | None = None,
    budget_s: float | None = None,
) -> ScanReport:
    """Find personal data in a pandas or polars DataFrame or Series.

    Parameters
    ----------
    data
        A pandas DataFrame or Series, a polars DataFrame or Series, a ``pyarrow.Table``, a Spark
        DataFrame (classified from a distributed sample of ``policy.sample_size`` rows; ``n_rows`` is
        its count), or an object of another registered adapter.
    policy
        Thresholds, allow lists and NER settings; by default :meth:`Policy.load`.
    columns
        Columns to classify first (positions, display names or labels), e.g. the ones a display
        shows (:func:`jupyter_privguard.scan_budget.shown_positions`). With ``budget_s``, the other
        columns are classified in order until that many seconds have passed since the call began;
        without it, all of them. ``None`` (and no budget): every column.
    budget_s
        Seconds for the whole call, beyond which no further column is started (a positive budget
        classifies at least a few more columns, so that repeated calls progress); the columns left
        are in the report's ``pending`` (:func:`complete` classifies them). A later budgeted scan
        of the same object takes up where this one stopped.

    Returns
    -------
    ScanReport
        Per column: entity (or ``None``), class, score, coverage, evidence; span findings for
        free-text columns. It holds no raw values. Complete (``report.pending`` empty) unless
        ``budget_s`` was given.

    Examples
    --------
    >>> import pandas as pd, jupyter_privguard as pg
    >>> report = pg.scan(pd.DataFrame({"email": ["ann@example.com", "bob@example.org"]}))
    >>> report.columns["email"].entity
    'EMAIL_ADDRESS'
    """
    return default_scanner().scan(data, policy=policy, columns=columns, budget_s=budget_s)


def complete(report: ScanReport, data: Any, *, policy: Policy | None = None) -> ScanReport:
    """``report`` with its pending columns classified: a complete report of ``data``.

    Parameters
    ----------
    report
        A report of ``data``, perhaps from a budgeted scan (``report.pending`` not empty).
    data
        The object the report is of.
    policy
        As for :func:`scan`; the running policy by default.

    Returns
    -------
    ScanReport
        ``report`` itself when nothing is pending, else a new, complete report (the columns
        already classified come from the cache).
    """
    if report.is_complete:
        return report
    return default_scanner().scan(data, policy=policy)
