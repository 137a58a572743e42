"""The writers of files, archives and copies: zipfile, tarfile, shutil, gzip/bz2/lzma, ``Path.write_*``, ``os.write``.

They write what they are given, or copy a file that is already on disk, so the check reads what
would be written: bytes and text are checked like any text a writer is given (the session's known
values and the pattern tier), after :func:`~jupyter_privguard.texttables.table_of` has tried to read
them as a table (a CSV, JSON or JSON lines text is classified column by column, as a frame is); a
file about to be copied, archived or moved is read from its head (:data:`SAMPLE_BYTES`), a folder
from its first :data:`MAX_FILES` files. Each wrapper hands the check to
:func:`~jupyter_privguard.integrations.writeguard.guard`: a warning naming the fields and entities,
or in strict mode a :class:`~jupyter_privguard.errors.PrivacyError` before anything is copied or
written (an archive the user opened stays without the member; a compressed file the user opened
gets no data).

========================================================  ==========================================
writer                                                    what is checked
========================================================  ==========================================
``zipfile.ZipFile.write``, ``tarfile.TarFile.add``        the file (or folder) added
``ZipFile.writestr``, ``ZipFile.open(mode="w").write``    the bytes or text
``TarFile.addfile``                                       the file object's bytes (read, then rewound)
``shutil.copyfile/copy/copy2/copytree/move``              the source file or folder
``shutil.make_archive``                                   the folder archived (``root_dir``/``base_dir``)
``shutil.copyfileobj``                                    the source's bytes (read, then rewound)
``gzip``/``bz2``/``lzma`` file objects' ``write``         the bytes (``open(..., "wt")`` too)
``pathlib.Path.write_text/write_bytes``                   the text or bytes
``os.write`` to a regular file                            the bytes
``tempfile.NamedTemporaryFile(...).write``                the text or bytes
``tempfile.SpooledTemporaryFile.write``                   the text or bytes
========================================================  ==========================================

Only the user's calls are checked (a library copying its own files is not an export), and a
writer another checked writer calls is part of it (``shutil.copy`` calls ``copyfile``). A binary
file that is no table (an image, a parquet file) is checked as the text its bytes decode to;
``open(...).write`` stays outside the guard (see the README).
"""

from __future__ import annotations

import os
import stat
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..texttables import table_of
from .writeguard import Target
from .writers import argument, wrap_writer

if TYPE_CHECKING:
    from ..session import GuardSession
    from .exposure import Exposed
    from .hooks import Patches

__all__ = ["MAX_FILES", "SAMPLE_BYTES", "install", "sample_of"]

#: how much of a file (or of a file object) is read to check it
SAMPLE_BYTES = 2 * 1024 * 1024
#: files of a folder checked (``copytree``, ``TarFile.add`` of a folder)
MAX_FILES = 64

Find = Callable[[tuple[Any, ...], dict[str, Any]], tuple[Callable[[], "Exposed"], Any]]


def sample_of(data: bytes | bytearray | memoryview | str) -> Any:
    """What ``data`` holds, for :func:`~jupyter_privguard.integrations.exposure.exposed`: a table or a text."""
    text = bytes(data).decode("utf-8", "replace") if isinstance(data, (bytes, bytearray, memoryview)) else str(data)
    text = text.replace("\x00", "")
    try:
        table = table_of(text)
    except Exception:
        table = None
    if isinstance(table, list) and table and all(isinstance(r, dict) for r in table[:50]):
        pandas = sys.modules.get("pandas")
        if pandas is not None:
            try:
                return {"table": pandas.DataFrame(table), "text": text}
            except Exception:
                pass
        return {"table": table, "text": text}
    return text


def _read_head(path: Any) -> bytes:
    with open(path, "rb") as fh:
        return fh.read(SAMPLE_BYTES)


def _files_of(path: Any) -> list[str]:
    """``path`` itself (a file), or a folder's first :data:`MAX_FILES` regular files."""
    if os.path.isdir(path):
        out: list[str] = []
        for root, dirs, names in os.walk(path):
            dirs.sort()
            for name in sorted(names):
                full = os.path.join(root, name)
                if os.path.isfile(full):
                    out.append(full)
                if len(out) >= MAX_FILES:
                    return out
        return out
    return [os.fspath(path)] if os.path.isfile(path) else []


