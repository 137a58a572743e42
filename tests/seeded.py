"""Seeded values and helpers shared by the test layers (not a test module: nothing here is collected).

Every test module imports what it needs from here (``from seeded import EMAILS, run``) instead of
from another test module; the fixtures built on these helpers live in the ``conftest.py`` of the
layer that uses them (``tests/ipython/conftest.py``: ``shell`` and ``ip``; ``tests/kernel/conftest.py``:
``kernel_env``). ``tests/`` is on ``sys.path`` because ``tests/conftest.py`` sits there (pytest's
default ``prepend`` import mode), so this module imports the same way from every folder.
"""

from __future__ import annotations

import html
import json
import random
import re
import uuid
from pathlib import Path
from typing import Any

import pandas as pd

import jupyter_privguard

# ----------------------------------------------------------------------------------------------
# the extension and the seeded people
# ----------------------------------------------------------------------------------------------
EXT = (
    "jupyter_privguard"
    if hasattr(jupyter_privguard, "load_ipython_extension")
    else "jupyter_privguard.integrations.ipython"
)

EMAILS = [
    "alice.smith@example.org",
    "bob.jones@mailhost.net",
    "carla.gomez@example.com",
    "derek.olsen@corp.example",
    "erin.walsh@example.org",
    "frank.moore@mailhost.net",
]
PHONES = [
    "+1 415 555 0137",
    "+1 212 555 0199",
    "+44 20 7946 0321",
    "+1 646 555 0142",
    "+1 312 555 0177",
    "+1 206 555 0163",
]
SSNS = ["536-90-4871", "401-22-7365", "287-41-9036", "612-33-5408", "150-72-6619", "348-05-2297"]
PRODUCTS = ["widget-alpha", "gadget-beta", "sprocket-gamma", "doohickey-delta", "gizmo-epsilon", "thingamajig-zeta"]
PRICES = [12.25, 99.5, 3.75, 42.0, 7.125, 18.5]
SEEDED = EMAILS + PHONES + SSNS


def seeded_frame(n: int = 6) -> pd.DataFrame:
    """``n`` rows: the six seeded people first, then more of the same shapes."""
    k = len(EMAILS)
    return pd.DataFrame(
        {
            "email": [EMAILS[i] if i < k else f"user{i}.someone@example.net" for i in range(n)],
            "phone": [PHONES[i] if i < k else f"+1 415 555 {1000 + i % 9000:04d}" for i in range(n)],
            "ssn": [
                SSNS[i] if i < k else f"{150 + i % 500:03d}-{10 + i % 80:02d}-{1000 + i % 9000:04d}" for i in range(n)
            ],
            "product": [PRODUCTS[i % k] for i in range(n)],
            "price": [PRICES[i % k] for i in range(n)],
        }
    )


# ----------------------------------------------------------------------------------------------
# running cells and magics in a real IPython shell
# ----------------------------------------------------------------------------------------------
def run(ip: Any, code: str) -> dict[str, Any]:
    """Run a cell; its display bundles, stdout, stderr, and whether it succeeded."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        result = ip.run_cell(code, store_history=False)
    outputs = [
        {
            "data": o.data,
            "metadata": o.metadata,
            "transient": getattr(o, "transient", None),
            "update": getattr(o, "update", False),
        }
        for o in captured.outputs
    ]
    return {
        "outputs": outputs,
        "stdout": captured.stdout,
        "stderr": captured.stderr,
        "success": result.success,
        "error": result.error_in_exec,
    }


def everything(result: dict[str, Any]) -> str:
    """All a cell's outputs as one string, to search for values."""
    return json.dumps(result["outputs"], default=str) + result["stdout"] + result["stderr"]


def leaked(text: str, values: list[str] | None = None) -> list[str]:
    """The ``values`` (the seeded ones by default) found in ``text``."""
    return [v for v in (values if values is not None else SEEDED) if v in text]


