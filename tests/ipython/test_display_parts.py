"""The parts of a guarded bundle beside its classified cells, through a real IPython shell.

Names (a Series' name, index and column-level names), a Styler's caption, table styles, table
attributes and tooltips, column labels that are values (a pivot), nested cells (dicts, lists,
tuples, bytes, frames; polars struct and list columns), categoricals, ``DataFrame.attrs``, the
LaTeX rendering, floats that hold phone numbers, and the double fault. Values come from faker in
several locales; each test searches every MIME type of every output for them.
"""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
import pytest
from seeded import everything, run

LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES"]


def _people(locale: str, n: int = 8, seed: int = 11) -> pd.DataFrame:
    from faker import Faker

    fake = Faker(locale)
    fake.seed_instance(seed)
    names = list(dict.fromkeys(fake.name() for _ in range(n * 2)))[:n]
    return pd.DataFrame(
        {
            "full_name": names,
            "email": [fake.unique.email() for _ in names],
            "product": [f"{fake.word().title()} Lamp {chr(65 + i)}{i + 10}" for i in range(len(names))],
            "amount": [round(10 + 37.25 * i, 2) for i in range(len(names))],
        }
    )


@pytest.fixture(params=LOCALES)
def people(request: Any, ip: Any) -> pd.DataFrame:
    frame = _people(request.param)
    ip.user_ns["people"] = frame
    run(ip, "people")  # shown once: the session learns its names, as it would in a notebook
    yield frame
    ip.user_ns.pop("people", None)


def _values(frame: pd.DataFrame) -> list[str]:
    return list(frame["full_name"]) + list(frame["email"])


def _leaks(result: dict[str, Any], values: list[str]) -> list[str]:
    text = everything(result)
    escaped = json.dumps(values)  # the JSON form of every value (\u00e9 ...)
    return [v for v in values if v in text or json.dumps(v)[1:-1] in text] + ([] if escaped not in text else ["<all>"])


def _shown(ip: Any, code: str) -> dict[str, Any]:
    result = run(ip, code)
    assert result["success"], result["stderr"]
    assert result["outputs"], f"nothing was displayed for {code}"
    assert "was not displayed" not in everything(result), code
    return result


PARTS = {
    "styler caption": "people[['product', 'amount']].style.set_caption('Contact ' + people.email[0] + ' or ' + people.full_name[1])",
    "styler caption tuple": "people[['product']].style.set_caption((people.full_name[0], people.email[1]))",
    "table styles": "people[['product']].style.set_table_styles([{'selector': 'caption', 'props': [('content', repr(people.email[0]))]}, {'selector': 'th', 'props': 'content: ' + repr(people.full_name[2])}])",
    "table attributes": "people[['product']].style.set_table_attributes('title=' + repr(people.email[0]) + ' data-owner=' + repr(people.full_name[0]))",
    "tooltips": "people[['product']].style.set_tooltips(pd.DataFrame({'product': ['ask ' + e for e in people.email]}, index=people.index))",
    "series name": "pd.Series([1, 2], name=people.email[0])",
    "series name (person)": "people.amount.rename(people.full_name[3])",
    "index name": "people[['product']].rename_axis(people.email[0])",
    "columns name": "people[['product']].rename_axis(columns=people.full_name[0])",
    "multiindex names": "people.set_index(['product', 'amount'])[['full_name']].rename_axis([people.email[0], people.full_name[1]])",
    "pivot columns": "people.pivot_table(index='product', columns='full_name', values='amount')",
    "labels are values": "pd.DataFrame([range(len(people))], columns=list(people.full_name))",
    "mixed object column": "pd.DataFrame({'k': [1, 2, 3, 4], 'v': [{'email': people.email[0]}, [people.full_name[1], 3], (people.email[2],), people.email[3].encode()]})",
    "dict under a telling key": "pd.DataFrame({'k': [1, 2], 'contact': [{'name': people.full_name[0], 'plan': 'pro'}, {'name': people.full_name[1], 'plan': 'basic'}]})",
    "frame in a cell": "pd.DataFrame({'k': [1], 'inner': [people[['full_name', 'email']].head(2)]})",
    "categorical": "people.assign(full_name=people.full_name.astype('category'))[['full_name', 'product']]",
    "categorical unnamed": "pd.DataFrame({'who': people.full_name.astype('category'), 'product': people['product']})",
    "attrs": "(lambda d: (d.attrs.update(owner=people.email[0], reviewed_by=[people.full_name[0]]), d)[1])(people[['product']].copy())",
    "record (iloc)": "people.iloc[0]",
    "transposed": "people.T",
}


@pytest.mark.parametrize("code", list(PARTS.values()), ids=list(PARTS))
def test_every_part_of_the_bundle_is_redacted(ip: Any, people: pd.DataFrame, code: str) -> None:
    result = _shown(ip, code)
    assert _leaks(result, _values(people)) == [], code


