"""End to end, every channel: a real kernel (nbclient, widget state stored), every iopub message and
shell reply captured, the saved notebook re-read from disk and searched, widget state included.

The people (faker, four locales) are written to a CSV the notebook reads, so no cell's source holds a
value: whatever is found came from an output, a payload, a comm message or widget state. Each path
runs once without the extension (the control: it must carry the values) and once with it.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from faker import Faker
from seeded import EXT, KERNEL

nbformat = pytest.importorskip("nbformat")
nbclient = pytest.importorskip("nbclient")
pytest.importorskip("ipykernel")
pytest.importorskip("ipywidgets")

pytestmark = pytest.mark.slow

LOCALES = ["en_US", "de_DE", "fr_FR", "es_ES"]
PLANS = ["basic", "premium"]


def _people(n: int = 16, seed: int = 23) -> list[dict[str, Any]]:
    rows: list[dict[str, Any]] = []
    names: set[str] = set()
    for i in range(n):
        fake = Faker(LOCALES[i % len(LOCALES)])
        fake.seed_instance(seed + i)
        name = fake.name()
        while name in names or len(name) < 8:
            name = fake.name()
        names.add(name)
        rows.append({"name": name, "email": fake.email(), "plan": PLANS[i % 2], "amount": round(100 + 37.25 * i, 2)})
    return rows


PEOPLE = _people()
NAMES = [p["name"] for p in PEOPLE]
VALUES = NAMES + [p["email"] for p in PEOPLE]

LOAD = "import pandas as pd\ndf = pd.read_csv('names.csv')\nx = df['name'].tolist()"
# (label, cell): each shows personal data through a channel nobody wrote a display for
PATHS = [
    ("pager x?", "x?"),
    ("pager %pinfo", "%pinfo x"),
    ("pager %page", "%page x"),
    ("%pdef", "def f(who=x[12]):\n    pass\n\n%pdef f"),
    ("JSON root metadata", "from IPython.display import JSON\nJSON({'plan': 'basic'}, root=df['name'][0])"),
    ("widgets.HTML", "import ipywidgets as w\nw.HTML(value='<b>' + df['name'][1] + '</b>')"),
    ("widgets.Label", "w.Label(value=df['name'][2])"),
    ("widgets.Dropdown", "w.Dropdown(options=list(df['name'][3:6]) + ['basic'])"),
    ("Output.append_stdout", "o = w.Output()\no.append_stdout(df['name'][6] + '\\n')\no"),
    ("interact", "w.interact(lambda who: print(who), who=list(df['name'][9:12]))"),
    ("tqdm description", "from tqdm.notebook import tqdm\nfor _ in tqdm(range(3), desc=df['name'][7]):\n    pass"),
    (
        "8 KiB boundary",
        # one line past 8 KiB; the name straddles where the old hold-back cut (all but 512) fell
        "import sys\nn = df['name'][8]\nsys.stdout.write('ab ' * 2900 + n + ' ' + 'c' * (510 - len(n) // 2))",
    ),
    (
        "names pivot (sidebar comm)",
        "pv = df.pivot_table(index='plan', columns='name', values='amount', aggfunc='sum')\npv",
    ),
]


class Recorder(nbclient.NotebookClient):  # type: ignore[misc,name-defined]
    """Keeps every iopub message and every execute reply, as a frontend would receive them."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.iopub: list[dict[str, Any]] = []
        self.replies: list[dict[str, Any]] = []
        self.on_cell_executed = self._on_executed

    def _on_executed(self, cell: Any = None, cell_index: int = 0, execute_reply: Any = None, **_: Any) -> None:
        if execute_reply is not None:
            self.replies.append(execute_reply)

    def process_message(self, msg: dict[str, Any], cell: Any, cell_index: int) -> Any:
        self.iopub.append(msg)
        return super().process_message(msg, cell, cell_index)


def _run(folder: Path, cells: list[str]) -> tuple[Any, Recorder, str]:
    nb = nbformat.v4.new_notebook()
    nb.cells = [nbformat.v4.new_code_cell(src) for src in cells]
    client = Recorder(
        nb, kernel_name=KERNEL, timeout=120, store_widget_state=True, resources={"metadata": {"path": str(folder)}}
    )
    client.execute()
    path = folder / "executed.ipynb"
    nbformat.write(nb, str(path))
    saved = path.read_text(encoding="utf-8")
    nbformat.read(str(path), as_version=4)  # the saved file is a valid notebook
    return nb, client, saved


def _found(text: str) -> list[str]:
    return [v for v in VALUES if v in text or json.dumps(v)[1:-1] in text]


def _dump(obj: Any) -> str:
    return json.dumps(obj, ensure_ascii=False, default=str) + json.dumps(obj, default=str)


@pytest.fixture
def folder(kernel_env: Path) -> Path:
    import pandas as pd

    pd.DataFrame(PEOPLE).to_csv(kernel_env / "names.csv", index=False)
    return kernel_env


def test_every_channel_without_the_guard_carries_the_values(folder: Path) -> None:
    """The control: each path shows a value without the extension (in a message or the saved file)."""
    nb, client, saved = _run(folder, [LOAD] + [cell for _, cell in PATHS])
    for i, (label, _) in enumerate(PATHS, start=1):
        sent = _dump([m["content"] for m in client.iopub if m["parent_header"].get("msg_id") == _msg_id(client, i)])
        sent += _dump(client.replies[i]["content"])
        assert _found(sent + _dump(nb.cells[i].outputs)), f"the control shows no value for {label}"
    assert _found(saved)


