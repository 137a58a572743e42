"""Archives, copies and raw file writers warn on personal data and, in strict mode, write none of it.

Real IPython shell, the guard loaded; people invented by Faker in three locales, their values known to
the session (as the tripwire learns them). A source file is written before the guard checks anything
(with the guard paused), so the copy, the archive or the compressed file is the only export. Each
writer runs three ways: warn mode (a PrivacyWarning naming entities, no value), strict mode
(PrivacyError; nothing in the destination folder holds a value), and a clean table (no warning even
in strict mode, the destination written).
"""

from __future__ import annotations

import bz2
import gzip
import io
import lzma
import os
import shutil
import tarfile
import warnings
import zipfile
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from seeded import found, magic
from test_writers_strict import CLEAN, DIRTY, PEOPLE, PERSONAL, Data

from jupyter_privguard.errors import PrivacyError, PrivacyWarning
from jupyter_privguard.session import current_session


def _text(d: Data) -> str:
    return d.frame.to_csv(index=False)


def _source(d: Data, folder: Path) -> Path:
    """The data as a CSV file on disk, written with the guard paused (it is the source, not the export)."""
    session = current_session()
    was = session.enabled
    session.enabled = False
    try:
        src = folder / "src" / "table.csv"
        src.parent.mkdir(parents=True, exist_ok=True)
        src.write_text(_text(d), encoding="utf-8")
    finally:
        session.enabled = was
    return src


def _zip_write(d: Data, src: Path, out: Path) -> None:
    with zipfile.ZipFile(out / "a.zip", "w") as z:
        z.write(src, "table.csv")


def _zip_writestr(d: Data, src: Path, out: Path) -> None:
    with zipfile.ZipFile(out / "a.zip", "w") as z:
        z.writestr("table.csv", _text(d))


def _zip_open(d: Data, src: Path, out: Path) -> None:
    with zipfile.ZipFile(out / "a.zip", "w") as z, z.open("table.csv", "w") as member:
        member.write(_text(d).encode())


def _tar_add(d: Data, src: Path, out: Path) -> None:
    with tarfile.open(out / "a.tar", "w") as t:
        t.add(src.parent, "src")


def _tar_addfile(d: Data, src: Path, out: Path) -> None:
    data = _text(d).encode()
    info = tarfile.TarInfo("table.csv")
    info.size = len(data)
    with tarfile.open(out / "a.tar", "w") as t:
        t.addfile(info, io.BytesIO(data))


def _copyfileobj(d: Data, src: Path, out: Path) -> None:
    with open(src, "rb") as a, open(out / "copy.csv", "wb") as b:
        shutil.copyfileobj(a, b)


def _compressed(opener: Callable[..., Any], mode: str) -> Callable[[Data, Path, Path], None]:
    def write(d: Data, src: Path, out: Path) -> None:
        with opener(out / "table.csv.z", mode) as fh:
            fh.write(_text(d) if "t" in mode else _text(d).encode())

    return write


