"""The NER tier: model discovery, modes, batched analysis, entity mapping, no network."""

from __future__ import annotations

import subprocess
import sys

import pytest

from jupyter_privguard.detect import ner
from jupyter_privguard.detect.ner import INSTALL_HINT, NerEngine, discover_model, ner_status
from jupyter_privguard.errors import MissingDependencyError
from jupyter_privguard.report import Span

MISSING_MODEL = "en_no_such_pipeline_xyz"


def _have_ner() -> bool:
    try:
        import presidio_analyzer  # noqa: F401
        import spacy  # noqa: F401
    except ImportError:
        return False
    return discover_model() is not None


needs_ner = pytest.mark.skipif(not _have_ner(), reason="presidio, spaCy or an English pipeline missing")


def test_import_is_lazy():
    code = (
        "import sys, jupyter_privguard.detect.ner;"
        "bad = [m for m in ('presidio_analyzer', 'spacy', 'tldextract') if m in sys.modules];"
        "assert not bad, bad"
    )
    subprocess.run([sys.executable, "-c", code], check=True)


def test_mode_off_returns_none():
    assert NerEngine.get(mode="off") is None


def test_bad_mode_is_explained():
    with pytest.raises(ValueError, match="mode must be"):
        NerEngine.get(mode="sometimes")


def test_missing_model_auto_returns_none():
    assert NerEngine.get(MISSING_MODEL, mode="auto") is None


def test_missing_model_on_raises_with_install_hint():
    with pytest.raises(MissingDependencyError) as info:
        NerEngine.get(MISSING_MODEL, mode="on")
    assert INSTALL_HINT in str(info.value)
    assert MISSING_MODEL in str(info.value)


def test_nothing_installed(monkeypatch):
    monkeypatch.setattr(ner, "discover_model", lambda model=None: None)
    monkeypatch.setattr(ner, "_ENGINES", {})
    assert NerEngine.get(mode="auto") is None
    with pytest.raises(MissingDependencyError, match="jupyter-privguard\\[model\\]"):
        NerEngine.get(mode="on")
    assert INSTALL_HINT in ner_status()


def test_status_for_missing_model():
    status = ner_status(MISSING_MODEL)
    assert status.startswith("NER is off") and INSTALL_HINT in status


@needs_ner
def test_discovery_finds_an_english_pipeline():
    name = discover_model()
    assert name is not None
    assert ner._has_english_ner(ner._package_meta(name)) or name.startswith("en_core_web_")


@needs_ner
def test_engine_is_cached_and_status_names_model(engine):
    assert NerEngine.get() is engine
    assert NerEngine.get(engine.model) is engine
    assert engine.model in ner_status()
    assert set(engine.timings) == {"import_s", "build_s"}


@needs_ner
def test_analyze_maps_entities(engine):
    texts = [
        "My name is John Smith and I moved to Berlin on 3 May 1980.",
        "Apple hired Jane Doe.",
        "",
        "nothing here",
    ]
    spans = engine.analyze(texts)
    assert len(spans) == 4
    first = {(texts[0][s.start : s.end], s.entity) for s in spans[0]}
    assert ("John Smith", "PERSON") in first
    assert ("Berlin", "LOCATION") in first
    assert any(e == "DATE_TIME" for _, e in first)
    assert all(isinstance(s, Span) and s.detector.startswith(("ner:", "presidio:")) for row in spans for s in row)
    # ORGANIZATION is not one of our entities and is ignored, as in Presidio's default configuration
    assert all(s.entity != "ORGANIZATION" for row in spans for s in row)
    assert spans[2] == [] and spans[3] == []


@needs_ner
def test_entities_filter_and_organisations(engine):
    text = "Jane Doe works for Microsoft in Paris; write to jane@example.com"
    only_people = engine.analyze([text], entities=["PERSON"])[0]
    assert {s.entity for s in only_people} == {"PERSON"}
    with_orgs = engine.analyze([text], entities=["PERSON"], include_organizations=True)[0]
    assert any(s.entity == "ORGANIZATION" for s in with_orgs)
    assert engine.analyze([text], entities=["GENDER"]) == [[]]
    email = engine.analyze([text], entities=["EMAIL_ADDRESS"])[0]
    assert [text[s.start : s.end] for s in email] == ["jane@example.com"]