def magic(ip: Any, line: str) -> str:
    """Run ``%privguard line``; the text it published."""
    from IPython.utils.capture import capture_output

    with capture_output() as captured:
        ip.run_line_magic("privguard", line)
    return "\n".join(str(o.data.get("text/plain", "")) for o in captured.outputs) + captured.stdout


# ----------------------------------------------------------------------------------------------
# the risk tests' staff frame: distinctive labels that must never reach an output
# ----------------------------------------------------------------------------------------------
GROUPS = ["GrpQuokkaF", "GrpWombatM"]  # values of the sensitive attribute
DEPARTMENTS = ["DeptNarwhal", "DeptPangolin", "DeptAxolotl"]  # the proxy's categories
SEEDED_LABELS = GROUPS + DEPARTMENTS


def staff_frame(n: int = 600, seed: int = 3) -> pd.DataFrame:
    """A proxy by construction: ``dept`` depends on ``sex``; ``noise`` does not; ``label`` is the target."""
    import numpy as np

    rng = np.random.default_rng(seed)
    sex = rng.choice(GROUPS, n)
    first = sex == GROUPS[0]
    dept = np.where(rng.random(n) < 0.8, np.where(first, DEPARTMENTS[0], DEPARTMENTS[1]), DEPARTMENTS[2])
    return pd.DataFrame(
        {
            "sex": sex,
            "dept": dept,
            "noise": rng.normal(size=n),
            "zip": [f"9{z:04d}" for z in rng.integers(1000, 1040, n)],
            "age": rng.integers(20, 65, n),
            "email": [EMAILS[i % len(EMAILS)].replace("@", f"+{i}@") for i in range(n)],
            "label": (rng.random(n) < np.where(first, 0.3, 0.6)).astype(int),
        }
    )


def without_images(text: str) -> str:
    """``text`` with embedded PNGs elided: base64 can hold any short string by chance."""
    return re.sub(r"data:image/png;base64,[A-Za-z0-9+/=]+", "data:image/png;base64,...", text)


def found(values: list[str], text: str) -> list[str]:
    """The ``values`` in ``text``; a run of digits (a postal code) only as a whole token, not inside a
    float or a hex digest (the audit log's hash chain holds random runs of digits)."""
    text = without_images(text)
    return [
        v
        for v in values
        if (re.search(rf"(?<![0-9A-Za-z.]){re.escape(v)}(?![0-9A-Za-z])", text) if v.isdigit() else v in text)
    ]


# ----------------------------------------------------------------------------------------------
# notebooks executed by a real kernel (nbclient)
# ----------------------------------------------------------------------------------------------
KERNEL = "privguard-test"


def execute_notebook(folder: Path, cells: list[str]) -> tuple[Any, str]:
    """Run ``cells`` in a new notebook with the ``KERNEL`` kernelspec; the notebook and its saved text."""
    import nbclient
    import nbformat

    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    client = nbclient.NotebookClient(nb, kernel_name=KERNEL, timeout=120, resources={"metadata": {"path": str(folder)}})
    client.execute()
    path = folder / "executed.ipynb"
    nbformat.write(nb, str(path))
    return nb, path.read_text(encoding="utf-8")


