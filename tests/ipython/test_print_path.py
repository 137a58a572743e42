"""``print(df)`` with the guard loaded: the text is made from the redacted rows, so the columns line up (issue 15).

In a plain IPython shell nothing watches standard output (the tripwire sits on a kernel's messages), so
every seeded value found here would have been printed raw: these tests see the print path alone.
"""

from __future__ import annotations

from typing import Any

import pandas as pd
import pytest
from printed_tables import misaligned, people, seeded
from seeded import EXT, ValueSearch, run


@pytest.fixture
def pp(ip: Any) -> Any:
    ip.user_ns["pp"] = people(12)
    yield ip
    ip.user_ns.pop("pp", None)


def _printed(ip: Any, code: str) -> str:
    result = run(ip, code)
    assert result["success"], result["error"]
    return str(result["stdout"])


def _clean(text: str, df: pd.DataFrame) -> None:
    hits = ValueSearch(seeded(df)).find(text)
    assert hits == {}, f"{len(hits)} seeded values printed, in forms {sorted(set(hits.values()))}"


CASES = [
    "print(pp[['full_name', 'phone']])",
    "print(pp)",
    "print(pp.head())",
    "print(pp.to_string())",
    "print(str(pp))",
    "print(repr(pp))",
    "print(pp.set_index('full_name'))",
    "print(pp.set_index(['full_name', 'plan']))",
    "print(pp['full_name'])",
    "print(pp['full_name'].to_string())",
    "print(pp.phone)",
    "print(pd.concat([pp] * 20, ignore_index=True))",  # truncated: head, '...', tail
    "print(pp.to_string(max_rows=6))",
    "print(pp.set_index('full_name')['visits'])",
]


@pytest.mark.parametrize("code", CASES)
def test_printed_frame_has_no_value_and_lines_up(pp: Any, code: str) -> None:
    text = _printed(pp, code)
    _clean(text, pp.user_ns["pp"])
    assert "<PERSON>" in text or "<PHONE_NUMBER>" in text, text
    assert misaligned(text) == [], text


def test_before_the_fix_the_raw_values_print(shell: Any) -> None:
    # the baseline of this module: without the guard every one of these prints the values themselves
    shell.user_ns["pp"] = people(12)
    text = _printed(shell, "print(pp[['full_name', 'phone']])")
    assert len(ValueSearch(seeded(shell.user_ns["pp"])).find(text)) == 24


def test_truncated_frame_keeps_its_shape_line(pp: Any) -> None:
    text = _printed(pp, "big = pd.concat([pp] * 20, ignore_index=True)\nprint(big)")
    assert "[240 rows x 4 columns]" in text and "..." in text
    assert len([line for line in text.splitlines() if "<PERSON>" in line]) == 10  # min_rows: 5 + 5


def test_wide_frame_that_pandas_wraps(pp: Any) -> None:
    code = (
        "wide = pp.copy()\n"
        "for i in range(12):\n    wide[f'metric_{i}'] = range(len(wide))\n"
        "with pd.option_context('display.width', 60, 'display.max_columns', 30):\n    print(wide)"
    )
    text = _printed(pp, code)
    _clean(text, pp.user_ns["pp"])
    assert text.count("\\\n") >= 1  # wrapped into several blocks
    assert misaligned(text) == [], text


def test_frame_wider_than_pandas_shows(pp: Any) -> None:
    code = (
        "wider = pd.concat([pp] + [pp[['visits']].rename(columns={'visits': f'v{i}'}) for i in range(40)], axis=1)\n"
        "print(wider)"
    )
    text = _printed(pp, code)
    _clean(text, pp.user_ns["pp"])
    assert "[12 rows x 44 columns]" in text and "..." in text
    assert misaligned(text) == [], text


def test_markdown_lines_up(pp: Any) -> None:
    pytest.importorskip("tabulate")
    import warnings

    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        text = _printed(pp, "print(pp[['full_name', 'phone']].to_markdown())")
    _clean(text, pp.user_ns["pp"])
    # the text is made from the redacted frame: no warning that it "writes unredacted personal data"
    assert not [w for w in caught if "personal data" in str(w.message)]
    assert len({len(line) for line in text.splitlines() if line}) == 1, text


def test_polars_frame_and_series(pp: Any) -> None:
    pytest.importorskip("polars")
    text = _printed(
        pp, "import polars as pl\nplf = pl.from_pandas(pp)\nprint(plf)\nprint(plf['full_name'])\nprint(repr(plf))"
    )
    _clean(text, pp.user_ns["pp"])
    assert "<PERSON>" in text
    table = [line for line in text.splitlines() if line[:1] in "┌│╞├└"]
    assert table and len({len(line) for line in table}) == 1, text