@needs_ner
def test_analyze_runs_one_pipe_for_all_texts(engine, nlp_calls):
    engine.analyze([f"Maria Garcia visited Lisbon {i} times." for i in range(50)])
    assert nlp_calls == {"pipe": 1, "call": 0}


@needs_ner
def test_long_texts_are_windowed_with_correct_offsets(engine, monkeypatch):
    monkeypatch.setattr(ner, "_WINDOW", 60)
    text = "x " * 40 + "Then John Smith arrived in Berlin yesterday."
    spans = engine.analyze([text], entities=["PERSON"])[0]
    assert "John Smith" in [text[s.start : s.end] for s in spans]


_NO_NETWORK_SCRIPT = """
import socket
attempts = []

def refuse(*args, **kwargs):
    attempts.append(args[1:2] or args[:1])
    raise OSError("network blocked by test")

socket.socket.connect = refuse
socket.socket.connect_ex = refuse
socket.getaddrinfo = refuse
socket.create_connection = refuse

from jupyter_privguard.detect.ner import NerEngine
engine = NerEngine.get(mode="on")
spans = engine.analyze(["Mail john.smith@example.co.uk or visit https://example.org, says John Smith."])
entities = {s.entity for s in spans[0]}
assert {"EMAIL_ADDRESS", "PERSON"} <= entities, entities
assert not attempts, attempts
print("ok")
"""


@needs_ner
def test_no_network_during_build_and_analyze(tmp_path):
    # A fresh process with an empty tldextract cache: without keep_tldextract_offline() the email
    # recogniser would try to download the public suffix list here (checked when this was written).
    import os

    env = {k: v for k, v in os.environ.items() if k != "TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"}
    env["TLDEXTRACT_CACHE"] = str(tmp_path / "tldextract")
    done = subprocess.run(
        [sys.executable, "-c", _NO_NETWORK_SCRIPT], env=env, capture_output=True, text=True, timeout=120
    )
    assert done.returncode == 0, done.stderr[-2000:]
    assert done.stdout.strip().endswith("ok")


def test_tldextract_made_offline_only_when_unset(monkeypatch):
    monkeypatch.delenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", raising=False)
    ner.keep_tldextract_offline()
    import os

    assert os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] == ""
    monkeypatch.setenv("TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS", "/tmp/my_psl.dat")
    ner.keep_tldextract_offline()
    assert os.environ["TLDEXTRACT_PUBLIC_SUFFIX_LIST_URLS"] == "/tmp/my_psl.dat"


def test_status_for_a_missing_named_model_says_it_is_not_installed() -> None:
    from jupyter_privguard.detect.ner import ner_status

    message = ner_status("no_such_pipeline_xyz")
    assert "'no_such_pipeline_xyz' is not installed" in message
    assert 'pip install "jupyter-privguard[model]"' in message


# cells with names, places, dates, and numbers that only context words make a phone or a licence
_CONTEXT_TEXTS = [
    "Call Dolores Ibarra-Quint on 212-555-0187 about the refund.",
    "Her driver license is D1234567, issued in Ohio last March.",
    "Licensing office: licence no. S530-4417-9921, called back on Tuesday.",
    "mobile 07700 900461, ask for björn lindqvist",
    "Shipped to Valparaíso on 2021-04-05; Kofi Boateng signed.",
    "order 88213 12x SKU-4471",
    "",
    "ok",
]