def _os_write(d: Data, src: Path, out: Path) -> None:
    fd = os.open(out / "raw.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)
    try:
        os.write(fd, _text(d).encode())
    finally:
        os.close(fd)


def _named_temp(d: Data, src: Path, out: Path) -> None:
    import tempfile

    with tempfile.NamedTemporaryFile("w", dir=out, suffix=".csv", delete=False) as fh:
        fh.write(_text(d))


def _spooled_temp(d: Data, src: Path, out: Path) -> None:
    import tempfile

    with tempfile.SpooledTemporaryFile(max_size=10, mode="w+", dir=out) as fh:
        fh.write(_text(d))
        fh.seek(0)
        (out / "spooled.csv").write_bytes(b"")  # the spooled file is gone at close: its text is copied out raw
        with open(out / "spooled.csv", "w") as copy:
            copy.write(fh.read())


WRITERS: dict[str, Callable[[Data, Path, Path], Any]] = {
    "ZipFile.write": _zip_write,
    "ZipFile.writestr": _zip_writestr,
    "ZipFile.open-w": _zip_open,
    "TarFile.add-folder": _tar_add,
    "TarFile.addfile": _tar_addfile,
    "shutil.copyfile": lambda d, src, out: shutil.copyfile(src, out / "copy.csv"),
    "shutil.copy": lambda d, src, out: shutil.copy(src, out),
    "shutil.copy2": lambda d, src, out: shutil.copy2(src, out / "copy.csv"),
    "shutil.copytree": lambda d, src, out: shutil.copytree(src.parent, out / "tree"),
    "shutil.move": lambda d, src, out: shutil.move(src, out / "moved.csv"),
    "shutil.copyfileobj": _copyfileobj,
    # make_archive calls zipfile/tarfile from inside the standard library: it is checked as one writer
    "shutil.make_archive-zip": lambda d, src, out: shutil.make_archive(str(out / "a"), "zip", src.parent),
    "shutil.make_archive-gztar": lambda d, src, out: shutil.make_archive(
        str(out / "a"), "gztar", root_dir=src.parent.parent, base_dir=src.parent.name
    ),
    "gzip.open-wb": _compressed(gzip.open, "wb"),
    "gzip.open-wt": _compressed(gzip.open, "wt"),
    "bz2.open-wb": _compressed(bz2.open, "wb"),
    "lzma.open-wt": _compressed(lzma.open, "wt"),
    "Path.write_text": lambda d, src, out: (out / "rows.csv").write_text(_text(d)),
    "Path.write_bytes": lambda d, src, out: (out / "rows.bin").write_bytes(_text(d).encode()),
    "os.write": _os_write,
    "NamedTemporaryFile.write": _named_temp,
    "SpooledTemporaryFile.write": _spooled_temp,
}


@pytest.fixture
def guarded(ip: Any) -> Any:
    session = current_session()
    session.remember_values(PEOPLE["name"], "PERSON", "name")
    session.remember_values(PEOPLE["email"], "EMAIL_ADDRESS", "email")
    return ip


def _contents(folder: Path) -> str:
    """Every file under ``folder``, decompressed and unpacked where it is an archive, as one text."""
    texts = []
    for p in sorted(folder.rglob("*")):
        if not p.is_file():
            continue
        raw = p.read_bytes()
        for opener in (gzip.decompress, bz2.decompress, lzma.decompress):
            try:
                raw = opener(raw)
                break
            except Exception:
                continue
        texts.append(raw.decode("utf-8", "replace"))
        if zipfile.is_zipfile(p):
            with zipfile.ZipFile(p) as z:
                texts.extend(z.read(n).decode("utf-8", "replace") for n in z.namelist())
    return "\n".join(texts)


def _out(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    return out


@pytest.mark.parametrize("name", list(WRITERS))
def test_warn_mode_warns_without_a_value_and_writes(guarded: Any, tmp_path: Path, name: str) -> None:
    src, out = _source(DIRTY, tmp_path), _out(tmp_path)
    with pytest.warns(PrivacyWarning) as caught:
        WRITERS[name](DIRTY, src, out)
    messages = [str(w.message) for w in caught if issubclass(w.category, PrivacyWarning)]
    assert messages, name
    for text in messages:
        assert found(PERSONAL, text) == [], f"{name}: the warning names a value"
        assert "PERSON" in text or "EMAIL_ADDRESS" in text, text
    assert found(PERSONAL, _contents(out)), f"{name}: warn mode writes (the control of the strict test)"


@pytest.mark.parametrize("name", list(WRITERS))
def test_strict_mode_writes_no_value(guarded: Any, tmp_path: Path, name: str) -> None:
    src, out = _source(DIRTY, tmp_path), _out(tmp_path)
    magic(guarded, "config strict=true")
    with pytest.raises(PrivacyError, match="nothing was written") as raised:
        WRITERS[name](DIRTY, src, out)
    assert found(PERSONAL, str(raised.value)) == []
    assert found(PERSONAL, _contents(out)) == [], f"{name}: the destination holds a value"
    assert src.exists(), "a blocked move leaves the source where it was"


@pytest.mark.parametrize("name", list(WRITERS))
def test_a_clean_table_is_written_without_a_warning(guarded: Any, tmp_path: Path, name: str) -> None:
    src, out = _source(CLEAN, tmp_path), _out(tmp_path)
    magic(guarded, "config strict=true")  # a false alarm would raise
    with warnings.catch_warnings():
        warnings.simplefilter("error", PrivacyWarning)
        WRITERS[name](CLEAN, src, out)
    assert CLEAN.frame["sku"].iloc[0] in _contents(out), name


def test_a_file_nobody_read_is_classified_when_it_is_copied(guarded: Any, tmp_path: Path) -> None:
    """A CSV of people the session never saw: its columns are classified from the file itself."""
    from faker import Faker

    fake = Faker("en_GB")
    fake.seed_instance(77)
    rows = ["customer,contact,plan"] + [f"{fake.name()},{fake.email()},basic" for _ in range(12)]
    src = tmp_path / "fresh.csv"
    session = current_session()
    session.enabled = False
    try:
        src.write_text("\n".join(rows) + "\n")
    finally:
        session.enabled = True
    magic(guarded, "config strict=true")
    with pytest.raises(PrivacyError) as raised:
        shutil.copy(src, tmp_path / "copy.csv")
    assert not (tmp_path / "copy.csv").exists()
    assert "customer" in str(raised.value) or "contact" in str(raised.value)


def test_a_library_copying_its_own_file_is_not_an_export(guarded: Any, tmp_path: Path) -> None:
    src = _source(DIRTY, tmp_path)
    magic(guarded, "config strict=true")
    code = compile("import shutil\ndef backup(a, b):\n    shutil.copyfile(a, b)\n", shutil.__file__, "exec")
    library: dict[str, Any] = {}
    exec(code, library)
    library["backup"](src, tmp_path / "backup.csv")
    assert (tmp_path / "backup.csv").exists()


def test_uninstall_restores_the_file_writers(shell: Any) -> None:
    from seeded import EXT

    owners = [
        (zipfile.ZipFile, "write"),
        (zipfile.ZipFile, "writestr"),
        (tarfile.TarFile, "add"),
        (shutil, "copyfile"),
        (shutil, "copyfileobj"),
        (gzip.GzipFile, "write"),
        (Path, "write_text"),
        (os, "write"),
    ]
    before = [getattr(o, n) for o, n in owners]
    shell.extension_manager.load_extension(EXT)
    assert all(getattr(o, n) is not b for (o, n), b in zip(owners, before))
    shell.extension_manager.unload_extension(EXT)
    assert all(getattr(o, n) is b for (o, n), b in zip(owners, before))


def _run_cell(shell: Any, code: str) -> Any:
    """Run ``code`` as a cell (the user's code: the sqlite3 write check looks at who calls)."""
    return shell.run_cell(code, store_history=False)


def test_sqlite_inserts_into_a_file_database(guarded: Any, tmp_path: Path) -> None:
    db = tmp_path / "out.db"
    guarded.user_ns.update(_db=str(db), _rows=DIRTY.frame[["name", "email"]].values.tolist())
    setup = "import sqlite3\n_con = sqlite3.connect(_db)\n_con.execute('create table t (a, b)')\n"
    with pytest.warns(PrivacyWarning) as caught:
        assert _run_cell(
            guarded, setup + "_con.executemany('insert into t values (?, ?)', _rows)\n_con.commit()"
        ).success
    assert all(found(PERSONAL, str(w.message)) == [] for w in caught)
    assert found(PERSONAL, db.read_bytes().decode("utf-8", "replace"))  # warn mode writes
    db.unlink()
    magic(guarded, "config strict=true")
    result = _run_cell(
        guarded,
        setup
        + "_con.executemany('insert into t values (?, ?)', (r for r in _rows))\n"
        + "_con.execute(\"insert into t values ('\" + _rows[0][0] + \"', 'x')\")\n",
    )
    assert isinstance(result.error_in_exec, PrivacyError)
    _run_cell(guarded, "_con.commit()\n_con.close()")
    assert found(PERSONAL, db.read_bytes().decode("utf-8", "replace")) == []
    clean = CLEAN.frame[["product", "sku"]].values.tolist()
    guarded.user_ns.update(_rows=clean)
    ok = _run_cell(
        guarded, "_con = sqlite3.connect(_db)\n_con.executemany('insert into t values (?, ?)', _rows)\n_con.commit()"
    )
    assert ok.success and CLEAN.frame["sku"].iloc[0] in db.read_bytes().decode("utf-8", "replace")
    in_memory = _run_cell(
        guarded,
        "_m = sqlite3.connect(':memory:')\n_m.execute('create table t (a)')\n_m.execute('insert into t values (?)', (_db,))",
    )
    assert in_memory.success