def test_no_personal_column_prints_as_pandas_does(ip: Any) -> None:
    frame = pd.DataFrame({"order": range(100), "amount": [i * 1.5 for i in range(100)], "sku": ["SKU-1"] * 100})
    ip.user_ns["orders"] = frame
    try:
        guarded = _printed(ip, "print(orders); print(orders.to_string(max_rows=8)); print(orders['sku'])")
        run(ip, "%privguard off")
        plain = _printed(ip, "print(orders); print(orders.to_string(max_rows=8)); print(orders['sku'])")
    finally:
        run(ip, "%privguard on")
        ip.user_ns.pop("orders", None)
    assert guarded == plain


def test_off_prints_raw_and_unload_restores(pp: Any) -> None:
    before = pd.DataFrame.to_string
    run(pp, "%privguard off")
    try:
        text = _printed(pp, "print(pp[['full_name']])")
    finally:
        run(pp, "%privguard on")
    assert pp.user_ns["pp"]["full_name"].iloc[0] in text  # off means off
    pp.extension_manager.unload_extension(EXT)
    assert pd.DataFrame.to_string is not before  # it was ours while loaded
    assert not hasattr(pd.DataFrame.to_string, "__privguard_printed__")
    assert "to_string" not in pd.DataFrame.__dict__ or pd.DataFrame.__dict__["to_string"] is pd.DataFrame.to_string


def test_to_a_buffer_is_the_export_guards(pp: Any, tmp_path: Any) -> None:
    # written to a file, the text is an export: the export guard's rules (a warning), not the print path's
    path = tmp_path / "out.txt"
    pp.user_ns["path"] = str(path)
    from jupyter_privguard.errors import PrivacyWarning

    with pytest.warns(PrivacyWarning, match="to_string"):
        result = run(pp, "pp.to_string(path)")
    assert result["success"] and result["stdout"] == ""


def test_failure_prints_the_placeholder_never_the_rows(pp: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    from jupyter_privguard.integrations.ipython import display

    def broken(*_: Any, **__: Any) -> Any:
        raise RuntimeError("boom")

    monkeypatch.setattr(display.DisplayGuard, "_frame_view", broken)
    text = _printed(pp, "print(pp)")
    _clean(text, pp.user_ns["pp"])
    assert "privacy guard failed (RuntimeError)" in text


def test_the_check_finds_a_placeholder_put_in_after_formatting() -> None:
    # what the tripwire alone gives: pandas padded the names, then each was replaced by the placeholder
    frame = people(12)
    raw = frame[["full_name", "phone"]].to_string()
    late = raw
    for name in frame["full_name"]:
        late = late.replace(name, "<PERSON>")
    assert misaligned(raw) == [], raw
    assert misaligned(late) != []


def test_a_frame_changed_in_place_after_a_print_is_classified_again(pp: Any) -> None:
    # the second print may reuse the first one's findings only where its rendered cells prove them: a
    # column that held plans holds phone numbers now (the same object, its values replaced in place)
    frame = pp.user_ns["pp"]
    pp.user_ns["phones"] = list(frame["phone"])
    code = "q = pp[['visits', 'plan']].copy()\nprint(q)\nq['plan'] = phones\nprint(q)\nq.loc[3, 'plan'] = phones[0]\nprint(q)"
    text = _printed(pp, code)
    _clean(text, frame)
    assert text.count("<PHONE_NUMBER>") == 24


def test_a_wrong_call_raises_as_pandas_does_and_prints_nothing(pp: Any) -> None:
    result = run(pp, "pp.to_string(None, ['full_name'])")
    assert not result["success"] and isinstance(result["error"], TypeError)
    _clean(result["stdout"] + result["stderr"], pp.user_ns["pp"])


@pytest.mark.parametrize(
    "code",
    [
        "print(pp.set_index('full_name').index)",
        "print(pp.set_index(['full_name', 'plan']).index)",
        "print(repr(pp.phone.to_frame().set_index('phone').index))",
    ],
)
def test_printed_index_of_values(pp: Any, code: str) -> None:
    text = _printed(pp, code)
    _clean(text, pp.user_ns["pp"])
    assert "<PERSON>" in text or "<PHONE_NUMBER>" in text


def test_a_long_index_keeps_its_length_and_plain_labels_print_as_pandas_does(pp: Any) -> None:
    text = _printed(pp, "print(pd.concat([pp] * 30).set_index('full_name').index)")
    _clean(text, pp.user_ns["pp"])
    assert "length=360)" in text and "..." in text
    assert _printed(pp, "print(pp.columns)") == repr(pp.user_ns["pp"].columns.tolist()).join(
        ["Index(", ", dtype='str')\n"]
    )