def _msg_id(client: Recorder, index: int) -> str:
    return str(client.replies[index]["parent_header"]["msg_id"])


def test_every_channel_with_the_guard_holds_no_value(folder: Path) -> None:
    cells = [f"%load_ext {EXT}", LOAD] + [cell for _, cell in PATHS]
    nb, client, saved = _run(folder, cells)
    assert not [c for c in nb.cells if any(o.get("output_type") == "error" for o in c.outputs)]
    for i, (label, _) in enumerate(PATHS, start=2):
        sent = _dump([m["content"] for m in client.iopub if m["parent_header"].get("msg_id") == _msg_id(client, i)])
        assert _found(sent + _dump(client.replies[i]["content"])) == [], label
    assert _found(_dump([m["content"] for m in client.iopub])) == []
    assert _found(_dump([r["content"] for r in client.replies])) == []
    assert _found(saved) == [], "a value in the saved notebook"
    widgets = nbformat.read(str(folder / "executed.ipynb"), as_version=4).metadata.get("widgets")
    assert widgets, "widget state was saved"
    assert _found(_dump(widgets)) == []
    # the paths still work: pages, widgets and the pivot are there, and non-personal values show
    pager = [p for r in client.replies[2:5] for p in r["content"].get("payload", []) if p.get("source") == "page"]
    assert len(pager) == 3 and all("<PERSON>" in _dump(p) for p in pager)
    assert "basic" in _dump(widgets) and "HTMLModel" in _dump(widgets) and "DropdownModel" in _dump(widgets)
    assert "137.25" in saved or "137.25" in _dump([m["content"] for m in client.iopub])
    # the 8 KiB line went out in parts, none holding a piece of the name
    boundary = [label for label, _ in PATHS].index("8 KiB boundary")
    streams = [
        m["content"]["text"]
        for m in client.iopub
        if m["header"]["msg_type"] == "stream" and m["parent_header"].get("msg_id") == _msg_id(client, boundary + 2)
    ]
    assert len(streams) >= 2 and "<PERSON>" in "".join(streams)
    # the sidebar comm described the pivot, with redacted labels and an id per column
    states = [
        m["content"]["data"]["state"]
        for m in client.iopub
        if m["header"]["msg_type"] in ("comm_open", "comm_msg")
        and (m["content"].get("data") or {}).get("type") == "state"
    ]
    pivot = [v for s in states for v in s["variables"] if v["label"] == "pv"]
    assert pivot and len(pivot[-1]["columns"]) == len(NAMES)
    assert all(c["column"] == "<PERSON>" and c["column_id"] for c in pivot[-1]["columns"])


def test_a_reveal_is_never_replayed_nor_saved(folder: Path) -> None:
    cells = [
        f"%load_ext {EXT}",
        LOAD,
        "%%capture cap\n%privguard reveal df name",
        "cap.show()",
        "%privguard reveal df",  # the last cell: nbclient saves right after it, no hook on the server
    ]
    nb, client, saved = _run(folder, cells)
    assert _found(saved) == [], "a revealed value in the saved notebook"
    for index in (2, 3, 4):
        outputs = _dump(nb.cells[index].outputs)
        assert _found(outputs) == [], cells[index]
    assert "application/vnd.jupyter-privguard.reveal+json" in _dump(nb.cells[4].outputs)
    assert "privguard: revealed all columns of df" in _dump(nb.cells[4].outputs)
    # the raw view went to the live view over the guard's comm only (never saved), once per reveal
    reveals = [
        m
        for m in client.iopub
        if m["header"]["msg_type"] == "comm_msg" and (m["content"].get("data") or {}).get("type") == "reveal"
    ]
    assert len(reveals) == 2 and all(_found(_dump(m["content"])) for m in reveals)
    others = [m["content"] for m in client.iopub if m not in reveals]
    assert _found(_dump(others)) == [], "a revealed value in a message other than the live view's"
    log = [json.loads(line) for line in (folder / "audit.jsonl").read_text().splitlines()]
    assert sum(e["event"] == "reveal" for e in log) == 2


def test_shell_replies_hold_no_value(folder: Path) -> None:
    """Completions of dict keys, inspection and history, asked the way a frontend asks them."""
    from jupyter_client.manager import start_new_kernel

    km, kc = start_new_kernel(kernel_name=KERNEL, cwd=str(folder))
    try:

        def run(code: str) -> None:
            reply = kc.execute_interactive(code, timeout=60, output_hook=lambda msg: None)
            assert reply["content"]["status"] == "ok", code

        def replies() -> str:
            code = "d['"
            got = [
                kc.complete(code, len(code), reply=True, timeout=60),
                kc.inspect("d", 1, detail_level=1, reply=True, timeout=60),
                kc.history(hist_access_type="tail", n=20, output=True, reply=True, timeout=60),
            ]
            for reply in got:
                assert reply["content"]["status"] == "ok"
            return _dump([r["content"] for r in got])

        run(LOAD + "\nd = dict(zip(df['name'], df['email']))")
        assert _found(replies()), "the control: completions and inspection show the values"
        run(f"%load_ext {EXT}")
        run("df.head(2)")  # the guard learns the frame's values
        assert _found(replies()) == []
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