def make_people(n: int = 200, seed: int = 7) -> pd.DataFrame:
    """A frame of invented people with PII columns and hard negatives beside them."""
    from faker import Faker

    fake = Faker("en_US")
    Faker.seed(seed)
    rnd = random.Random(seed)
    rows = []
    for _i in range(n):
        rows.append(
            {
                "id": 100_000_000 + rnd.randrange(899_999_999),
                "name": fake.name(),
                "email": fake.email(),
                "phone": fake.numerify("(###) ###-####").replace("(0", "(4").replace("(1", "(5"),
                "ssn": fake.ssn(),
                "card": fake.credit_card_number(card_type="visa16"),
                "ip": fake.ipv4_public(),
                "dob": fake.date_of_birth(minimum_age=18, maximum_age=90).isoformat(),
                "zip": fake.zipcode(),
                "city": fake.city(),
                "gender": rnd.choice(["Male", "Female"]),
                "order_uuid": str(uuid.UUID(int=rnd.getrandbits(128))),
                "created_at": fake.date_time_between("-2y").isoformat(timespec="seconds"),
                "price": round(rnd.uniform(1, 999), 2),
                "sku": f"SKU-{rnd.randrange(10000, 99999)}-{rnd.choice('ABCDEF')}",
                "version": f"{rnd.randrange(0, 5)}.{rnd.randrange(0, 20)}.{rnd.randrange(0, 50)}",
                "lat": round(rnd.uniform(-90, 90), 6),
                "quantity": rnd.randrange(1, 50),
                "sha": uuid.UUID(int=rnd.getrandbits(128)).hex + uuid.UUID(int=rnd.getrandbits(128)).hex,
                "plan": rnd.choice(["basic", "pro", "team"]),
            }
        )
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------
# people from a generator, several locales (the ingress and learning tests)
# ----------------------------------------------------------------------------------------------
PERSONAL_KEYS = ("name", "email", "phone")
PLANS = ("premium", "basic", "trial")


def faker_people(
    n: int = 30, seed: int = 11, locales: tuple[str, ...] = ("de_DE", "fr_FR", "en_GB")
) -> list[dict[str, Any]]:
    """``n`` records of invented people (name, email, phone) beside non-personal fields (plan, sku, amount)."""
    from faker import Faker

    fake = Faker(list(locales))
    fake.seed_instance(seed)
    rnd = random.Random(seed)
    return [
        {
            "name": fake.name(),
            "email": fake.unique.email(),
            "phone": fake.phone_number(),
            "plan": PLANS[i % len(PLANS)],
            "sku": f"SKU-{rnd.randrange(10000, 99999)}",
            "amount": round(rnd.uniform(1, 999), 2),
        }
        for i in range(n)
    ]


def personal_values(records: list[dict[str, Any]]) -> list[str]:
    """The personal values of ``faker_people`` records (the ones that must never show)."""
    return [str(r[k]) for r in records for k in PERSONAL_KEYS]


# ----------------------------------------------------------------------------------------------
# the leak catalogue's searcher: a seeded value in any of the forms the guard must also catch
# ----------------------------------------------------------------------------------------------
# kinds: "name" (full name), "word" (a first or last name alone), "email", "text" (street, IBAN),
# "number" (phones, ids, cards: also digits only), "date" (ISO birth date: also reordered), "ip"
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\ufeff\u00ad\u180e"))
_ZERO_WIDTH_RE = re.compile("[" + "".join(map(chr, _ZERO_WIDTH)) + "]")
_FOLD_EXTRA = str.maketrans({"ø": "o", "ł": "l", "đ": "d", "æ": "ae", "œ": "oe", "ı": "i", "ð": "d", "þ": "th"})
_FOLD_EXTRA_RE = re.compile("[" + "".join(map(chr, _FOLD_EXTRA)) + "]")
_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\x([0-9a-fA-F]{2})|\\([/\"'\\bfnrt])")
_SIMPLE_ESCAPES = {"/": "/", '"': '"', "'": "'", "\\": "\\", "b": "\b", "f": "\f", "n": "\n", "r": "\r", "t": "\t"}
_BOX = "│┃|║┆┊╎"
_DIGIT_RUN = re.compile(r"\d(?:[ \-./()+\u00a0]{1,2}\d|\d)*")
_ELLIPSIS = re.compile(r"…|\.\.\.")
_MONTHS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
_DATE_NUMERIC = re.compile(r"(?<!\d)(\d{1,4})[./\- ](\d{1,2})[./\- ](\d{1,4})(?!\d)")
_DATE_WORDS = re.compile(
    r"(?<!\d)(\d{1,2})\.? ("
    + "|".join(_MONTHS)
    + r")[a-z]*\.?,? (\d{4})|("
    + "|".join(_MONTHS)
    + r")[a-z]*\.? (\d{1,2}),? (\d{4})"
)
_COMBINING = re.compile("[\u0300-\u036f\u0483-\u0489\u1ab0-\u1aff\u1dc0-\u1dff\u20d0-\u20ff\u3099\u309a\ufe20-\ufe2f]")
_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af]")


