"""The comm protocol's Python wire types and their TypeScript copies say the same thing.

``jupyter_privguard/integrations/comm.py`` declares the messages as ``TypedDict`` classes;
``labextension/src/protocol.ts`` declares them again as interfaces (``ColumnState`` there is
``IColumnState``). Both are read here, the TypeScript with a small parser for the subset the file
uses (``export interface``, ``export type`` unions, ``export const``), and compared field by field:
the same messages, the same fields, required on both sides or optional on both, and types that
carry the same JSON (``str`` is ``string``, ``int``/``float`` are ``number``, ``list[X]`` is ``X[]``,
``dict[str, X]`` is an object indexed by string, ``Literal["a"]`` is ``'a'``, ``None`` is ``null``).
"""

from __future__ import annotations

import re
import types
import typing
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from jupyter_privguard.integrations import comm

ROOT = Path(__file__).resolve().parents[2]
PROTOCOL_TS = ROOT / "labextension" / "src" / "protocol.ts"

#: Python union aliases of messages that TypeScript declares too
UNIONS = ("OutgoingMessage", "IncomingMessage")
#: constants that must have the same value on both sides
CONSTANTS = ("PROTOCOL_VERSION", "COMM_TARGET")


# ----------------------------------------------------------------------------------------------
# TypeScript: the subset protocol.ts is written in
# ----------------------------------------------------------------------------------------------
@dataclass
class Interface:
    name: str
    fields: dict[str, str] = field(default_factory=dict)  # field -> type text
    optional: set[str] = field(default_factory=set)
    index: str | None = None  # the value type of a ``[key: string]: V`` signature


@dataclass
class Module:
    interfaces: dict[str, Interface]
    aliases: dict[str, str]  # type alias -> type text
    constants: dict[str, str]  # const -> literal text


def _strip_comments(text: str) -> str:
    text = re.sub(r"/\*.*?\*/", " ", text, flags=re.S)
    return re.sub(r"//[^\n]*", " ", text)


def _split_top(text: str, sep: str) -> list[str]:
    """``text`` split at ``sep`` where no bracket is open."""
    parts, depth, start = [], 0, 0
    for i, ch in enumerate(text):
        if ch in "{[(<":
            depth += 1
        elif ch in "}])>":
            depth -= 1
        elif ch == sep and depth == 0:
            parts.append(text[start:i])
            start = i + 1
    parts.append(text[start:])
    return [p.strip() for p in parts if p.strip()]


def _matching_brace(text: str, start: int) -> int:
    """The index of the ``}`` closing the ``{`` at ``start``."""
    depth = 0
    for i in range(start, len(text)):
        if text[i] == "{":
            depth += 1
        elif text[i] == "}":
            depth -= 1
            if depth == 0:
                return i
    raise ValueError(f"no closing brace for the one at offset {start}")


def _members(body: str, name: str) -> Interface:
    interface = Interface(name)
    for member in _split_top(body, ";"):
        index = re.fullmatch(r"\[\s*\w+\s*:\s*string\s*\]\s*:\s*(.+)", member, flags=re.S)
        if index:
            interface.index = index.group(1).strip()
            continue
        match = re.fullmatch(r"(\w+)(\?)?\s*:\s*(.+)", member, flags=re.S)
        if not match:
            raise ValueError(f"{name}: cannot read the member {member!r}")
        interface.fields[match.group(1)] = match.group(3).strip()
        if match.group(2):
            interface.optional.add(match.group(1))
    return interface


def parse_ts(source: str) -> Module:
    """The interfaces, type aliases and constants that ``source`` exports."""
    text = _strip_comments(source)
    interfaces: dict[str, Interface] = {}
    for match in re.finditer(r"export\s+interface\s+(\w+)\s*\{", text):
        end = _matching_brace(text, match.end() - 1)
        interfaces[match.group(1)] = _members(text[match.end() : end], match.group(1))
    aliases = {}
    for match in re.finditer(r"export\s+type\s+(\w+)\s*=", text):
        rest = text[match.end() :]
        aliases[match.group(1)] = _split_top(rest, ";")[0] if rest.strip() else ""
    constants = {m.group(1): m.group(2).strip() for m in re.finditer(r"export\s+const\s+(\w+)\s*=\s*([^;]+);", text)}
    return Module(interfaces, aliases, constants)


def ts_type(text: str, module: Module) -> frozenset[str]:
    """A TypeScript type as a set of canonical union members (aliases expanded)."""
    members: set[str] = set()
    for part in _split_top(text.strip().lstrip("|"), "|"):
        members |= _ts_member(part, module)
    return frozenset(members)


