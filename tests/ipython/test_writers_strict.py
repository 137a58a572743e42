"""Every writer a data scientist uses warns on personal data, and in strict mode refuses before the file is opened.

The guard is loaded in a real IPython shell; the people are invented by Faker in three locales,
and their values are what the session knows (as the tripwire would have learnt them from the
frame). Each writer runs four ways: warn mode (a PrivacyWarning that names no value, the file
written), strict mode (PrivacyError; the file absent, or an open or appended file unchanged), a
clean object (no warning, the file written), and the derived frames (T, melt, pivot, style).
"""

from __future__ import annotations

import csv
import json
import logging
import pickle
import shelve
import warnings
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import numpy as np
import pandas as pd
import pytest
from seeded import found, magic

from jupyter_privguard.errors import PrivacyError, PrivacyWarning
from jupyter_privguard.session import current_session

LOCALES = ("en_US", "de_DE", "fr_FR")


@dataclass
class Data:
    """What the writers are given: one frame and the shapes taken from it."""

    frame: pd.DataFrame
    text_column: str  # the column of the frame that a text-only writer writes

    @property
    def records(self) -> list[dict[str, Any]]:
        return self.frame.to_dict("records")

    @property
    def texts(self) -> np.ndarray:
        return np.array(self.frame[self.text_column].tolist())

    @property
    def objects(self) -> np.ndarray:
        return np.array(self.frame[self.text_column].tolist(), dtype=object)

    @property
    def numbers(self) -> np.ndarray:
        return np.array(self.frame["number"].tolist(), dtype=np.int64)

    def figure(self) -> Any:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots()
        labels = self.frame[self.text_column].tolist()[:6]
        ax.bar(labels, range(len(labels)))
        ax.set_title(f"Orders of {labels[0]}")
        return fig


def _people(n_per_locale: int = 8) -> pd.DataFrame:
    from faker import Faker

    rows = []
    for i, locale in enumerate(LOCALES):
        fake = Faker(locale)
        fake.seed_instance(41 + i)
        for _ in range(n_per_locale):
            rows.append(
                {
                    "name": fake.name(),
                    "email": fake.email(),
                    "number": int(fake.credit_card_number(card_type="visa16")),
                    "amount": round(fake.pyfloat(min_value=1, max_value=999, right_digits=2), 2),
                }
            )
    return pd.DataFrame(rows)


def _products(n: int = 24) -> pd.DataFrame:
    from faker import Faker

    fake = Faker("en_US")
    fake.seed_instance(5)
    return pd.DataFrame(
        {
            "product": [
                f"{fake.word().title()} {fake.word().title()} {fake.random_uppercase_letter()}{i + 10}"
                for i in range(n)
            ],
            "sku": [f"SKU-{fake.random_int(10000, 99999)}-{fake.random_uppercase_letter()}" for _ in range(n)],
            "number": list(range(1, n + 1)),
            "amount": [round(fake.pyfloat(min_value=1, max_value=5000, right_digits=6), 6) for _ in range(n)],
        }
    )


PEOPLE = _people()
PERSONAL = PEOPLE["name"].tolist() + PEOPLE["email"].tolist()
DIRTY = Data(PEOPLE, "name")
CLEAN = Data(_products(), "product")


# -- the writers: (how its file is made, the call) --------------------------------------------------
# new: the writer makes the file (it must not exist after a block); open: the user opened it (it
# stays empty); append: it held something before (it stays as it was); object: a writer object
# opened it when it was made (it holds no value of the data).
def _pickle(d: Data, p: Path) -> None:
    with open(p, "wb") as f:
        pickle.dump(d.records, f)


def _json(d: Data, p: Path) -> None:
    with open(p, "w") as f:
        json.dump(d.records, f)


def _csv_rows(d: Data, p: Path) -> None:
    with open(p, "a", newline="") as f:
        csv.writer(f).writerows([[r[d.text_column], r["amount"]] for r in d.records])