@pytest.mark.parametrize(
    "code",
    [PARTS["styler caption"], PARTS["table attributes"], PARTS["index name"], PARTS["multiindex names"]],
    ids=["caption", "attributes", "index name", "multiindex names"],
)
def test_latex_rendering_is_redacted(ip: Any, people: pd.DataFrame, code: str) -> None:
    with pd.option_context("styler.render.repr", "latex"):
        result = _shown(ip, code)
    assert _leaks(result, _values(people)) == []


def test_polars_struct_and_list_columns(ip: Any, people: pd.DataFrame) -> None:
    pl = pytest.importorskip("polars")
    ip.user_ns["pl"] = pl
    for code in [
        "pl.DataFrame({'p': [{'name': n, 'email': e} for n, e in zip(people.full_name, people.email)], 'k': list(range(len(people)))})",
        "pl.DataFrame({'emails': [list(people.email[:2]), list(people.email[2:4])], 'k': [1, 2]})",
        "pl.DataFrame({'people': [list(people.full_name[:3])], 'k': [1]})",
    ]:
        result = _shown(ip, code)
        assert _leaks(result, _values(people)) == [], code
        assert "privguard: redacted" in everything(result)


def test_pivot_keeps_its_non_personal_labels(ip: Any, people: pd.DataFrame) -> None:
    result = _shown(ip, "people.pivot_table(index='product', columns='full_name', values='amount')")
    text = result["outputs"][0]["data"]["text/plain"]
    for product in people["product"]:
        assert product in text  # the row labels (products) stay readable
    assert "full_name" in text


def test_nested_cells_keep_their_structure_and_non_personal_leaves(ip: Any, people: pd.DataFrame) -> None:
    result = _shown(ip, PARTS["dict under a telling key"])
    text = result["outputs"][0]["data"]["text/plain"]
    if "free text" in text:  # the scanner saw the known names as spans: the cells go whole (fail closed)
        assert text.count("<REDACTED>") == 2
    else:
        assert "'plan': 'pro'" in text and "'plan': 'basic'" in text
        assert "<PERSON>" in text


def test_floats_that_hold_phone_numbers(ip: Any) -> None:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(5)
    digits = [f"{fake.random_int(201, 989)}{fake.random_int(200, 999)}{fake.random_int(1000, 9999)}" for _ in range(12)]
    ip.user_ns["calls"] = pd.DataFrame(
        {"phone": [float(d) for d in digits], "product": [f"Lamp {i}" for i in range(12)], "amount": [2037.59] * 12}
    )
    ip.user_ns["texts"] = pd.DataFrame({"phone": digits, "product": [f"Lamp {i}" for i in range(12)]})
    with pd.option_context("display.float_format", "{:.1f}".format, "display.html.table_schema", True):
        for code in ["calls", "calls.phone", "calls.style", "texts"]:
            result = _shown(ip, code)
            text = everything(result)
            assert [d for d in digits if d in text] == [], code
            assert "PHONE_NUMBER" in text, code
        # the float column is classified like the text column
        assert "Lamp 3" in everything(run(ip, "calls")) and "2037.6" in everything(run(ip, "calls"))
    # the tripwire can find the shown phones in the forms a float prints in
    from jupyter_privguard.integrations.ipython import get_extension

    _, known = get_extension(ip).session.known_values()
    assert all(d in known and f"{d[0]}.{d[1:].rstrip('0')}e+09" in known for d in digits)


def test_a_frame_without_personal_data_displays_exactly_as_pandas(ip: Any, shell: Any) -> None:
    frame = (
        pd.DataFrame(
            {
                "product": ["Brightfen Wind Chime L19", "Orvale Desk Lamp K67", "Quillon Mug S02"],
                "amount": [2037.59, 12.5, 7.25],
                "sku": ["SKU-10234-A", "SKU-55012-C", "SKU-90017-F"],
                "ordered": pd.to_datetime(["2024-01-05", "2024-02-11", "2024-03-30"]),
            }
        )
        .rename_axis("order")
        .rename_axis(columns="field")
    )
    ip.user_ns["plain"] = frame
    data = _shown(ip, "plain")["outputs"][0]["data"]
    assert data["text/plain"] == repr(frame)
    assert data["text/html"] == frame._repr_html_()
    series = _shown(ip, "plain.amount.rename('total')")["outputs"][0]["data"]
    assert series["text/plain"] == repr(frame.amount.rename("total"))