def _unescape_once(text: str) -> str:
    def one(m: re.Match[str]) -> str:
        if m.group(1):
            return chr(int(m.group(1), 16))
        if m.group(2):
            return chr(int(m.group(2), 16))
        return _SIMPLE_ESCAPES[m.group(3)]

    out = _ESCAPE.sub(one, text)
    return out.encode("utf-16", "surrogatepass").decode("utf-16", "replace") if "\\ud" in text.lower() else out


def fold(text: str) -> str:
    """NFKD, accents and zero-width characters dropped, casefolded: the comparison form of any text."""
    import unicodedata

    if text.isascii():
        return text.casefold()
    decomposed = unicodedata.normalize("NFKD", _ZERO_WIDTH_RE.sub("", text))
    folded = _COMBINING.sub("", decomposed).casefold()
    return folded.translate(_FOLD_EXTRA) if _FOLD_EXTRA_RE.search(folded) else folded


def tokens(text: str) -> str:
    """The folded words and numbers of ``text`` joined by one space (separators, whitespace, box
    drawing and underscores of slugs all count as one gap)."""
    return " ".join(re.split(r"[\W_]+", fold(text))).strip()


def collapsed(text: str) -> str:
    """The folded letters and digits of ``text`` with nothing between them."""
    return re.sub(r"[\W_]+", "", fold(text))


def decoded_variants(text: str) -> list[str]:
    """``text`` as written, HTML- and JSON/repr-unescaped (twice: JSON inside a notebook's JSON) and
    URL-decoded."""
    from urllib.parse import unquote_plus

    d = text
    for _ in range(2):
        d = _unescape_once(html.unescape(d))
    return [text, d, unquote_plus(d)]


def table_columns(text: str) -> list[str]:
    """The cells of box- or pipe-drawn tables read down each column, so a value wrapped over two lines
    of one cell (``tabulate(maxcolwidths=...)``, ``rich``) reads as one again."""
    out: list[str] = []
    if not any(b in text for b in _BOX):
        return out
    block: list[list[str]] = []

    def flush() -> None:
        if len(block) > 1:
            width = max(len(r) for r in block)
            for i in range(width):
                out.append(" ".join(r[i] for r in block if i < len(r)))
        block.clear()

    for line in text.splitlines():
        if any(b in line for b in _BOX):
            block.append(re.split("[" + re.escape(_BOX) + "]", line))
        elif set(line.strip()) <= set("─━═-+=┼╪╋┌┐└┘├┤┬┴╭╮╰╯╞╡ ") and line.strip():
            continue  # a rule between rows: the column goes on
        else:
            flush()
    flush()
    return out


def _date_forms(iso: str) -> tuple[tuple[int, int, int], set[str]]:
    y, m, d = (int(x) for x in iso[:10].split("-"))
    digits = {f"{d:02d}{m:02d}{y}", f"{m:02d}{d:02d}{y}", f"{y}{m:02d}{d:02d}"}
    return (y, m, d), digits


def _dates_in(folded: str) -> set[tuple[int, int, int]]:
    found: set[tuple[int, int, int]] = set()
    for a, b, c in _DATE_NUMERIC.findall(folded):
        x, y_, z = int(a), int(b), int(c)
        if len(a) == 4:
            found.update({(x, y_, z), (x, z, y_)})
        elif len(c) == 4:
            found.update({(z, y_, x), (z, x, y_)})
    for m in _DATE_WORDS.finditer(folded):
        if m.group(1):
            found.add((int(m.group(3)), _MONTHS.index(m.group(2)) + 1, int(m.group(1))))
        else:
            found.add((int(m.group(6)), _MONTHS.index(m.group(4)) + 1, int(m.group(5))))
    return found