def _check_data(session: GuardSession, data: Any) -> Exposed:
    from .exposure import exposed

    return exposed(sample_of(data) if isinstance(data, (bytes, bytearray, memoryview, str)) else data, session)


def _check_files(session: GuardSession, path: Any) -> Exposed:
    from .exposure import Exposed, exposed

    out = Exposed()
    for name in _files_of(path):
        found = exposed(sample_of(_read_head(name)), session)
        out.checked += found.checked
        out.truncated = out.truncated or found.truncated
        for field in found.fields:
            out.add(field, list(found.entities))
        if out.found:
            break
    return out


def _peek(fileobj: Any) -> bytes | str:
    """The next :data:`SAMPLE_BYTES` of a file object, which is put back where it was."""
    getvalue = getattr(fileobj, "getvalue", None)
    if callable(getvalue):
        value: bytes | str = getvalue()
        return value[: SAMPLE_BYTES * 4]
    position = fileobj.tell()
    try:
        data: bytes | str = fileobj.read(SAMPLE_BYTES)
    finally:
        fileobj.seek(position)
    return data


def _wrap(session: GuardSession, patches: Patches, owner: Any, name: str, label: str, fmt: str, find: Find) -> None:
    """Wrap ``owner.name``; ``find(args, kwargs)`` gives ``(check, destination)``."""
    wrap_writer(session, patches, owner, name, label, fmt, find, checked=True)


def install(session: GuardSession, patches: Patches) -> None:
    """Wrap every writer of this module's table, each once its module is imported."""
    patches.on_import("zipfile", lambda m: _zipfile(session, patches, m))
    patches.on_import("tarfile", lambda m: _tarfile(session, patches, m))
    patches.on_import("shutil", lambda m: _shutil(session, patches, m))
    patches.on_import("gzip", lambda m: _stream(session, patches, m.GzipFile, "gzip"))
    patches.on_import("bz2", lambda m: _stream(session, patches, m.BZ2File, "bz2"))
    patches.on_import("lzma", lambda m: _stream(session, patches, m.LZMAFile, "lzma"))
    patches.on_import("pathlib", lambda m: _pathlib(session, patches, m))
    patches.on_import("os", lambda m: _os(session, patches, m))
    patches.on_import("tempfile", lambda m: _tempfile(session, patches, m))


def _archive(obj: Any) -> Any:
    for name in ("filename", "name", "fp"):
        try:
            value = getattr(obj, name, None)
        except Exception:
            continue
        if value:
            return value
    return None