@needs_ner
def test_recogniser_only_finds_what_the_whole_pipeline_finds(engine, monkeypatch):
    """Only ``ner`` (lower-cased words as lemmas), no phone or licence recogniser on digitless texts: same spans."""
    fast = engine.analyze(_CONTEXT_TEXTS, include_organizations=True)
    fast_by = {
        str(entities): engine.analyze(_CONTEXT_TEXTS, entities=entities)
        for entities in (None, ["PERSON", "LOCATION", "NRP", "DATE_TIME", "PHONE_NUMBER", "US_DRIVER_LICENSE"])
    }
    monkeypatch.setattr(
        NerEngine,
        "_artifacts",
        lambda self, pieces: self.analyzer.nlp_engine.process_batch(pieces, language="en", batch_size=8),
    )
    monkeypatch.setattr(ner, "_without_digit_entities", lambda entities, text: entities)
    for entities in (None, ["PERSON", "LOCATION", "NRP", "DATE_TIME", "PHONE_NUMBER", "US_DRIVER_LICENSE"]):
        assert engine.analyze(_CONTEXT_TEXTS, entities=entities) == fast_by[str(entities)]
    full = engine.analyze(_CONTEXT_TEXTS, include_organizations=True)
    assert fast == full
    # the texts do carry what the comparison is about: names, a place, a phone number
    found = {(t[s.start : s.end], s.entity) for t, spans in zip(_CONTEXT_TEXTS, full) for s in spans}
    assert ("Kofi Boateng", "PERSON") in found
    assert any(e == "PHONE_NUMBER" for _, e in found)
    assert any(e == "LOCATION" for _, e in found)


@needs_ner
def test_only_the_recogniser_runs(engine, monkeypatch):
    """One batched pipe for all texts, with the tagger, attribute ruler and lemmatizer switched off."""
    disabled: list[set[str]] = []
    cls = type(engine.nlp)
    original = cls.pipe

    def pipe(self, *args, **kwargs):  # type: ignore[no-untyped-def]
        disabled.append(set(kwargs.get("disable") or ()))
        return original(self, *args, **kwargs)

    monkeypatch.setattr(cls, "pipe", pipe)
    spans = engine.analyze(["Maria Garcia visited Lisbon.", "Call Kofi Boateng."], entities=["PERSON"])
    assert [[s.entity for s in row] for row in spans] == [["PERSON"], ["PERSON"]]
    assert len(disabled) == 1
    listened = {n for n, p in engine.nlp.pipeline if "ner" in (getattr(p, "listening_components", None) or ())}
    present = set(engine.nlp.pipe_names)
    assert ({"tagger", "attribute_ruler", "lemmatizer"} & present) - listened <= disabled[0]
    assert "ner" not in disabled[0] and not (listened & disabled[0])


@needs_ner
def test_phone_recogniser_still_reads_every_scripts_digits(engine, monkeypatch):
    """Texts without a digit skip the phone and licence recognisers; any script's digits keep them."""
    texts = [
        "Call Anna on ０２０ ７９４６ ０９５８ today",  # fullwidth digits
        "Call Anna on +44 ٢٠ ٧٩٤٦ ٠٩٥٨",  # Arabic-Indic digits
        "phone number: call me, driver license pending, ask for Anna",
    ]
    wanted = ["PERSON", "PHONE_NUMBER", "US_DRIVER_LICENSE"]
    asked: list[list[str] | None] = []
    original = engine.analyzer.analyze

    def analyze(*args, **kwargs):  # type: ignore[no-untyped-def]
        asked.append(kwargs.get("entities"))
        return original(*args, **kwargs)

    monkeypatch.setattr(engine.analyzer, "analyze", analyze)
    spans = engine.analyze(texts, entities=wanted)
    phones = [[t[s.start : s.end] for s in row if s.entity == "PHONE_NUMBER"] for t, row in zip(texts, spans)]
    assert phones[:2] == [["０２０ ７９４６ ０９５８"], ["+44 ٢٠ ٧٩٤٦ ٠٩٥٨"]]
    assert "PHONE_NUMBER" in (asked[0] or []) and "PHONE_NUMBER" in (asked[1] or [])
    assert asked[2] == ["PERSON"]
    assert spans[2] == engine.analyze(texts[2:], entities=["PERSON"])[0]
    # the whole entity list when every one of them needs digits: nothing is dropped to an empty request
    assert engine.analyze(["no digits at all"], entities=["PHONE_NUMBER"]) == [[]]
    assert asked[-1] == ["PHONE_NUMBER"]
