"""The generative leak catalogue: paths nobody here wrote, run without and with the guard.

Every path of ``catalogue_paths.PATHS`` (reader x container x output form x channel, issue 11's six
causes) runs in a real kernel twice (``catalogue_run``): the **control** without the extension must
show personal data (else the path is broken, and says so), the **guarded** run with
``%load_ext jupyter_privguard`` must show none in any artefact (saved notebook, iopub messages of
every type, pager payloads, widget state, comm messages, files written, audit log, kernel stderr),
and the utility markers the control shows must stay visible (aggregate >= 0.95).

Values come from faker and mimesis in seven locales (``catalogue_data``); the searcher
(``seeded.ValueSearch``, proved in ``tests/core/test_catalogue_search.py``) finds them in every form
of cause 2. Failure messages name the path, the artefact and a count, never a value.

Only the paths whose tests are selected run (``-k forms`` runs the forms paths: one kernel pair
per group they touch). The existing 52 paths of ``test_leak_paths.py`` stay where they are.
"""

from __future__ import annotations

import ast
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("faker")
pytest.importorskip("mimesis")

import catalogue_data
import catalogue_run
from catalogue_paths import CAUSES, PATHS, SLICED_GROUPS

UTILITY_MIN = 0.95
BY_ID = {p.id: p for p in PATHS}


def _selected(session: pytest.Session) -> list[Any]:
    """The catalogue paths whose tests pytest selected (all of them for the aggregate tests)."""
    wanted: set[str] = set()
    for item in session.items:
        if item.module is None or Path(str(item.fspath)).name != Path(__file__).name:
            continue
        callspec = getattr(item, "callspec", None)
        if callspec is None:
            if item.name.startswith("test_utility"):
                return list(PATHS)
            continue
        path = callspec.params.get("path")
        if path is not None:
            wanted.add(path.id)
    return [p for p in PATHS if p.id in wanted]


@pytest.fixture(scope="module")
def catalogue(request: pytest.FixtureRequest, tmp_path_factory: pytest.TempPathFactory) -> Any:
    paths = _selected(request.session) or list(PATHS)
    folder = tmp_path_factory.mktemp("catalogue")
    data = catalogue_data.build(folder / "data", [p.id for p in PATHS if p.group in SLICED_GROUPS])
    run = catalogue_run.run_catalogue(paths, data, folder / "runs")
    return run, catalogue_run.judge(paths, run, data)


@pytest.fixture(scope="module")
def verdicts(catalogue: Any) -> dict[str, Any]:
    run, found = catalogue
    errors = run.setup_errors()
    assert errors == {}, f"setup cells failed: {errors}: no path can be judged"
    return found  # type: ignore[no-any-return]


def test_catalogue_shape() -> None:
    """At least 150 generated paths over the six causes, each id once, each source free of seeded values."""
    assert len(PATHS) >= 150
    assert len({p.id for p in PATHS}) == len(PATHS)
    assert {p.cause for p in PATHS} == set(CAUSES)
    assert all(p.id.startswith(p.cause + "-") for p in PATHS), "an id names its cause, so -k <cause> selects it"


def test_data_from_two_generators_and_three_locales(tmp_path: Path) -> None:
    frame = catalogue_data.people(40)
    locales = set(frame["locale"])
    assert locales & set(catalogue_data.FAKER_LOCALES) and locales & set(catalogue_data.MIMESIS_LOCALES)
    assert len(locales) >= 3
    assert all(catalogue_data.luhn_ok(c) for c in frame["card_number"])
    assert frame["full_name"].is_unique and frame["email"].is_unique
    assert frame["phone_float"].dtype == "float64"


def test_sources_hold_no_seeded_value(tmp_path: Path) -> None:
    from seeded import ValueSearch

    data = catalogue_data.build(tmp_path / "data", [p.id for p in PATHS if p.group in SLICED_GROUPS], big_rows=1000)
    search = ValueSearch([(s.value, s.kind) for s in data.seeded])
    literal = [p.id for p in PATHS if search.find(p.source)]
    assert literal == [], f"{len(literal)} path source(s) spell a seeded value: reach values through the data"


def test_existing_52_paths_stay() -> None:
    tree = ast.parse((Path(__file__).parent / "test_leak_paths.py").read_text(encoding="utf-8"))
    for node in tree.body:
        if isinstance(node, ast.AnnAssign) and getattr(node.target, "id", "") == "PATHS":
            assert isinstance(node.value, ast.List) and len(node.value.elts) >= 52
            return
    pytest.fail("test_leak_paths.PATHS not found")


@pytest.mark.parametrize("path", PATHS, ids=[p.id for p in PATHS])
def test_control_shows_personal_data(verdicts: dict[str, Any], path: Any) -> None:
    v = verdicts[path.id]
    errors = f" (control errors: {', '.join(v.control_errors)})" if v.control_errors else ""
    assert v.control_positive, f"{path.id}: the control shows no personal data: the path is broken{errors}"


@pytest.mark.parametrize("path", PATHS, ids=[p.id for p in PATHS])
def test_guarded_shows_none(verdicts: dict[str, Any], path: Any) -> None:
    v = verdicts[path.id]
    if not v.control_positive:
        pytest.skip(f"{path.id}: control shows no personal data (see its control test)")
    assert v.guarded_ran, f"{path.id}: a cell of the path got no execute reply with the guard on"
    assert v.leaks == 0, v.describe_leak()


def test_utility_aggregate(verdicts: dict[str, Any]) -> None:
    kept, shown = catalogue_run.utility(verdicts.values())
    assert shown > 0
    worst = sorted((v for v in verdicts.values() if v.markers_control), key=lambda v: v.utility)[:5]
    detail = ", ".join(f"{v.path.id} {v.markers_kept}/{v.markers_control}" for v in worst)
    assert kept / shown >= UTILITY_MIN, (
        f"utility {kept}/{shown} = {kept / shown:.3f} < {UTILITY_MIN} (lowest: {detail})"
    )