def _csv_row(d: Data, p: Path) -> None:
    with open(p, "w", newline="") as f:
        csv.writer(f).writerow([d.records[0][d.text_column], 1])


def _dict_writer(d: Data, p: Path) -> None:
    with open(p, "w", newline="") as f:
        writer = csv.DictWriter(f, list(d.frame.columns))
        writer.writerows(d.records)


def _logging(d: Data, p: Path) -> None:
    handler = logging.FileHandler(p)
    log = logging.getLogger(f"privguard-test-{p.name}")
    log.addHandler(handler)
    log.setLevel(logging.INFO)
    log.propagate = False
    try:
        log.info("order for %s", d.records[0][d.text_column])
    finally:
        log.removeHandler(handler)
        handler.close()


def _joblib(d: Data, p: Path) -> None:
    import joblib

    joblib.dump(d.records, p)


def _savefig(d: Data, p: Path) -> None:
    import matplotlib.pyplot as plt

    fig = d.figure()
    try:
        fig.savefig(p)
    finally:
        plt.close(fig)


def _pyplot_savefig(d: Data, p: Path) -> None:
    import matplotlib.pyplot as plt

    fig = d.figure()
    try:
        plt.savefig(p)
    finally:
        plt.close(fig)


def _parquet_writer(d: Data, p: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    table = pa.Table.from_pandas(d.frame)
    with pq.ParquetWriter(p, table.schema) as writer:
        writer.write_table(table)


def _arrow_csv_writer(d: Data, p: Path) -> None:
    import pyarrow as pa
    import pyarrow.csv as pacsv

    table = pa.Table.from_pandas(d.frame)
    with pacsv.CSVWriter(str(p), table.schema) as writer:
        writer.write_table(table)


def _ipc_writer(d: Data, p: Path) -> None:
    import pyarrow as pa

    table = pa.Table.from_pandas(d.frame)
    with pa.ipc.new_file(str(p), table.schema) as writer:
        writer.write_batch(table.to_batches()[0])


def _arrow(fn: Callable[..., Any], *args: Any) -> Callable[[Data, Path], Any]:
    def call(d: Data, p: Path) -> Any:
        import pyarrow as pa

        return fn(pa.Table.from_pandas(d.frame), p, *args)

    return call


def _pa(module: str, name: str) -> Callable[..., Any]:
    def call(*args: Any, **kwargs: Any) -> Any:
        import importlib

        return getattr(importlib.import_module(module), name)(*args, **kwargs)

    return call


def _polars(d: Data) -> Any:
    import polars as pl

    return pl.from_pandas(d.frame)


WRITERS: dict[str, tuple[str, Callable[[Data, Path], Any]]] = {
    "numpy.save-object": ("new", lambda d, p: np.save(p, d.objects, allow_pickle=True)),
    "numpy.save-str": ("new", lambda d, p: np.save(p, d.texts)),
    "numpy.save-cards": ("new", lambda d, p: np.save(p, d.numbers)),
    "numpy.savez": ("new", lambda d, p: np.savez(p, people=d.texts)),
    "numpy.savez_compressed": ("new", lambda d, p: np.savez_compressed(p, d.texts)),
    "numpy.savetxt": ("new", lambda d, p: np.savetxt(p, d.texts, fmt="%s")),
    "ndarray.dump": ("new", lambda d, p: d.texts.dump(p)),
    "pickle.dump": ("open", _pickle),
    "joblib.dump": ("new", _joblib),
    "json.dump": ("open", _json),
    "csv.writer.writerow": ("open", _csv_row),
    "csv.writer.writerows-append": ("append", _csv_rows),
    "csv.DictWriter": ("open", _dict_writer),
    "logging.FileHandler-append": ("append", _logging),
    "Figure.savefig": ("new", _savefig),
    "pyplot.savefig-svg": ("new", lambda d, p: _pyplot_savefig(d, p.with_suffix(".svg"))),
    "DataFrame.to_csv": ("new", lambda d, p: d.frame.to_csv(p)),
    "DataFrame.to_csv-append": ("append", lambda d, p: d.frame.to_csv(p, mode="a", header=False)),
    "DataFrame.to_parquet": ("new", lambda d, p: d.frame.to_parquet(p)),
    "Series.to_json": ("new", lambda d, p: d.frame[d.text_column].to_json(p)),
    "DataFrame.to_string": ("new", lambda d, p: d.frame.to_string(p)),
    "T.to_csv": ("new", lambda d, p: d.frame.T.to_csv(p)),
    "melt.to_csv": ("new", lambda d, p: d.frame.melt().to_csv(p)),
    "pivot.to_csv": (
        "new",
        lambda d, p: d.frame.pivot(index="amount", columns=d.text_column, values="number").to_csv(p),
    ),
    "style.to_html": ("new", lambda d, p: d.frame.style.to_html(p)),
    "style.to_latex": ("new", lambda d, p: d.frame.style.to_latex(p)),
    "style.to_excel": ("new", lambda d, p: d.frame.style.to_excel(p.with_suffix(".xlsx"))),
    "polars.write_csv": ("new", lambda d, p: _polars(d).write_csv(p)),
    "polars.transpose.write_csv": ("new", lambda d, p: _polars(d).transpose().write_csv(p)),
    "polars.sink_parquet": ("new", lambda d, p: _polars(d).lazy().sink_parquet(p)),
    "pyarrow.parquet.write_table": ("new", _arrow(_pa("pyarrow.parquet", "write_table"))),
    "pyarrow.csv.write_csv": ("new", _arrow(_pa("pyarrow.csv", "write_csv"))),
    "pyarrow.feather.write_feather": ("new", _arrow(_pa("pyarrow.feather", "write_feather"))),
    "pyarrow.orc.write_table": ("new", _arrow(_pa("pyarrow.orc", "write_table"))),
    "ParquetWriter.write_table": ("object", _parquet_writer),
    "pyarrow.csv.CSVWriter": ("object", _arrow_csv_writer),
    "pyarrow.ipc.write_batch": ("object", _ipc_writer),
}
# what a writer needs to write at all (strict mode refuses before it is imported, so that runs anyway)
NEEDS = {"style.to_excel": "openpyxl"}
_PRE = "previous contents\n"


@pytest.fixture
def guarded(ip: Any) -> Any:
    """The guarded shell, with the people's names and emails known to the session."""
    session = current_session()
    session.remember_values(PEOPLE["name"], "PERSON", "name")
    session.remember_values(PEOPLE["email"], "EMAIL_ADDRESS", "email")
    return ip


def _target(name: str, folder: Path) -> Path:
    folder = folder / "out"
    folder.mkdir(exist_ok=True)
    path = folder / f"out-{name.replace('.', '_')}.dat"
    suffixes = {
        "style.to_excel": ".xlsx",
        "pyplot.savefig-svg": ".svg",
        "numpy.savez": ".npz",
        "Figure.savefig": ".png",
    }
    suffixes["numpy.savez_compressed"] = ".npz"
    for key in ("numpy.save-object", "numpy.save-str", "numpy.save-cards"):
        suffixes[key] = ".npy"  # numpy adds its suffix to a name without it
    return path.with_suffix(suffixes.get(name, ".dat"))


def _files(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in folder.rglob("*") if p.is_file()}


def _leaks(data: bytes) -> list[str]:
    text = data.decode("utf-8", errors="replace")
    return found(PERSONAL, text)


@pytest.mark.parametrize("name", list(WRITERS))
def test_warn_mode_warns_names_no_value_and_writes(guarded: Any, tmp_path: Path, name: str) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    how, call = WRITERS[name]
    path = _target(name, tmp_path)
    if how == "append":
        path.write_text(_PRE)
    with pytest.warns(PrivacyWarning) as caught:
        call(DIRTY, path)
    messages = [str(w.message) for w in caught if issubclass(w.category, PrivacyWarning)]
    assert messages, name
    for text in messages:
        assert found(PERSONAL, text) == [], f"{name}: the warning names a value"
        assert "PERSON" in text or "EMAIL_ADDRESS" in text or "CREDIT_CARD" in text, text
    assert path.exists() and path.stat().st_size > len(_PRE if how == "append" else ""), name


@pytest.mark.parametrize("name", list(WRITERS))
def test_strict_mode_raises_before_the_file_is_opened(guarded: Any, tmp_path: Path, name: str) -> None:
    magic(guarded, "config strict=true")
    how, call = WRITERS[name]
    path = _target(name, tmp_path)
    if how == "append":
        path.write_text(_PRE)
    before = _files(path.parent)
    with pytest.raises(PrivacyError, match="nothing was written") as raised:
        call(DIRTY, path)
    assert found(PERSONAL, str(raised.value)) == []
    if how == "new":
        assert not path.exists(), f"{name}: the file was made"
    elif how == "open":
        assert path.read_bytes() == b"", f"{name}: the open file was written"
    elif how == "append":
        assert path.read_text() == _PRE, f"{name}: the appended file changed"
    after = _files(path.parent)
    for file, data in after.items():
        assert _leaks(data) == [], f"{name}: {file} holds a value"
    if how in ("new", "append"):
        assert set(after) == set(before), name
    assert current_session().counts.exports_blocked >= 1


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_clean_object_is_written_without_a_warning(guarded: Any, tmp_path: Path, name: str) -> None:
    if name in NEEDS:
        pytest.importorskip(NEEDS[name])
    magic(guarded, "config strict=true")  # strict: a false alarm would raise
    how, call = WRITERS[name]
    path = _target(name, tmp_path)
    if how == "append":
        path.write_text(_PRE)
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        call(CLEAN, path)
    assert path.exists() and path.stat().st_size > 0, name
    text = path.read_bytes().decode("utf-8", errors="replace")
    if how in ("new", "append") and path.suffix == ".dat" and name.startswith(("DataFrame.to_csv", "T.", "melt")):
        assert CLEAN.frame["sku"].iloc[0] in text  # the non-personal values are all there


def test_shelve_blocks_the_value_and_warns_without_it(guarded: Any, tmp_path: Path) -> None:
    with pytest.warns(PrivacyWarning) as caught, shelve.open(str(tmp_path / "warned")) as db:
        db["people"] = DIRTY.records
    assert found(PERSONAL, str(caught[0].message)) == []
    magic(guarded, "config strict=true")
    with shelve.open(str(tmp_path / "strict")) as db:
        with pytest.raises(PrivacyError):
            db["people"] = DIRTY.records
        db["products"] = CLEAN.records  # a clean value goes in
        assert "people" not in db and "products" in db
    for file in tmp_path.glob("strict*"):
        assert _leaks(file.read_bytes()) == []


def test_store_magic_checks_the_database_and_the_file_form(guarded: Any, tmp_path: Path) -> None:
    guarded.run_line_magic("load_ext", "storemagic")
    guarded.user_ns["people_records"] = DIRTY.records
    guarded.user_ns["product_records"] = CLEAN.records
    try:
        with pytest.warns(PrivacyWarning, match="%store"):
            guarded.run_line_magic("store", "people_records")
        magic(guarded, "config strict=true")
        guarded.db.pop("autorestore/people_records", None)
        with pytest.raises(PrivacyError):
            guarded.run_line_magic("store", "people_records")
        assert "autorestore/people_records" not in guarded.db
        target = tmp_path / "stored.txt"
        with pytest.raises(PrivacyError):
            guarded.run_line_magic("store", f"people_records >{target}")
        assert not target.exists()
        guarded.run_line_magic("store", "product_records")
        assert "autorestore/product_records" in guarded.db
    finally:
        for key in ("autorestore/people_records", "autorestore/product_records"):
            guarded.db.pop(key, None)
        for name in ("people_records", "product_records"):
            guarded.user_ns.pop(name, None)


def test_a_library_writing_its_own_file_is_not_an_export(guarded: Any, tmp_path: Path) -> None:
    """json.dump called from the standard library (here: through a stdlib helper) is the library's own file."""
    magic(guarded, "config strict=true")
    code = compile("import json\ndef save(o, f):\n    json.dump(o, f)\n", json.__file__, "exec")
    library: dict[str, Any] = {}
    exec(code, library)  # a function whose code lives in the standard library's folder
    with open(tmp_path / "lib.json", "w") as f:
        library["save"](DIRTY.records, f)
    assert (tmp_path / "lib.json").stat().st_size > 0


def test_the_de_identified_path_is_not_warned(guarded: Any, tmp_path: Path) -> None:
    from jupyter_privguard import redact, safe_export

    magic(guarded, "config strict=true")
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        safe_export(DIRTY.frame, tmp_path / "safe.csv", index=False)
        redacted = redact(DIRTY.frame)
        redacted.to_csv(tmp_path / "redacted.csv", index=False)
        redacted.to_parquet(tmp_path / "redacted.parquet")
        np.save(tmp_path / "redacted.npy", redacted["email"].to_numpy(dtype=object), allow_pickle=True)
        with open(tmp_path / "redacted.json", "w") as f:
            json.dump(redacted[["email"]].to_dict("records"), f)
    for file in ("safe.csv", "redacted.csv", "redacted.json"):
        assert found(PEOPLE["email"].tolist(), (tmp_path / file).read_text()) == []


def test_the_audit_log_names_no_value_and_no_slugged_file(guarded: Any, tmp_path: Path) -> None:
    from jupyter_privguard.audit import AuditLog

    first = PEOPLE["name"].iloc[0]
    slugs = [
        first.lower().replace(" ", "_") + ".csv",
        first.replace(" ", "-") + "-2024.parquet",
        ".".join(reversed(first.split())) + ".json",
    ]
    out = tmp_path / "out"
    out.mkdir()
    with pytest.warns(PrivacyWarning):
        DIRTY.frame.to_csv(out / slugs[0])
        DIRTY.frame.to_parquet(out / slugs[1])
        with open(out / slugs[2], "w") as f:
            json.dump(DIRTY.records, f)
    log = AuditLog(tmp_path / "audit.jsonl")  # the shell fixture's
    text = log.path.read_text()
    assert found(PERSONAL, text) == []
    for part in first.split():
        if len(part) > 3:
            assert part.lower() not in text.lower(), "a slugged name part is in the audit log"
    files = [r.get("file") for r in log.read() if r["event"] == "export"]
    assert files[-3:] == ["<PERSON>.csv", "<PERSON>-2024.parquet", "<PERSON>.json"]


def test_uninstall_restores_every_writer(shell: Any) -> None:
    import matplotlib.figure
    import pyarrow.csv as pacsv
    from seeded import EXT

    owners = [
        (np, "save"),
        (np, "savetxt"),
        (pickle, "dump"),
        (json, "dump"),
        (csv, "writer"),
        (csv.DictWriter, "writerow"),
        (logging.FileHandler, "emit"),
        (shelve.Shelf, "__setitem__"),
        (matplotlib.figure.Figure, "savefig"),
        (pacsv, "CSVWriter"),
        (pd.io.formats.style.Styler, "to_html"),
    ]
    before = [getattr(o, n) for o, n in owners]
    shell.extension_manager.load_extension(EXT)
    assert all(getattr(o, n) is not b for (o, n), b in zip(owners, before))
    shell.extension_manager.unload_extension(EXT)
    assert all(getattr(o, n) is b for (o, n), b in zip(owners, before))