def test_double_fault_publishes_a_fixed_text(ip: Any, people: pd.DataFrame, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard import render
    from jupyter_privguard.integrations.ipython import display

    def broken(*args: Any, **kwargs: Any) -> Any:
        raise RuntimeError("injected")

    monkeypatch.setattr(display, "_scan", broken)
    monkeypatch.setattr(render, "placeholder_bundle", broken)
    for code in ["people", "people.full_name", "people.style", "people.set_index('email').index"]:
        result = run(ip, code)
        assert result["success"]
        (output,) = result["outputs"]
        text = output["data"]["text/plain"]
        assert text.startswith("privguard: this ") and "placeholder both failed" in text
        assert set(output["data"]) == {"text/plain"}
        assert _leaks(result, _values(people)) == []
        assert "injected" not in everything(result)


RENDERINGS = [
    "people._repr_html_()",
    "people.to_markdown()",
    "print(people.to_markdown())",
    "people.to_html()",
    "people.to_latex()",
    "people.full_name.to_markdown()",
    "people.style.to_html()",
    "people.style.set_caption(people.full_name[0]).to_latex()",
    "people.style._repr_html_()",
    "people.set_index('email').to_markdown()",
]


@pytest.mark.parametrize("code", RENDERINGS)
def test_renderings_called_directly_are_redacted(ip: Any, people: pd.DataFrame, code: str) -> None:
    import warnings

    from jupyter_privguard.errors import PrivacyWarning

    with warnings.catch_warnings():
        # the export guard warns on to_html/to_latex/to_markdown from the frame it is given; the text
        # they return is the redacted rendering, which is what this test reads
        warnings.simplefilter("ignore", PrivacyWarning)
        result = run(ip, code)
    assert result["success"], result["stderr"]
    text = everything(result)
    assert _leaks(result, _values(people)) == []
    assert "PERSON" in text or "EMAIL_ADDRESS" in text


def test_renderings_of_non_personal_frames_are_pandas_own(ip: Any) -> None:
    frame = pd.DataFrame({"product": ["Brightfen Wind Chime L19", "Quillon Mug S02"], "amount": [2037.59, 7.25]})
    from jupyter_privguard.integrations.ipython import get_extension

    ip.user_ns["plain"] = frame
    session = get_extension(ip).session
    session.enabled = False  # every wrapper runs pandas' own method
    try:
        expected = (frame.to_markdown(), frame._repr_html_(), frame.to_latex())
    finally:
        session.enabled = True
    run(ip, "md, page, tex = plain.to_markdown(), plain._repr_html_(), plain.to_latex()")
    assert (ip.user_ns["md"], ip.user_ns["page"], ip.user_ns["tex"]) == expected


def test_a_rendering_written_to_a_file_runs_unchanged(ip: Any, people: pd.DataFrame, tmp_path: Any) -> None:
    import warnings

    target = tmp_path / "people.md"
    ip.user_ns["target"] = str(target)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # the export guard's warning: files are its concern
        result = run(ip, "people.to_markdown(target)")
    assert result["success"] and target.exists()  # what a file may hold is the export guard's to decide


LABEL_PATHS = [
    "pd.DataFrame({people.email[0]: [1], 'amount': [2]})",
    "pd.Series([1, 2], index=[people.email[0], 'Lamp A'])",
    "pd.DataFrame({'a': [1, 2]}, index=[people.email[1], 'Lamp A']).T",
    "pd.DataFrame({'a': [1, 2]}, index=pd.MultiIndex.from_tuples([(people.email[2], 'x'), ('Lamp A', 'y')]))",
]


@pytest.mark.parametrize("code", LABEL_PATHS)
def test_labels_found_by_pattern_are_redacted_everywhere(ip: Any, people: pd.DataFrame, code: str) -> None:
    result = _shown(ip, code)
    assert _leaks(result, list(people.email)) == []  # banner and report payload included
    kept = "Lamp A" if "Lamp A" in code else "amount"
    assert kept in result["outputs"][0]["data"]["text/plain"]  # the other labels stay readable


def test_polars_and_arrow_labels_and_names(ip: Any, people: pd.DataFrame) -> None:
    pl = pytest.importorskip("polars")
    pa = pytest.importorskip("pyarrow")
    ip.user_ns.update(pl=pl, pa=pa)
    for code in [
        "pl.DataFrame({people.email[0]: [1], people.email[1]: [3], 'amount': [2]})",
        "pl.Series(people.email[2], [1, 2])",
        "pl.DataFrame({n: [i] for i, n in enumerate(people.full_name)})",
        "pa.table({people.email[3]: [1], 'amount': [2]})",
    ]:
        result = _shown(ip, code)
        assert _leaks(result, _values(people)) == [], code
    plain = _shown(ip, "pl.DataFrame({'amount': [2037.59], 'product': ['Brightfen Wind Chime L19']})")
    assert plain["outputs"][0]["data"]["text/plain"] == repr(
        pl.DataFrame({"amount": [2037.59], "product": ["Brightfen Wind Chime L19"]})
    )