def _ts_member(part: str, module: Module) -> set[str]:
    if part.startswith("(") and part.endswith(")"):
        return set(ts_type(part[1:-1], module))
    if part.endswith("[]"):
        return {f"array<{_show(ts_type(part[:-2], module))}>"}
    if part.startswith("{") and part.endswith("}"):
        inline = _members(part[1:-1], "an inline object")
        if inline.index is not None and not inline.fields:
            return {f"record<{_show(ts_type(inline.index, module))}>"}
        return {"object{" + ", ".join(f"{k}: {_show(ts_type(v, module))}" for k, v in inline.fields.items()) + "}"}
    record = re.fullmatch(r"Record<\s*string\s*,\s*(.+)>", part, flags=re.S)
    if record:
        return {f"record<{_show(ts_type(record.group(1), module))}>"}
    quoted = re.fullmatch(r"'([^']*)'|\"([^\"]*)\"", part)
    if quoted:
        return {repr(quoted.group(1) if quoted.group(1) is not None else quoted.group(2))}
    if re.fullmatch(r"-?\d+(\.\d+)?", part):
        return {part}
    if part in ("string", "number", "boolean", "null", "undefined", "unknown", "any"):
        return {part}
    if part in module.aliases:
        return set(ts_type(module.aliases[part], module))
    if part in module.interfaces:
        interface = module.interfaces[part]
        if interface.index is not None:  # a map with some keys spelled out: the JSON of a dict
            value = ts_type(interface.index, module)
            odd = [k for k, v in interface.fields.items() if ts_type(v, module) != value]
            if odd:
                raise ValueError(f"{part}: the fields {odd} differ from its index type {_show(value)}")
            return {f"record<{_show(value)}>"}
        return {f"ref:{part}"}
    return {f"undeclared:{part}"}  # named but not declared in the file: reported as a type mismatch


def _show(members: frozenset[str]) -> str:
    return " | ".join(sorted(members))


# ----------------------------------------------------------------------------------------------
# Python: the TypedDicts, through typing.get_type_hints
# ----------------------------------------------------------------------------------------------
def ts_name(python_name: str) -> str:
    return f"I{python_name}"


def py_type(tp: Any) -> frozenset[str]:
    """A Python annotation as the canonical members of the TypeScript type that carries its JSON."""
    origin = typing.get_origin(tp)
    args = typing.get_args(tp)
    if tp is str:
        return frozenset({"string"})
    if tp is bool:
        return frozenset({"boolean"})
    if tp in (int, float):
        return frozenset({"number"})
    if tp is type(None):
        return frozenset({"null"})
    if tp is Any:
        return frozenset({"unknown"})
    if origin is typing.Literal:
        return frozenset(repr(a) if isinstance(a, str) else str(a).lower() for a in args)
    if origin in (typing.Union, types.UnionType):
        return frozenset().union(*(py_type(a) for a in args))
    if origin in (typing.Required, typing.NotRequired):
        return py_type(args[0])
    if origin is list:
        return frozenset({f"array<{_show(py_type(args[0]))}>"})
    if origin is dict:
        if args and args[0] is not str:
            raise ValueError(f"JSON objects have string keys, got {tp!r}")
        return frozenset({f"record<{_show(py_type(args[1]) if args else frozenset({'unknown'}))}>"})
    if typing.is_typeddict(tp):
        return frozenset({f"ref:{ts_name(tp.__name__)}"})
    raise ValueError(f"no TypeScript counterpart known for {tp!r}")


def python_types() -> dict[str, type]:
    return {name: obj for name, obj in vars(comm).items() if typing.is_typeddict(obj)}


# ----------------------------------------------------------------------------------------------
# the comparison
# ----------------------------------------------------------------------------------------------
def differences(
    typed_dicts: dict[str, type], ts: Module, unions: dict[str, Any], constants: dict[str, Any]
) -> list[str]:
    """Every disagreement between the Python wire types and the TypeScript module, one line each."""
    found: list[str] = []
    python_messages = {ts_name(n) for n in typed_dicts if n.endswith("Message")}
    ts_messages = {n for n in ts.interfaces if n.endswith("Message")}
    for name in sorted(python_messages - ts_messages):
        found.append(f"{name}: a message in Python, missing in protocol.ts")
    for name in sorted(ts_messages - python_messages):
        found.append(f"{name}: a message in protocol.ts, missing in comm.py")
    for py_name, cls in sorted(typed_dicts.items()):
        name = ts_name(py_name)
        interface = ts.interfaces.get(name)
        if interface is None:
            if name not in python_messages:
                found.append(f"{name}: a wire type in Python, missing in protocol.ts")
            continue
        hints = typing.get_type_hints(cls, vars(comm))
        for missing in sorted(set(hints) - set(interface.fields)):
            found.append(f"{name}.{missing}: in Python, missing in protocol.ts")
        for extra in sorted(set(interface.fields) - set(hints)):
            found.append(f"{name}.{extra}: in protocol.ts, missing in Python")
        required = set(cls.__required_keys__)  # type: ignore[attr-defined]
        for key in sorted(set(hints) & set(interface.fields)):
            python, typescript = py_type(hints[key]), ts_type(interface.fields[key], ts)
            if python != typescript:
                found.append(f"{name}.{key}: Python {_show(python)}, TypeScript {_show(typescript)}")
            if (key in required) == (key in interface.optional):
                side = "required in Python, optional" if key in required else "optional in Python, required"
                found.append(f"{name}.{key}: {side} in protocol.ts")
    for union, value in sorted(unions.items()):
        if union not in ts.aliases:
            found.append(f"{union}: a union in Python, missing in protocol.ts")
            continue
        python, typescript = py_type(value), ts_type(ts.aliases[union], ts)
        if python != typescript:
            found.append(f"{union}: Python {_show(python)}, TypeScript {_show(typescript)}")
    for constant, value in sorted(constants.items()):
        text = ts.constants.get(constant)
        expected = repr(value) if isinstance(value, str) else str(value)
        if text is None:
            found.append(f"{constant}: in Python, missing in protocol.ts")
        elif (text[1:-1] if text[:1] in "'\"" else text) != (value if isinstance(value, str) else expected):
            found.append(f"{constant}: Python {expected}, TypeScript {text}")
    return found