class _Matcher:
    """Many keys searched at once in one text (Aho-Corasick when ``pyahocorasick`` is there)."""

    def __init__(self) -> None:
        self.keys: dict[str, set[int]] = {}

    def add(self, key: str, ident: int) -> None:
        if key.strip():
            self.keys.setdefault(key, set()).add(ident)

    def build(self) -> _Matcher:
        try:
            import ahocorasick  # type: ignore[import-not-found,unused-ignore]
        except ImportError:
            self._auto = None
            return self
        self._auto = ahocorasick.Automaton()
        for key, ids in self.keys.items():
            self._auto.add_word(key, ids)
        if self.keys:
            self._auto.make_automaton()
        return self

    def find(self, text: str) -> set[int]:
        if not self.keys:
            return set()
        if self._auto is None:
            return {i for key, ids in self.keys.items() if key in text for i in ids}
        return {i for _, ids in self._auto.iter(text) for i in ids}


class ValueSearch:
    """Finds seeded values (``(value, kind)`` pairs) in text, in every form listed by issue 11's
    cause 2: raw, casefolded, HTML-unescaped, JSON/repr-escaped, URL-decoded, accents stripped,
    zero-width characters removed, separators/whitespace/box drawing collapsed (wrapped cells,
    ``first_last`` slugs), digits only (numbers), ``Last, First``, reordered dates, and a prefix of
    at least ten folded characters cut by ``…``/``...``.

    :meth:`find` returns ``{index of the value: name of the form it was found in}``; callers report
    counts and forms, never the values.
    """

    MIN_COLLAPSED = 10
    MIN_WORD = 5

    def __init__(self, values: list[tuple[str, str]]) -> None:
        self.values = values
        self._raw, self._tok, self._col = _Matcher(), _Matcher(), _Matcher()
        self._digits_sub: dict[int, dict[str, set[int]]] = {}  # by length
        self._digits_exact: dict[str, set[int]] = {}
        self._dates: dict[tuple[int, int, int], set[int]] = {}
        self._prefix: dict[str, list[tuple[str, int]]] = {}
        for i, (value, kind) in enumerate(values):
            self._index(i, value, kind)
        for m in (self._raw, self._tok, self._col):
            m.build()

    def _index(self, i: int, value: str, kind: str) -> None:
        f, t, c = fold(value), tokens(value), collapsed(value)
        cjk = bool(_CJK.search(value))
        if kind == "word":
            if cjk and len(f) >= 2:
                self._raw.add(f, i)
            elif len(f) >= self.MIN_WORD:
                self._tok.add(f" {t} ", i)
            return
        if kind == "date":
            ymd, digit_forms = _date_forms(value)
            self._dates.setdefault(ymd, set()).add(i)
            for d in digit_forms:
                self._digits_exact.setdefault(d, set()).add(i)
            self._raw.add(f, i)
            return
        if kind == "ip":
            self._tok.add(f" {t} ", i)
            return
        if len(f) >= self.MIN_WORD or cjk:
            self._raw.add(f, i)
        if t:
            self._tok.add(f" {t} ", i)
        if kind == "name" and " " in t:
            parts = t.split(" ")
            for k in range(1, len(parts)):  # "Last, First" (a surname may be two words)
                self._tok.add(" " + " ".join(parts[k:] + parts[:k]) + " ", i)
        if kind == "email" and "@" in value:
            local, _, domain = value.partition("@")
            for spoken in (f"{local} at {domain}", f"{local} at {domain.replace('.', ' dot ')}"):
                self._tok.add(" " + tokens(spoken) + " ", i)  # "x at y.com", "x [at] y [dot] com"
            self._tok.add(" " + tokens(value.replace("@", " at ").replace(".", " dot ")) + " ", i)
            self._col.add(collapsed(value.replace("@", "at")), i)
        if kind == "number":
            digits = re.sub(r"\D", "", value)
            if len(digits) >= 9:
                self._digits_sub.setdefault(len(digits), {}).setdefault(digits, set()).add(i)
            elif len(digits) >= 7:
                self._digits_exact.setdefault(digits, set()).add(i)
        if len(c) >= self.MIN_COLLAPSED:
            self._col.add(c, i)
            self._prefix.setdefault(c[: self.MIN_COLLAPSED], []).append((c, i))

    # a number shown digits only may carry a country code before it, or ``.0`` or an extension after
    # it: at most this many more digits in its run (a longer run is some other number)
    DIGIT_SLACK = 4

    def _digits_in_run(self, run: str) -> set[int]:
        found: set[int] = set()
        for length, values in self._digits_sub.items():
            if length <= len(run) <= length + self.DIGIT_SLACK:
                for start in range(len(run) - length + 1):
                    found.update(values.get(run[start : start + length], ()))
        return found

    # -- searching ------------------------------------------------------------------------------
    def find(self, text: str) -> dict[int, str]:
        """The seeded values in ``text``: ``{index: form}``."""
        hits: dict[int, str] = {}
        if not text:
            return hits
        haystacks: list[str] = []
        for variant in decoded_variants(without_images(text)):
            haystacks.append(variant)
            haystacks.extend(table_columns(variant))
        for hay in haystacks:
            self._find_one(hay, hits)
        return hits

    def _find_one(self, hay: str, hits: dict[int, str]) -> None:
        f = fold(hay)
        for i in self._raw.find(f):
            hits.setdefault(i, "folded")
        t = " " + " ".join(re.split(r"[\W_]+", f)).strip() + " "
        for i in self._tok.find(t):
            hits.setdefault(i, "tokens")
        for i in self._col.find(re.sub(r"[\W_]+", "", f)):
            hits.setdefault(i, "collapsed")
        if self._digits_sub or self._digits_exact:
            runs = [re.sub(r"\D", "", r) for r in _DIGIT_RUN.findall(f)]
            for r in runs:
                for i in self._digits_in_run(r):
                    hits.setdefault(i, "digits")
            for r in runs:
                for i in self._digits_exact.get(r, ()):
                    hits.setdefault(i, "digits")
        if self._dates:
            for ymd in _dates_in(f):
                for i in self._dates.get(ymd, ()):
                    hits.setdefault(i, "date")
        if self._prefix and ("…" in f or "..." in f):
            for m in _ELLIPSIS.finditer(f):
                before = re.split(r"[\W_]+", f[max(0, m.start() - 80) : m.start()].split("\n")[-1])
                words = [w for w in before if w]
                for k in range(1, min(6, len(words)) + 1):
                    cand = "".join(words[-k:])
                    if len(cand) < self.MIN_COLLAPSED:
                        continue
                    for full, i in self._prefix.get(cand[: self.MIN_COLLAPSED], ()):
                        if full.startswith(cand):
                            hits.setdefault(i, "prefix")


# ----------------------------------------------------------------------------------------------
# a kernel's Session without a kernel: what the output tripwire sends, captured
# ----------------------------------------------------------------------------------------------
#: the parent header of the messages a test sends as if a cell ran
KERNEL_PARENT = {
    "msg_id": "cell-1",
    "msg_type": "execute_request",
    "session": "s",
    "username": "u",
    "date": "",
    "version": "5.3",
}


class Socket:
    """A socket for ``jupyter_client.session.Session.send`` that keeps every message it is sent, deserialised."""

    def __init__(self, session: Any) -> None:
        self.session = session
        self.sent: list[dict[str, Any]] = []

    def send_multipart(self, parts: list[bytes], copy: bool = True) -> None:
        _, frames = self.session.feed_identities(parts)
        self.sent.append(self.session.deserialize(frames))

    def of_type(self, msg_type: str) -> list[dict[str, Any]]:
        return [m for m in self.sent if m["header"]["msg_type"] == msg_type]
