"""A stranger's attack on the guard: everyday paths written after the catalogue scored 0, run the same way.

``attack_paths.PATHS`` (333 paths in seven rounds: printing idioms, readers, escapes, widgets, archives and copies,
introspection; grouping, reshaping, string exports, exceptions and cold frames; values glued together, phones
with extensions, describe() counts, diffs, counters, itertools, log records, cell magics, %store and %history) was written by someone who had only the guard's claims (``docs/guard-boundary.md``)
and the catalogue in front of them, to find what the catalogue does not ask. Each path runs in a
real kernel without the extension (the control must show personal data: paths whose control showed
none were dropped) and with it, judged by ``catalogue_run`` like the catalogue.

The paths that still leak are listed in :data:`KNOWN_LEAKS` with their cause, as strict expected
failures: the suite stays green while they are open, and a fix that makes one pass fails the run
until it is taken off the list. This is the catalogue growing with every miss found, not a tuning
set: no vocabulary here is fitted to these paths.
"""

from __future__ import annotations

from typing import Any

import pytest

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("faker")
pytest.importorskip("mimesis")

import attack_paths
import catalogue_data
import catalogue_run

PATHS = attack_paths.PATHS
UTILITY_MIN = 0.95

#: path id -> why it still leaks (issue 11 stays open on these)
KNOWN_LEAKS: dict[str, str] = {
    # round 7: a child process reads the file by itself, so nothing is learned; the pattern and text tiers alone
    "ingress-atk7-child_phones_ext": "phone numbers of other countries written nationally (fr 04 70 90 68 63, "
    "de 04121 77737) or invalid in their plan (+55 87 1796-2208, +81 0 4485 3203), never learned: the pattern "
    "tier takes no digit groups without a valid plan (too many other numbers look the same); extensions are caught",
    "ingress-atk7-child_phone_email": "the same phone numbers, with a context word (tel) that the strict phone "
    "recogniser does not use to accept a number its plan rejects",
    "ingress-atk7-child_glued_names": "names the gazetteer does not know in scripts it reads without context "
    "(a Cyrillic pair, a Japanese name): missed spaced as well as glued; glued Latin names are caught",
}


@pytest.fixture(scope="module")
def verdicts(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Any]:
    folder = tmp_path_factory.mktemp("attack")
    slices = [p.id for p in PATHS if p.group.startswith("atk_raw")]
    data = catalogue_data.build(folder / "data", slices, big_rows=50)
    run = catalogue_run.run_catalogue(PATHS, data, folder / "runs")
    errors = run.setup_errors()
    assert errors == {}, f"setup cells failed: {errors}: no path can be judged"
    return catalogue_run.judge(PATHS, run, data)  # type: ignore[no-any-return]


def test_attack_shape() -> None:
    assert len(PATHS) >= 150 and len({p.id for p in PATHS}) == len(PATHS)
    assert set(KNOWN_LEAKS) <= {p.id for p in PATHS}, "a known leak names a path that is gone"


@pytest.mark.parametrize("path", PATHS, ids=[p.id for p in PATHS])
def test_attack_control_shows_personal_data(verdicts: dict[str, Any], path: Any) -> None:
    assert verdicts[path.id].control_positive, f"{path.id}: the control shows no personal data: the path is broken"


def _guarded_params() -> list[Any]:
    out = []
    for p in PATHS:
        marks = [pytest.mark.xfail(strict=True, reason=KNOWN_LEAKS[p.id])] if p.id in KNOWN_LEAKS else []
        out.append(pytest.param(p, id=p.id, marks=marks))
    return out


@pytest.mark.parametrize("path", _guarded_params())
def test_attack_guarded_shows_none(verdicts: dict[str, Any], path: Any) -> None:
    v = verdicts[path.id]
    assert v.guarded_ran, f"{path.id}: a cell of the path got no execute reply with the guard on"
    assert v.leaks == 0, v.describe_leak()


def test_attack_utility(verdicts: dict[str, Any]) -> None:
    kept, shown = catalogue_run.utility(verdicts.values())
    assert shown > 0 and kept / shown >= UTILITY_MIN, f"utility {kept}/{shown} < {UTILITY_MIN}"