def _zipfile(session: GuardSession, patches: Patches, zipfile: Any) -> None:
    def write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        source = argument(args, kwargs, 1, "filename")
        return (lambda: _check_files(session, source)), _archive(args[0])

    def writestr(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        data = argument(args, kwargs, 2, "data")
        return (lambda: _check_data(session, data)), _archive(args[0])

    _wrap(session, patches, zipfile.ZipFile, "write", "ZipFile.write", "zip", write)
    _wrap(session, patches, zipfile.ZipFile, "writestr", "ZipFile.writestr", "zip", writestr)
    member = getattr(zipfile, "_ZipWriteFile", None)  # what ZipFile.open(name, "w") returns
    if member is not None:

        def member_write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
            data = argument(args, kwargs, 1, "data")
            return (lambda: _check_data(session, bytes(data))), _archive(getattr(args[0], "_zipfile", None))

        _wrap(session, patches, member, "write", "ZipFile.open(mode='w').write", "zip", member_write)


def _tarfile(session: GuardSession, patches: Patches, tarfile: Any) -> None:
    def add(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        source = argument(args, kwargs, 1, "name")
        return (lambda: _check_files(session, source)), _archive(args[0])

    def addfile(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        fileobj = argument(args, kwargs, 2, "fileobj")
        if fileobj is None:
            raise ValueError("a member without data")  # nothing to check: the writer runs as it is
        return (lambda: _check_data(session, _peek(fileobj))), _archive(args[0])

    _wrap(session, patches, tarfile.TarFile, "add", "TarFile.add", "tar", add)
    _wrap(session, patches, tarfile.TarFile, "addfile", "TarFile.addfile", "tar", addfile)


def _shutil(session: GuardSession, patches: Patches, shutil: Any) -> None:
    def copy(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        source = argument(args, kwargs, 0, "src")
        return (lambda: _check_files(session, source)), argument(args, kwargs, 1, "dst")

    def copyfileobj(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        source = argument(args, kwargs, 0, "fsrc")
        return (lambda: _check_data(session, _peek(source))), argument(args, kwargs, 1, "fdst")

    def make_archive(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        # the folder archived is root_dir joined with base_dir (each defaults to the working directory)
        root = argument(args, kwargs, 2, "root_dir") or os.curdir
        base = argument(args, kwargs, 3, "base_dir") or os.curdir
        source = os.path.join(os.fspath(root), os.fspath(base))
        return (lambda: _check_files(session, source)), argument(args, kwargs, 0, "base_name")

    for name in ("copyfile", "copy", "copy2", "copytree", "move"):
        _wrap(session, patches, shutil, name, f"shutil.{name}", "copy", copy)
    _wrap(session, patches, shutil, "make_archive", "shutil.make_archive", "archive", make_archive)
    _wrap(session, patches, shutil, "copyfileobj", "shutil.copyfileobj", "copy", copyfileobj)


def _stream(session: GuardSession, patches: Patches, cls: Any, fmt: str) -> None:
    def write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        data = argument(args, kwargs, 1, "data")
        fileobj = args[0]
        where = getattr(fileobj, "_fp", None) or getattr(fileobj, "fileobj", None)  # gzip's .name is deprecated
        return (lambda: _check_data(session, bytes(data))), where

    _wrap(session, patches, cls, "write", f"{cls.__name__}.write", fmt, write)


def _pathlib(session: GuardSession, patches: Patches, pathlib: Any) -> None:
    def write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        data = argument(args, kwargs, 1, "data")
        return (lambda: _check_data(session, data)), args[0]

    _wrap(session, patches, pathlib.Path, "write_text", "Path.write_text", "text", write)
    _wrap(session, patches, pathlib.Path, "write_bytes", "Path.write_bytes", "bytes", write)


def _os(session: GuardSession, patches: Patches, os_module: Any) -> None:
    def write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        fd, data = args[0], args[1]
        if fd <= 2 or not stat.S_ISREG(os_module.fstat(fd).st_mode):
            raise ValueError("not a file")  # the kernel's own streams and pipes: not an export
        try:
            where: Any = os_module.readlink(f"/proc/self/fd/{fd}")
        except OSError:
            where = Target("file", "<fd>")
        return (lambda: _check_data(session, bytes(data))), where

    _wrap(session, patches, os_module, "write", "os.write", "bytes", write)


def _tempfile(session: GuardSession, patches: Patches, tempfile: Any) -> None:
    def write(args: tuple[Any, ...], kwargs: dict[str, Any]) -> tuple[Callable[[], Exposed], Any]:
        data = argument(args, kwargs, 1, "s")
        name = getattr(args[0], "name", None)
        return (lambda: _check_data(session, data)), (name if isinstance(name, str) else Target("file", "<temp>"))

    wrapper = getattr(tempfile, "_TemporaryFileWrapper", None)
    if wrapper is not None and "write" not in vars(wrapper):
        # the wrapper hands out its file's own ``write`` through ``__getattr__``: a method of its own is checked
        def plain_write(self: Any, data: Any) -> Any:
            return self.file.write(data)

        from .hooks import Patch

        wrapper.write = plain_write
        patches.items.append(Patch(wrapper, "write", False, None))  # restored last: the class has none again
        _wrap(session, patches, wrapper, "write", "NamedTemporaryFile.write", "temp", write)
    spooled = getattr(tempfile, "SpooledTemporaryFile", None)
    if spooled is not None:
        _wrap(session, patches, spooled, "write", "SpooledTemporaryFile.write", "temp", write)