def _python_side() -> tuple[dict[str, type], dict[str, Any], dict[str, Any]]:
    return python_types(), {u: getattr(comm, u) for u in UNIONS}, {c: getattr(comm, c) for c in CONSTANTS}


# ----------------------------------------------------------------------------------------------
# the tests
# ----------------------------------------------------------------------------------------------
def test_the_python_and_typescript_wire_types_agree() -> None:
    typed_dicts, unions, constants = _python_side()
    assert len(typed_dicts) >= 10  # the parser saw the wire types, not an empty module
    found = differences(typed_dicts, parse_ts(PROTOCOL_TS.read_text(encoding="utf-8")), unions, constants)
    assert not found, "comm.py and protocol.ts disagree:\n  " + "\n  ".join(found)


def test_every_message_type_name_is_the_same_on_both_sides() -> None:
    ts = parse_ts(PROTOCOL_TS.read_text(encoding="utf-8"))
    python = {
        value
        for cls in python_types().values()
        if "type" in cls.__annotations__
        for value in py_type(typing.get_type_hints(cls)["type"])
    }
    typescript = {
        value
        for interface in ts.interfaces.values()
        if "type" in interface.fields
        for value in ts_type(interface.fields["type"], ts)
    }
    assert python == typescript and len(python) >= 8


BREAKAGES = [
    # (what is changed in protocol.ts, the difference it must produce)
    (("  n_rows: number;\n  n_columns", "  n_rows: string;\n  n_columns"), "IVariableState.n_rows: Python number"),
    (("  truncated: boolean;\n", ""), "IVariableState.truncated: in Python, missing in protocol.ts"),
    (
        ("  reason: string;\n  state", "  reason: string;\n  extra: string;\n  state"),
        "IStateMessage.extra: in protocol.ts",
    ),
    (("type: 'set_enabled';", "type: 'set-enabled';"), "ISetEnabledMessage.type: Python 'set_enabled'"),
    (("PROTOCOL_VERSION = 1;", "PROTOCOL_VERSION = 2;"), "PROTOCOL_VERSION: Python 1, TypeScript 2"),
    (
        ("  column: string;\n  entity: string | null;", "  column: string;\n  entity: string;"),
        "IColumnState.entity: Python null | string",
    ),
    (("  proxies: string[];\n}", "  proxies: number[];\n}"), "IRiskState.proxies: Python array<string>"),
    (("  label?: string | null;", "  label: string | null;"), None),  # IReportPayload is TypeScript's own
    ((" | ISetActionMessage |", " |"), "IncomingMessage: Python"),
    (("export interface IUnloadedMessage", "export interface IUnloadedNote"), "IUnloadedMessage: a message in Python"),
    (("forced_columns: { [column: string]: string }", "forced_columns: string[]"), "IPolicyState.forced_columns"),
    (("  changed: boolean;\n", "  changed?: boolean;\n"), "IEntityState.changed: required in Python, optional"),
]


@pytest.mark.parametrize(("change", "expected"), BREAKAGES)
def test_a_broken_copy_of_protocol_ts_is_caught(change: tuple[str, str], expected: str | None) -> None:
    source = PROTOCOL_TS.read_text(encoding="utf-8")
    old, new = change
    assert source.count(old) == 1, f"the test's anchor {old!r} is not in protocol.ts exactly once"
    typed_dicts, unions, constants = _python_side()
    found = differences(typed_dicts, parse_ts(source.replace(old, new)), unions, constants)
    if expected is None:
        assert found == []
    else:
        assert any(line.startswith(expected) for line in found), found


def test_the_parser_reads_nested_objects_and_multiline_unions() -> None:
    ts = parse_ts(
        "export type A =\n  | 'x'\n  | 'y';\n"
        "export interface IB {\n  /** doc; with a semicolon */\n  m: { [k: string]: { n: number }[] };\n"
        "  a?: A | null; // note\n}\n"
    )
    assert ts_type("A", ts) == {"'x'", "'y'"}
    assert ts.interfaces["IB"].optional == {"a"}
    assert ts_type(ts.interfaces["IB"].fields["m"], ts) == {"record<array<object{n: number}>>"}
