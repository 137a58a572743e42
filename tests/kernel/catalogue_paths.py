"""The generative leak catalogue's paths: reader x container x output form x channel, per cause.

Each :class:`Path` is notebook code that reaches personal values **through the data** (files in
``DATA``, the frame ``df``), never through a literal value. The six causes are issue 11's:
``ingress`` (values the guard never learned), ``forms`` (a learned value in another form),
``channels`` (messages and parts nobody watches), ``writers`` (strict mode that still writes; warn
mode that writes without a warning), ``fail`` (fault injection while learning and showing) and
``reveal`` (reveal and audit).

Groups are the notebooks: paths that need their own kernel state (strict mode, fault injection, a
reveal in the last cell) get their own. In the ``sliced`` groups every path reads its own slice of
the people (``DATA`` is set per path by ``_enter``), so one path's reading cannot teach the guard the
values the next path shows: each path stands on its own.

Not a test module: ``test_leak_catalogue.py`` runs these.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass

CAUSES = ("ingress", "forms", "channels", "writers", "fail", "reveal")
NEXT_CELL = "\n# %% next cell\n"


@dataclass(frozen=True)
class Path:
    """One leak path: ``source`` (cells split by :data:`NEXT_CELL`), ``cause``, its ``group`` (notebook),
    ``markers`` it should show (informational: utility is measured on every generated marker the
    control shows), ``files`` (extra folders of the run to search, e.g. IPython's store), and
    ``warn``: a warn-mode writer, judged on its privguard warning rather than on the file."""

    id: str
    cause: str
    source: str
    markers: tuple[str, ...] = ()
    group: str = ""
    files: tuple[str, ...] = ()
    warn: bool = False
    requests: tuple[tuple[str, str], ...] = ()  # ("inspect" | "complete", code) sent after the path's cells

    def cells(self) -> list[str]:
        """The path's cells, each starting by entering the path's own folder (and data slice)."""
        out = []
        for part in self.source.split(NEXT_CELL):
            enter = f"_enter({self.id!r})"
            if part.startswith("%%"):
                first, _, rest = part.partition("\n")
                out.append(f"{first}\n{enter}\n{rest}")
            else:
                out.append(f"{enter}\n{part}")
        return out


_COMMON = """
import csv, datetime, json, logging, os, pathlib, re, sqlite3, sys, textwrap, unicodedata, warnings
import numpy as np
import pandas as pd
import matplotlib.pyplot as plt
from IPython.display import HTML, JSON, Markdown, SVG, display
plt.rcParams["svg.fonttype"] = "none"  # text stays text in SVG, so it can be searched
%config InlineBackend.figure_formats = ["png", "svg"]
ROOT = pathlib.Path(os.environ["CAT_DATA"])
OUT = pathlib.Path(os.environ["CAT_OUT"])
DATA = ROOT
SLICED = {sliced!r}
STRINGS = {{c: str for c in ("phone_digits", "national_id", "card_number", "ssn", "order_id")}}

def _enter(pid):
    global DATA
    folder = OUT / pid
    folder.mkdir(parents=True, exist_ok=True)
    os.chdir(folder)
    DATA = ROOT / "slices" / pid if SLICED else ROOT
"""
_FRAME = '\ndf = pd.read_csv(ROOT / "people.csv", dtype=STRINGS)\n'
_FAULTS = """
import jupyter_privguard, jupyter_privguard.scanner, jupyter_privguard.session, jupyter_privguard.render
import jupyter_privguard.redaction, jupyter_privguard.textguard
_saved = []

def _boom(*args, **kwargs):
    raise RuntimeError("injected fault")

def _break(owner, name):
    _saved.append((owner, name, owner.__dict__[name] if name in vars(owner) else getattr(owner, name)))
    setattr(owner, name, _boom)

def _restore():
    while _saved:
        owner, name, value = _saved.pop()
        setattr(owner, name, value)
"""


def _group(sliced: bool, frame: bool, extra: str = "", guarded: str = "") -> dict[str, object]:
    return {
        "setup": _COMMON.format(sliced=sliced) + (_FRAME if frame else "") + extra,
        "guarded": guarded,
        "sliced": sliced,
    }


GROUPS: dict[str, dict[str, object]] = {
    "ingress": _group(True, False),
    "forms": _group(False, True),
    "channels": _group(False, True),
    "strict": _group(False, True, guarded="%privguard config strict=true\n"),
    "warn": _group(False, True),
    "fail": _group(True, False, _FAULTS),
    "reveal": _group(False, True),
}
SLICED_GROUPS = tuple(g for g, spec in GROUPS.items() if spec["sliced"])

# ------------------------------------------------------------------------------------------------
# cause 1: ingress. A reader, then a way of showing what it returned.
# ------------------------------------------------------------------------------------------------
_RECORD_READERS = {
    "dictreader": 'with open(DATA / "people.csv", newline="", encoding="utf-8") as fh:\n    rows = list(csv.DictReader(fh))',
    "json_load": 'with open(DATA / "people.json", encoding="utf-8") as fh:\n    rows = json.load(fh)',
    "jsonl": 'rows = [json.loads(line) for line in open(DATA / "people.jsonl", encoding="utf-8")]',
    "sqlite_row": 'con = sqlite3.connect(DATA / "people.sqlite")\ncon.row_factory = sqlite3.Row\n'
    'rows = [dict(r) for r in con.execute("select * from people")]',
    "arrow_pylist": 'import pyarrow.parquet as pq\nrows = pq.read_table(DATA / "people.parquet").to_pylist()',
    "polars_dicts": 'import polars as pl\nrows = pl.read_parquet(DATA / "people.parquet").to_dicts()',
}
_RECORD_SHOWS = {
    "print_rows": "print(rows[:3])",
    "last_expr": "rows[1]",
    "fstring": "r = rows[2]\nprint(f\"{r['full_name']} <{r['email']}> bought {r['product']} for {r['amount']}\")",
    "loop": 'for r in rows[:3]:\n    print(r["full_name"], r["phone"], r["product"], r["sku"])',
    "json_dumps": "print(json.dumps(rows[:2], ensure_ascii=False))",
    "nested": 'by_plan = {}\nfor r in rows:\n    by_plan.setdefault(r["plan"], []).append(r)\n{k: v[:1] for k, v in by_plan.items()}',
}
_INGRESS_ONE_OFFS = {
    "csv_reader_tuples": 'with open(DATA / "people.csv", newline="", encoding="utf-8") as fh:\n'
    "    header, *rows = list(csv.reader(fh))\nrows[:2]",
    "csv_reader_zip": 'with open(DATA / "people.csv", newline="", encoding="utf-8") as fh:\n'
    "    header, *rows = list(csv.reader(fh))\nprint(dict(zip(header, rows[0])))",
    "sqlite_fetchall": 'con = sqlite3.connect(DATA / "people.sqlite")\n'
    'rows = con.execute("select full_name, email, phone, product, amount from people").fetchall()\nrows[:3]',
    "sqlite_fetchone_print": 'con = sqlite3.connect(DATA / "people.sqlite")\n'
    'print(con.execute("select * from people limit 1 offset 2").fetchone())',
    "sqlite_read_sql": 'con = sqlite3.connect(DATA / "people.sqlite")\npd.read_sql("select * from people", con).head(3)',
    "arrow_table_print": 'import pyarrow.parquet as pq\ntable = pq.read_table(DATA / "people.parquet")\nprint(table.slice(0, 3))',
    "arrow_table_last": 'import pyarrow.parquet as pq\ntable = pq.read_table(DATA / "people.parquet")\n'
    'table.select(["full_name", "email", "product", "amount"]).slice(0, 4)',
    "arrow_column": 'import pyarrow.parquet as pq\npq.read_table(DATA / "people.parquet").column("email")[:4]',
    "arrow_pydict": 'import pyarrow.parquet as pq\nprint(pq.read_table(DATA / "people.parquet").to_pydict()["full_name"][:5])',
    "arrow_to_pandas": 'import pyarrow.parquet as pq\npq.read_table(DATA / "people.parquet").to_pandas().head(3)',
    "polars_lazy_collect": 'import polars as pl\npl.scan_parquet(DATA / "people.parquet").filter(pl.col("amount") > 0).collect().head(3)',
    "polars_lazy_print": 'import polars as pl\nprint(pl.scan_csv(DATA / "people.csv").select("full_name", "email", "product").collect().head(4))',
    "polars_row": 'import polars as pl\npl.read_csv(DATA / "people.csv").row(2)',
    "polars_series": 'import polars as pl\npl.read_parquet(DATA / "people.parquet")["street"].head(4)',
    "pandas_print_iloc": 'print(pd.read_csv(DATA / "people.csv").iloc[3])',
    "pandas_iloc_last": 'pd.read_csv(DATA / "people.csv", dtype=STRINGS).iloc[2]',
    "pandas_read_json": 'pd.read_json(DATA / "people.json").head(3)',
    "pandas_read_jsonl_print": 'print(pd.read_json(DATA / "people.jsonl", lines=True)[["full_name", "email", "product"]].to_string())',
    "pandas_parquet_tolist": 'pd.read_parquet(DATA / "people.parquet").email.tolist()',
    "function_return_frame": 'def load():\n    return pd.read_csv(DATA / "people.csv", dtype=STRINGS)\nload().head(3)',
    "function_return_records": 'def load():\n    with open(DATA / "people.json", encoding="utf-8") as fh:\n        return json.load(fh)\n'
    "print(load()[0])",
    "function_return_tuple": 'def load():\n    f = pd.read_csv(DATA / "people.csv")\n    return f.full_name.iloc[0], f.email.iloc[0], f["product"].iloc[0]\nload()',
    "dict_of_frames": 'frames = {"people": pd.read_csv(DATA / "people.csv", dtype=STRINGS)}\nframes["people"].head(3)',
    "dict_of_frames_print": 'frames = {"people": pd.read_parquet(DATA / "people.parquet")}\nprint(frames)',
    "list_of_frames": '[pd.read_parquet(DATA / "people.parquet")[["full_name", "product", "amount"]].head(2)]',
    "tuple_of_records": 'with open(DATA / "people.json", encoding="utf-8") as fh:\n    rows = tuple(json.load(fh))\nrows[:2]',
    "dataclass_records": "from dataclasses import dataclass\n@dataclass\nclass Person:\n    name: str\n    email: str\n    product: str\n"
    'people = [Person(r["full_name"], r["email"], r["product"]) for r in json.load(open(DATA / "people.json", encoding="utf-8"))]\n'
    "people[:3]",
    "generator_next": 'rows = (json.loads(line) for line in open(DATA / "people.jsonl", encoding="utf-8"))\nnext(rows)',
    "text_file_print": 'print(open(DATA / "notes.txt", encoding="utf-8").read())',
    "text_file_lines": 'notes = open(DATA / "notes.txt", encoding="utf-8").read().splitlines()\nnotes[:3]',
    "text_file_loop": 'for line in open(DATA / "notes.txt", encoding="utf-8"):\n    print(line.rstrip())',
    "pathlib_read_text": '(DATA / "people.csv").read_text(encoding="utf-8")[:900]',
    "big_row_150000": 'big = pd.read_parquet(ROOT / "big.parquet")' + NEXT_CELL + "print(big.iloc[150000])",
    "big_rows_last": 'big2 = pd.read_parquet(ROOT / "big.parquet")' + NEXT_CELL + "big2.iloc[[149999, 150001]]",
    "big_email": 'big3 = pd.read_parquet(ROOT / "big.parquet")'
    + NEXT_CELL
    + 'print("contact:", big3.email.iloc[150002])',
}

# ------------------------------------------------------------------------------------------------
# cause 2: forms. A learned column, written another way.
# ------------------------------------------------------------------------------------------------
_ACCENTED = 'acc = df[df.full_name.map(lambda s: s != unicodedata.normalize("NFKD", s))].full_name.head(4)\n'
_FORMS = {
    "urlencode": 'from urllib.parse import urlencode\nprint(urlencode({"who": df.full_name[{i}], "mail": df.email[{i}], "item": df["product"][{i}]}))',
    "url_quote": 'from urllib.parse import quote\nprint("https://crm.example/people/" + quote(df.full_name[{i}]) + "?sku=" + df.sku[{i}])',
    "slug_print": 'slug = "_".join(df.full_name[{i}].lower().split())\nprint(f"{slug}.csv", df.sku[{i}])',
    "slug_listdir": 'for i in range({i}, {i} + 3):\n    open("-".join(df.full_name[i].lower().split()) + ".txt", "w").close()\nsorted(os.listdir())',
    "last_first": 'print(f"{df.last_name[{i}]}, {df.first_name[{i}]}", df["product"][{i}])',
    "last_first_series": '(df.last_name + ", " + df.first_name).head(5)',
    "accents_stripped": _ACCENTED
    + 'print([unicodedata.normalize("NFKD", s).encode("ascii", "ignore").decode() for s in acc])',
    "upper_names": "df.full_name.str.upper().head(5)",
    "lower_street": "print(df.street.str.lower().tolist()[:4])",
    "title_email": "print(df.email[{i}].title(), df.sku[{i}])",
    "digits_phone": 'print(re.sub(r"\\D", "", df.phone[{i}]), "for", df.order_id[{i}])',
    "digits_ssn_series": 'df.ssn.str.replace("-", "").head(4)',
    "grouped_card": 'print(" ".join(textwrap.wrap(df.card_number[{i}], 4)), df.amount[{i}])',
    "date_dmy": 'pd.to_datetime(df.birth_date).dt.strftime("%d/%m/%Y").head(4)',
    "date_dotted": 'print(datetime.date.fromisoformat(df.birth_date[{i}]).strftime("%d.%m.%Y"), df.sku[{i}])',
    "date_words": 'print(datetime.date.fromisoformat(df.birth_date[{i}]).strftime("%B %d, %Y"))',
    "zero_width_email": 'print(df.email[{i}].replace("@", "\\u200b@"), df["product"][{i}])',
    "at_email": 'print(df.email[{i}].replace("@", " at "), df.sku[{i}])',
    "bracket_at_dot": 'print(df.email[{i}].replace("@", " [at] ").replace(".", " [dot] "))',
    "spaced_letters": 'print(*df.full_name[{i}], sep=" ")',
    "pandas_truncated": 'with pd.option_context("display.max_colwidth", 16):\n    print(df[["email", "street", "product", "amount"]].head(4))',
    "pandas_truncated_html": 'with pd.option_context("display.max_colwidth", 16):\n    display(df[["notes", "iban", "amount"]].head(3))',
    "polars_truncated": 'import polars as pl\nwith pl.Config(fmt_str_lengths=14):\n    print(pl.from_pandas(df[["email", "street", "product"]].head(4)))',
    "tabulate_wrapped": 'from tabulate import tabulate\nprint(tabulate(df[["full_name", "email", "amount"]].head(4), headers="keys", tablefmt="grid", maxcolwidths=9))',
    "tabulate_wrapped_simple": 'from tabulate import tabulate\nprint(tabulate(df[["street", "iban", "product"]].head(3).values.tolist(), tablefmt="simple_grid", maxcolwidths=[8, 10, 30]))',
    "rich_table": 'from rich.console import Console\nfrom rich.table import Table\nt = Table("name", "email", "product")\n'
    "for r in df.head(4).itertuples():\n    t.add_row(r.full_name, r.email, r.product)\n"
    "Console(file=sys.stdout, width=60, force_jupyter=False, color_system=None).print(t)",
    "json_ascii": "print(json.dumps(df.full_name.head(10).tolist()))",
    "json_slash": 'print(json.dumps({"profile": "https://x.example/" + df.email[{i}] + "/", "sku": df.sku[{i}]}).replace("/", "\\\\/"))',
    "to_json_last": 'df.head(3)[["full_name", "street", "product"]].to_json(orient="records")',
    "join_newline": '"\\n".join(df.full_name.head(6))',
    "join_tab": '"\\t".join(df.email.head(4))',
    "to_csv_last": "df.head().to_csv()",
    "to_string_last": 'df.head(3)[["full_name", "phone", "amount"]].to_string()',
    "textwrap_fill": 'print(textwrap.fill(", ".join(df.full_name.head(8)), width=22))',
    "centered": 'print(f"|{df.full_name[{i}]:^40}|{df.sku[{i}]}|")',
    "zip_first_last": "list(zip(df.first_name, df.last_name))[:4]",
    "swapcase": "print(df.full_name[{i}].swapcase(), df.street[{i}].upper())",
    "nfkc_fullwidth": 'print("".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in df.email[{i}]))',
}

# ------------------------------------------------------------------------------------------------
# cause 3: channels. Messages, metadata and parts of a bundle nobody watches.
# ------------------------------------------------------------------------------------------------
_CHANNELS = {
    "pager_question": "who = df.full_name[{i}]\nwho?",
    "pager_pinfo": "rec = df.iloc[{i}].to_dict()\n%pinfo rec",
    "pager_pinfo2": "mail = df.email[{i}]\n%pinfo2 mail",
    "pager_page": "row = df.iloc[{i}][['full_name', 'email', 'product']].to_dict()\n%page row",
    "json_root": 'display(JSON({"plan": df.plan[{i}], "sku": df.sku[{i}]}, root=df.full_name[{i}]))',
    "display_metadata": 'display({"text/plain": "order " + df.order_id[{i}]}, metadata={"owner": df.email[{i}]}, raw=True)',
    "widget_html": "import ipywidgets as widgets\nwidgets.HTML(value=df.full_name[{i}] + ' bought ' + df['product'][{i}])",
    "widget_label": "import ipywidgets as widgets\nwidgets.Label(value=df.email[{i}])",
    "widget_dropdown": "import ipywidgets as widgets\nwidgets.Dropdown(options=df.full_name.head(5).tolist(), description='who')",
    "widget_select_multiple": "import ipywidgets as widgets\nwidgets.SelectMultiple(options=df.email.head(4).tolist())",
    "widget_text_placeholder": "import ipywidgets as widgets\nwidgets.Text(placeholder=df.phone[{i}], value=df.street[{i}])",
    "widget_textarea": "import ipywidgets as widgets\nwidgets.Textarea(value='\\n'.join(df.street.head(3)))",
    "widget_button": "import ipywidgets as widgets\nwidgets.Button(description=df.full_name[{i}], tooltip=df.email[{i}])",
    "widget_html_table": "import ipywidgets as widgets\nwidgets.HTML(df.head(3)[['full_name', 'product', 'amount']].to_html())",
    "widget_interact": "from ipywidgets import interact\ninteract(lambda who: print('chosen', who), who=df.full_name.head(4).tolist());",
    "widget_output": "import ipywidgets as widgets\nout = widgets.Output()\nout.append_stdout(df.phone[{i}] + ' ' + df.email[{i}] + '\\n')\nout",
    "widget_output_display": "import ipywidgets as widgets\nout = widgets.Output()\nwith out:\n    print(df.full_name[{i}], df.sku[{i}])\nout",
    "tqdm_notebook": "from tqdm.notebook import tqdm\nfor _ in tqdm(range(3), desc=df.full_name[{i}]):\n    pass",
    "tqdm_text": "from tqdm import tqdm\nfor _ in tqdm(range(3), desc=df.email[{i}], file=sys.stdout):\n    pass",
    "guard_comm_pivot": 'df.head(8).pivot_table(index="plan", columns="full_name", values="amount", aggfunc="sum")',
    "guard_comm_email_columns": 'df.head(5).set_index("email")[["amount"]].T',
    "float_phone_print": "print(df.phone_float[{i}], df.amount[{i}])",
    "float_phone_tolist": "df.phone_float.head(4).tolist()",
    "float_phone_int": 'df[["phone_float", "product"]].head(4).astype({"phone_float": "int64"})',
    "float_phone_format": 'print(f"{df.phone_float[{i}]:.0f}", df.sku[{i}])',
    "split_8k_email": 'pad = "." * 8300\nsys.stdout.write(pad + df.email[{i}] + "." * (512 - len(df.email[{i}]) // 2))\nsys.stdout.flush()\nsys.stdout.write(" end\\n")',
    "split_8k_name": 'sys.stdout.write("#" * 8190)\nsys.stdout.flush()\nsys.stdout.write(df.full_name[{i}] + " " + df.sku[{i}] + "\\n")',
    "split_8k_phone": 'sys.stdout.write("-" * (8192 - 512 + 3) + df.phone[{i}] + "-" * 509)\nsys.stdout.flush()\nprint()',
    "styler_caption": 'df.head(3)[["product", "amount"]].style.set_caption("Orders of " + df.full_name[{i}])',
    "styler_latex_print": 'print(df.head(5)[["full_name", "product", "amount"]].style.to_latex())',
    "styler_attributes": 'df.head(3)[["product", "amount"]].style.set_table_attributes(f\'title="{df.email[{i}]}"\')',
    "series_named_email": "pd.Series(df.amount.head(3).values, name=df.email[{i}])",
    "index_name": 'x = df.head(3)[["product", "amount"]].copy()\nx.index.name = df.full_name[{i}]\nx',
    "columns_name": 'x = df.head(3)[["product", "amount"]].copy()\nx.columns.name = df.email[{i}]\nx',
    "index_of_names": 'df.head(4).set_index("full_name")[["product", "amount"]]',
    "polars_struct": 'import polars as pl\npl.DataFrame({"who": [{"name": n, "mail": m} for n, m in zip(df.full_name.head(3), df.email.head(3))], "product": df["product"].head(3).tolist()})',
    "polars_list": 'import polars as pl\npl.DataFrame({"names": [df.full_name.head(3).tolist()], "sku": [df.sku[0]]})',
    "mixed_object": 'pd.DataFrame({"mixed": pd.Series([df.email[1], 42, df.full_name[2], 3.5], dtype=object), "product": df["product"].head(4).tolist()})',
    "list_column": 'pd.DataFrame({"people": [df.full_name.head(2).tolist()], "amount": [df.amount[0]]})',
    "dict_column": 'pd.DataFrame({"contact": [{"mail": df.email[{i}]}], "sku": [df.sku[{i}]]})',
    "html_title_attr": "display(HTML(f'<abbr title=\"{df.email[{i}]}\">contact</abbr> {df.sku[{i}]}'))",
    "javascript": 'from IPython.display import Javascript\ndisplay(Javascript(f"console.log({json.dumps(df.full_name[{i}])})"))',
    "update_display_names": 'h = display(df[["product", "amount"]].head(2), display_id=True)\nh.update(HTML(df.head(2)[["full_name", "product"]].to_html()))',
    "numpy_array": "np.array(df.full_name.head(3))",
    "to_records": 'df.head(2)[["full_name", "email", "amount"]].to_records()',
    "itertuples": "list(df.head(2)[['full_name', 'street']].itertuples())",
    "set_result": "set(df.email.head(3))",
    "assert_message": "assert False, df.full_name[{i}]",
    "plot_bar_x_name": 'df.head(6).plot.bar(x="full_name", y="amount");',
    "plot_barh_email": 'df.head(5).plot.barh(x="email", y="amount");',
    "plot_title": 'df.head(6).plot(x="count", y="amount", title=df.full_name[{i}]);',
    "plot_pie": 'df.head(5).set_index("full_name").amount.plot.pie();',
    "plot_legend": 'for name, g in df.head(3).groupby("full_name"):\n    plt.plot([1, 2], [g.amount.iloc[0], 1], label=name)\nplt.legend();',
    "plot_xticks": "plt.bar(range(4), df.amount.head(4))\nplt.xticks(range(4), df.last_name.head(4));",
    "plot_text": "plt.figure()\nplt.text(0.1, 0.5, df.street[{i}])\nplt.show()",
    "seaborn_bar": 'import seaborn as sns\nsns.barplot(data=df.head(5), x="amount", y="full_name");',
    "seaborn_hue": 'import seaborn as sns\nsns.scatterplot(data=df.head(4), x="amount", y="count", hue="email");',
}

# inspect (Shift-Tab) and complete (Tab) replies, asked for by the runner after the cell
_REQUESTS = {
    "inspect_reply_variable": ("who2 = df.full_name[{i}]", (("inspect", "who2"),)),
    "inspect_reply_dict": ('card = {"card": df.card_number[{i}], "sku": df.sku[{i}]}', (("inspect", "card"),)),
    "complete_dict_keys": (
        "by_name = dict(zip(df.full_name.head(6), df.amount.head(6)))",
        (("complete", 'by_name["'),),
    ),
    "complete_email_keys": ("by_mail = {m: 1 for m in df.email.head(5)}", (("complete", "by_mail['"),)),
}

# ------------------------------------------------------------------------------------------------
# cause 4: writers. Strict mode must refuse before the file is opened; warn mode must warn.
# ------------------------------------------------------------------------------------------------
_WRITERS = {
    "transpose_to_csv": 'df.head(10).T.to_csv("t.csv")',
    "melt_to_csv": 'df.head(10).melt().to_csv("melt.csv")',
    "styler_to_html": 'df.head(10).style.to_html("styled.html")',
    "styler_to_latex": 'df.head(10)[["full_name", "email", "amount"]].style.to_latex("styled.tex")',
    "groupby_series_to_csv": 'df.groupby("full_name").amount.sum().to_csv("by_name.csv")',
    "set_index_to_json": 'df.head(10).set_index("email").to_json("by_email.json")',
    "to_pickle": 'df.head(10).to_pickle("frame.pkl")',
    "to_markdown_file": 'df.head(10).to_markdown("frame.md")',
    "to_sql_file": 'df.head(10).to_sql("people", sqlite3.connect("out.sqlite"), index=False)',
    "np_save_object": 'np.save("names.npy", df.full_name.head(10).to_numpy())',
    "np_save_unicode": 'np.save("emails.npy", df.email.head(10).to_numpy(dtype=str))',
    "np_savetxt": 'np.savetxt("people.txt", df[["full_name", "email"]].head(10).to_numpy(), fmt="%s")',
    "np_savez": 'np.savez("arrays.npz", names=df.full_name.head(10).to_numpy(dtype=str))',
    "pickle_records": 'import pickle\nwith open("rows.pkl", "wb") as fh:\n    pickle.dump(df.head(10).to_dict("records"), fh)',
    "joblib_frame": 'import joblib\njoblib.dump(df.head(10), "frame.joblib")',
    "shelve_records": 'import shelve\nwith shelve.open("shelf") as db:\n    db["rows"] = df.head(10).to_dict("records")',
    "json_dump_records": 'with open("rows.json", "w", encoding="utf-8") as fh:\n    json.dump(df.head(10).to_dict("records"), fh)',
    "csv_writer": 'with open("rows.csv", "w", newline="", encoding="utf-8") as fh:\n    csv.writer(fh).writerows(df.head(10).values.tolist())',
    "csv_dictwriter": 'with open("dict.csv", "w", newline="", encoding="utf-8") as fh:\n'
    "    w = csv.DictWriter(fh, fieldnames=list(df.columns))\n    w.writeheader()\n    w.writerows(df.head(10).to_dict('records'))",
    "pyarrow_parquet": 'import pyarrow as pa, pyarrow.parquet as pq\npq.write_table(pa.Table.from_pandas(df.head(10)), "arrow.parquet")',
    "pyarrow_csv": 'import pyarrow as pa, pyarrow.csv as pacsv\npacsv.write_csv(pa.Table.from_pandas(df.head(10)), "arrow.csv")',
    "pyarrow_feather": 'import pyarrow as pa, pyarrow.feather as feather\nfeather.write_feather(pa.Table.from_pandas(df.head(10)), "arrow.feather")',
    "polars_sink_csv": 'import polars as pl\npl.from_pandas(df.head(10)).lazy().sink_csv("sink.csv")',
    "polars_sink_parquet": 'import polars as pl\npl.from_pandas(df.head(10)).lazy().sink_parquet("sink.parquet")',
    "polars_sink_ndjson": 'import polars as pl\npl.from_pandas(df.head(10)).lazy().sink_ndjson("sink.ndjson")',
    "polars_write_json": 'import polars as pl\npl.from_pandas(df.head(10)).write_json("polars.json")',
    "logging_file_handler": 'lg = logging.getLogger("catalogue.file")\nlg.propagate = False\nh = logging.FileHandler("app.log")\nlg.addHandler(h)\n'
    'lg.warning("signup %s %s", df.full_name[3], df.email[3])\nh.close()\nlg.removeHandler(h)',
    "ipython_store": 'keep = df.head(5)[["full_name", "email", "product"]]\n%store keep',
    "savefig_png_and_svg": 'fig, ax = plt.subplots()\nax.barh(df.email.head(4), df.amount.head(4))\nfig.savefig("mails.png")\n'
    'fig.savefig("mails.svg")\nplt.close(fig)',
    "savefig_svg": 'fig, ax = plt.subplots()\nax.bar(df.full_name.head(4), df.amount.head(4))\nfig.savefig("names.svg")\nplt.close(fig)',
}
_WARN_WRITERS = (
    "transpose_to_csv",
    "melt_to_csv",
    "np_savetxt",
    "pickle_records",
    "json_dump_records",
    "csv_writer",
    "pyarrow_csv",
    "polars_sink_csv",
    "logging_file_handler",
    "savefig_svg",
)

# ------------------------------------------------------------------------------------------------
# cause 5: faults while learning and showing; the raw value must never appear.
# ------------------------------------------------------------------------------------------------
_READ = 'fresh = pd.read_csv(DATA / "people.csv", dtype=STRINGS)\nprint("loaded", len(fresh))'
_FAULT_TARGETS = {
    "scan_function": "jupyter_privguard.scanner, 'scan'",
    "scanner_method": "jupyter_privguard.scanner.Scanner, 'scan'",
    "remember_values": "jupyter_privguard.session.GuardSession, 'remember_values'",
}
_FAULT_SHOWS = {
    "print_list": "print(fresh.full_name.tolist()[:4], fresh['product'].tolist()[:2])",
    "display_frame": 'fresh[["full_name", "email", "product", "amount"]].head(3)',
    "fstring": 'print(f"{fresh.email.iloc[1]} {fresh.phone.iloc[1]} {fresh.sku.iloc[1]}")',
}
_FAULT_ONE_OFFS = {
    "double_fault_display": "_break(jupyter_privguard.scanner, 'scan')\n_break(jupyter_privguard.render, 'placeholder_bundle')\n"
    "try:\n    display(pd.read_csv(DATA / 'people.csv').head(3))\nfinally:\n    _restore()",
    "scan_fault_same_cell": "_break(jupyter_privguard.scanner, 'scan')\ntry:\n    display(pd.read_csv(DATA / 'people.csv', dtype=STRINGS).head(3))\nfinally:\n    _restore()",
    "redact_fault_same_cell": "_break(jupyter_privguard.redaction, 'redact')\ntry:\n    display(pd.read_csv(DATA / 'people.csv', dtype=STRINGS).head(3))\nfinally:\n    _restore()",
    "redact_text_fault_print": "_break(jupyter_privguard.textguard, 'redact_text')\ntry:\n    print(pd.read_csv(DATA / 'people.csv').full_name.tolist()[:3])\nfinally:\n    _restore()",
    "known_values_fault": "_break(jupyter_privguard.session.GuardSession, 'known_values')\n"
    + _READ
    + NEXT_CELL
    + "try:\n    print(fresh.email.tolist()[:3])\nfinally:\n    _restore()",
    "scan_fault_records": "_break(jupyter_privguard.scanner, 'scan')\nrecs = json.load(open(DATA / 'people.json', encoding='utf-8'))\n"
    "print(len(recs))" + NEXT_CELL + "_restore()\nprint(recs[:2])",
}

# ------------------------------------------------------------------------------------------------
# cause 6: reveal and audit.
# ------------------------------------------------------------------------------------------------
_REVEAL = {
    "capture_show": "%%capture cap\n%privguard reveal small" + NEXT_CELL + "cap.show()",
    "capture_outputs_data": "%%capture cap2\n%privguard reveal small" + NEXT_CELL + "print(cap2.outputs[0].data)",
    "capture_stdout_reveal_series": "%%capture cap3\n%privguard reveal small_series" + NEXT_CELL + "cap3.show()",
    "reveal_then_next_cell": "%privguard reveal small" + NEXT_CELL + "print('next cell', small.sku.iloc[0])",
    "audit_slug_export": 'slug = "_".join(small.full_name.iloc[0].lower().split())\nsmall[["product", "amount"]].to_csv(f"{slug}.csv")\nprint("exported", small.sku.iloc[0])',
    "audit_slug_export_json": 'slug = small.email.iloc[1].replace("@", "_at_")\nsmall[["sku"]].to_json(f"{slug}.json")\nprint("exported")',
    "audit_reveal_columns": "%privguard reveal small full_name email" + NEXT_CELL + "%privguard audit",
    "reveal_last_cell": "%privguard reveal small",  # must stay the notebook's last cell
}
_REVEAL_SETUP = 'small = df.head(4)[["full_name", "email", "phone", "product", "sku", "amount"]].copy()\nsmall_series = small.email.copy()\n'
GROUPS["reveal"]["setup"] = str(GROUPS["reveal"]["setup"]) + _REVEAL_SETUP


def _rows(n: int, start: int = 3, step: int = 7, modulo: int = 110) -> list[int]:
    return [(start + k * step) % modulo for k in range(n)]


def catalogue() -> list[Path]:
    """Every path, in notebook order."""
    out: list[Path] = []
    for (rname, reader), (sname, show) in itertools.product(_RECORD_READERS.items(), _RECORD_SHOWS.items()):
        out.append(Path(f"ingress-{rname}-{sname}", "ingress", f"{reader}\n{show}", group="ingress"))
    for name, src in _INGRESS_ONE_OFFS.items():
        out.append(Path(f"ingress-{name}", "ingress", src, group="ingress"))
    for name, template in _FORMS.items():
        rows = _rows(2) if "{i}" in template else [0]
        for i in rows:
            pid = f"forms-{name}" + (f"-r{i}" if "{i}" in template else "")
            out.append(Path(pid, "forms", template.replace("{i}", str(i)), group="forms"))
    for name, (template, requests) in _REQUESTS.items():
        i = _rows(1, start=len(out) % 50)[0]
        reqs = tuple((kind, code) for kind, code in requests)
        out.append(
            Path(f"channels-{name}", "channels", template.replace("{i}", str(i)), group="channels", requests=reqs)
        )
    for name, template in _CHANNELS.items():
        i = _rows(1, start=len(out) % 50)[0]
        out.append(Path(f"channels-{name}", "channels", template.replace("{i}", str(i)), group="channels"))
    for name, src in _WRITERS.items():
        files = ("ipython/profile_default/db",) if "%store" in src else ()
        out.append(Path(f"writers-strict-{name}", "writers", src, group="strict", files=files))
    for name in _WARN_WRITERS:
        out.append(Path(f"writers-warn-{name}", "writers", _WRITERS[name], group="warn", warn=True))
    for (tname, target), (sname, show) in itertools.product(_FAULT_TARGETS.items(), _FAULT_SHOWS.items()):
        src = f"_break({target})\n{_READ}{NEXT_CELL}_restore(){NEXT_CELL}{show}"
        out.append(Path(f"fail-{tname}-{sname}", "fail", src, group="fail"))
    for name, src in _FAULT_ONE_OFFS.items():
        out.append(Path(f"fail-{name}", "fail", src, group="fail"))
    for name, src in _REVEAL.items():
        out.append(Path(f"reveal-{name}", "reveal", src, group="reveal"))
    ids = [p.id for p in out]
    assert len(ids) == len(set(ids)), "duplicate path ids"
    return out


PATHS = catalogue()
