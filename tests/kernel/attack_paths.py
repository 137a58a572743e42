"""A stranger's attack on the guard: everyday notebook paths that are not in ``catalogue_paths``.

Throwaway catalogue (issue 11, helper "attack"): not a test module. ``attack_run.py`` runs every
path without the extension (the control) and with it, through ``catalogue_run``'s machinery.
Two groups: ``atk_df`` (the frame ``df`` is loaded in the setup cell, so its values are learned:
these probe forms and channels) and ``atk_raw`` (sliced: each path reads people nobody showed
before, through readers and idioms the catalogue does not use).
"""

from __future__ import annotations

from catalogue_paths import GROUPS, NEXT_CELL, Path, _group

GROUPS["atk_df"] = _group(False, True)
GROUPS["atk_raw"] = _group(True, False)

_DF = {
    "to_dict_list": 'print(df[["full_name", "email", "product"]].head(4).to_dict("list"))',
    "itertuples": "for t in df.head(3).itertuples():\n    print(t)",
    "pprint_nested": "from pprint import pprint\n"
    'pprint({p: g[["full_name", "email", "sku"]].head(2).to_dict("records") for p, g in df.groupby("plan")}, width=60)',
    "textwrap_fill": 'print(textwrap.fill(", ".join(df.full_name.head(12)), width=30))',
    "format_pad": 'for r in df.head(4).itertuples():\n    print("{:<30}|{:>35}|{:^12}".format(r.full_name, r.email, r.sku))',
    "fstring_repr": "print(f\"{df.full_name[33]!r} {df.email[33]!r} {df['product'][33]!r}\")",
    "print_star_row": 'print(*df.iloc[35][["full_name", "phone", "product"]])',
    "sorted_set_email": "sorted(set(df.email))[:6]",
    "counter_last": "from collections import Counter\nCounter(df.last_name).most_common(5)",
    "groupby_agg_list": 'df.groupby("plan").agg({"full_name": list, "amount": "sum"})',
    "explode": 'df.head(3).assign(contacts=df.email.head(3).map(lambda e: [e, e.upper()])).explode("contacts")[["full_name", "contacts", "sku"]]',
    "to_xml": 'print(df.head(3)[["full_name", "email", "product"]].to_xml(parser="etree"))',
    "to_records": 'df.head(3)[["full_name", "email", "amount"]].to_records()',
    "numpy_object": 'np.array(df[["full_name", "email", "sku"]].head(4).values, dtype=object)',
    "polars_long_str": "import polars as pl\npl.Config.set_fmt_str_lengths(200)\n"
    'pl.from_pandas(df[["full_name", "street", "email", "product"]]).head(4)',
    "ipy_pretty": 'from IPython.display import Pretty\nPretty("\\n".join(df.full_name.head(5)))',
    "markdown_table": 'display(Markdown(df.head(4)[["full_name", "email", "product"]].to_markdown()))',
    "whos": "cust_name = df.full_name[41]\ncust_mail = df.email[41]\ncust_ssn = df.ssn[41]" + NEXT_CELL + "%whos str",
    "who_ls": "first_person = df.full_name[42]" + NEXT_CELL + "%who_ls",
    "print_locals": "def greet(name, mail, sku):\n    tag = 1\n    print(locals())\ngreet(df.full_name[43], df.email[43], df.sku[43])",
    "traceback_args": 'def check(name, email):\n    raise ValueError(f"bad record {name} / {email}")\ncheck(df.full_name[44], df.email[44])',
    "traceback_verbose": "%xmode Verbose\ndef validate(record):\n    name = record['full_name']\n    phone = record['phone']\n    return 1 / 0\n"
    "validate(df.iloc[45].to_dict())",
    "traceback_keyerror": "lookup = dict(zip(df.email, df.amount))\nlookup[df.email[46].upper()]",
    "warnings_value": 'warnings.warn(f"duplicate customer {df.full_name[47]} {df.phone[47]}")',
    "logging_r": "logging.basicConfig(level=logging.INFO, force=True)\n"
    'logging.getLogger("crm").warning("customer %r email %r sku %s", df.full_name[48], df.email[48], df.sku[48])',
    "subprocess_echo": "import subprocess\n"
    'print(subprocess.run(["echo", df.full_name[49], df.email[49], df.sku[49]], capture_output=True, text=True).stdout)',
    "shell_echo": "who = df.email[50]\n!echo contact {who}",
    "angle_brackets": 'print(", ".join(f"{n} <{e}>" for n, e in zip(df.full_name.head(5), df.email.head(5))))',
    "title_names": "df.full_name.str.title().head(5).tolist()",
    "e164": 'print("+" + "49" + df.phone_digits[51].lstrip("0"), df.sku[51])',
    "iban_groups": 'print(" ".join(textwrap.wrap(df.iban[52].replace(" ", ""), 4)))',
    "iban_compact": 'df.iban.str.replace(" ", "").head(4)',
    "describe_obj": 'df[["full_name", "email", "plan"]].describe()',
    "value_counts": "df.last_name.value_counts().head()",
    "sample_T": "print(df.sample(2, random_state=1).T.to_string())",
    "json_indent_last": 'json.dumps(df.head(2)[["full_name", "email", "sku"]].to_dict("records"), indent=2)',
    "repr_to_string": 'repr(df.head(3)[["full_name", "email"]].to_string())',
    "to_latex": 'print(df.head(3)[["full_name", "email", "amount"]].to_latex())',
    "col_space": 'print(df.head(3)[["full_name", "email", "sku"]].to_string(col_space=40))',
    "str_cat": 'df.full_name.str.cat(sep=";")[:300]',
    "zip_names": "list(zip(df.first_name[:4], df.last_name[:4]))",
    "set_index_loc": 'df.set_index("email").loc[df.email[53]]',
    "style_upper": 'df.head(3)[["full_name", "email", "sku"]].style.format({"email": str.upper})',
    "initials": '(df.first_name.str[0] + ". " + df.last_name).head(5)',
    "to_json_split": 'print(df.head(3)[["full_name", "email"]].to_json(orient="split"))',
    "json_widget": 'JSON(df.head(3)[["full_name", "email", "sku"]].to_dict("records"))',
    "html_list": 'display(HTML("<ul>" + "".join(f"<li>{n}</li>" for n in df.full_name.head(5)) + "</ul>"))',
    "to_html_print": 'print(df.head(2)[["full_name", "email", "sku"]].to_html(escape=False))',
    "tsv": 'print(df.head(4)[["full_name", "phone", "sku"]].to_csv(sep="\\t"))',
    "agg_join": 'df.head(3)[["full_name", "birth_date"]].astype(str).agg(" born ".join, axis=1)',
    "strftime_abbrev": 'pd.to_datetime(df.birth_date).dt.strftime("%b %d, %Y").head(4)',
    "date_repr": "print([datetime.date.fromisoformat(s) for s in df.birth_date.head(3)])",
    "timestamp_repr": "list(pd.to_datetime(df.birth_date.head(3)))",
    "ip_repr": "import ipaddress\n[ipaddress.ip_address(x) for x in df.ip_address.head(3)]",
    "phone_float_list": "df.phone_float.head(3).tolist()",
    "phone_float_comma": 'print(f"{df.phone_float[54]:,.0f}", df.sku[54])',
    "card_groups": 'print(" ".join(textwrap.wrap(df.card_number[55], 4)), df.sku[55])',
    "card_masked_partial": 'print(df.card_number[56][:6] + "******" + df.card_number[56][-4:])',
    "tabulate_grid": "from tabulate import tabulate\n"
    'print(tabulate(df.head(3)[["full_name", "email", "street"]], headers="keys", tablefmt="grid"))',
    "rich_print": 'from rich import print as rprint\nrprint(df.head(2)[["full_name", "email"]].to_dict("records"))',
    "fullname_split": "df.full_name.str.split().head(4).tolist()",
    "name_chars": "list(df.last_name[57])",
    "reversed_name": 'print(" ".join(reversed(df.full_name[58].split())), df.sku[58])',
    "email_domain_user": 'df.email.str.split("@", expand=True).head(4)',
    "crosstab_names": "pd.crosstab(df.last_name.head(6), df.plan.head(6))",
    "series_dict": "dict(df.set_index('sku').full_name.head(4))",
    "enumerate_print": 'for k, n in enumerate(df.full_name.head(3), 1):\n    print(f"{k:>3}. {n:<40}{df.sku[k]}")',
    "print_sep": 'print(df.full_name[59], df.email[59], df.phone[59], sep=" | ")',
    "display_tuple": "display(df.full_name[60], df.street[60])",
    "html_table_custom": 'HTML(df.head(3)[["full_name", "email"]].to_html(index=False).replace("<td>", "<td style=\\"color:red\\">"))',
    "multiindex_names": 'df.head(4).set_index(["last_name", "first_name"])[["sku", "amount"]]',
    "categorical": 'df.full_name.head(5).astype("category").cat.categories',
    "pd_index_repr": "pd.Index(df.email.head(5))",
    "address_block": 'print(f"{df.full_name[61]}\\n{df.street[61]}")',
    "sqlite_inline": "con = sqlite3.connect(':memory:')\ndf.head(5).to_sql('t', con)\ncon.execute('select full_name, email from t').fetchall()",
}

_RAW = {
    "np_genfromtxt": 'np.genfromtxt(DATA / "people.csv", delimiter=",", dtype=str, max_rows=3, usecols=(0, 3))',
    "readlines": 'open(DATA / "people.csv", encoding="utf-8").readlines()[:3]',
    "read_bytes": '(DATA / "people.csv").read_bytes()[:700]',
    "os_read": 'fd = os.open(DATA / "people.csv", os.O_RDONLY)\nprint(os.read(fd, 700))\nos.close(fd)',
    "subprocess_head": "import subprocess\n"
    'print(subprocess.run(["head", "-3", str(DATA / "people.csv")], capture_output=True, text=True).stdout)',
    "shell_head": "p = str(DATA / 'people.csv')\n!head -3 {p}",
    "shell_capture": "p = str(DATA / 'people.jsonl')\nlines = !head -2 {p}\nlines",
    "sqlite_iterdump": 'con = sqlite3.connect(DATA / "people.sqlite")\nprint("\\n".join(list(con.iterdump())[:4]))',
    "arrow_open_csv": "import pyarrow.csv as pacsv\n"
    'rd = pacsv.open_csv(DATA / "people.csv")\nprint(rd.read_next_batch().slice(0, 2).to_pylist())',
    "polars_iter_rows": 'import polars as pl\nnext(pl.read_csv(DATA / "people.csv").iter_rows(named=True))',
    "json_normalize": 'pd.json_normalize(json.load(open(DATA / "people.json", encoding="utf-8"))).head(2)',
    "codecs_open": 'import codecs\ncodecs.open(DATA / "people.csv", encoding="utf-8").read()[:600]',
    "linecache": 'import linecache\nprint(linecache.getline(str(DATA / "people.csv"), 2))',
    "fileinput": 'import fileinput\nfor line in fileinput.input(str(DATA / "people.jsonl")):\n    print(line[:300])\n    break',
    "read_table": 'pd.read_table(DATA / "people.csv", sep=",").head(2)',
    "arrow_read_csv_sample": 'import pyarrow.csv as pacsv\npacsv.read_csv(DATA / "people.csv").to_pandas().sample(2, random_state=0)',
    "io_stringio": 'import io\npd.read_csv(io.StringIO((DATA / "people.csv").read_text(encoding="utf-8"))).head(2)',
    "sqlite_pandas_iter": 'con = sqlite3.connect(DATA / "people.sqlite")\nfor row in con.execute("select full_name, email, street from people"):\n    print(*row, sep=" / ")',
    "polars_read_json": 'import polars as pl\nprint(pl.read_ndjson(DATA / "people.jsonl").select("full_name", "email", "iban"))',
    "mmap_read": 'import mmap\nwith open(DATA / "people.csv", "rb") as fh:\n    mm = mmap.mmap(fh.fileno(), 0, access=mmap.ACCESS_READ)\n    print(mm[:600].decode("utf-8"))',
    "gzip_roundtrip": 'import gzip\ngzip.open("p.csv.gz", "wb").write((DATA / "people.csv").read_bytes())\nprint(gzip.open("p.csv.gz", "rt", encoding="utf-8").read()[:600])',
    "pickle_roundtrip": 'import pickle\nwith open(DATA / "people.json", encoding="utf-8") as fh:\n    blob = pickle.dumps(json.load(fh)[:2])\npickle.loads(blob)',
    "csv_sniffer": 'import csv\ntext = (DATA / "people.csv").read_text(encoding="utf-8")\nd = csv.Sniffer().sniff(text[:2000])\nlist(csv.reader(text.splitlines()[:3], d))',
    "pd_read_fwf": 'pd.read_csv(DATA / "people.csv", usecols=["full_name", "email", "sku"], nrows=3).to_string()',
    "polars_glimpse": 'import polars as pl\npl.read_parquet(DATA / "people.parquet").glimpse()',
    "pandas_info_head": 'd = pd.read_parquet(DATA / "people.parquet")\nd.info()\nprint(d.head(2).to_dict("index"))',
    "exec_readback": 'ns = {}\nexec("import json\\nrows = json.loads(open(r\'" + str(DATA / "people.json") + "\', encoding=\'utf-8\').read())", ns)\nns["rows"][0]',
}


def attack_paths() -> list[Path]:
    """Every attack path, in notebook order."""
    out = [Path(f"forms-atk-{k}", "forms", v, group="atk_df") for k, v in _DF.items()]
    # gzip_roundtrip writes its .gz file in warn mode (by design, with a warning): judged as a warn-mode writer
    out += [
        Path(f"ingress-atk-{k}", "ingress", v, group="atk_raw", warn=k == "gzip_roundtrip") for k, v in _RAW.items()
    ]
    return out


PATHS = attack_paths()

# ------------------------------------------------------------------------------------------------
# round 2: escapes, streaming, widgets, display objects; more readers
# ------------------------------------------------------------------------------------------------
GROUPS["atk_df2"] = _group(False, True)
GROUPS["atk_raw2"] = _group(True, False)
_W = "import ipywidgets as widgets\n"
_DF2 = {
    "date_repr_check": "print([datetime.date.fromisoformat(s) for s in df.birth_date.head(3)], df.sku[0])",
    "encode_bytes": "print([n.encode() for n in df.full_name.head(8)])",
    "unicode_escape": 'print([n.encode("unicode_escape") for n in df.full_name.head(8)])',
    "ascii_list": "print(ascii(df.full_name.head(8).tolist()))",
    "str_wrap_series": "df.full_name.str.wrap(8).head(4)",
    "center_fill": 'df.full_name.str.center(40, "*").head(3)',
    "ljust_dots": 'for n, s in zip(df.full_name.head(3), df.sku.head(3)):\n    print(n.ljust(40, ".") + s)',
    "code_json": 'from IPython.display import Code\nCode(df.head(2)[["full_name", "email", "sku"]].to_json(orient="records"), language="json")',
    "svg_text": 'SVG(f\'<svg xmlns="http://www.w3.org/2000/svg" width="400" height="20"><text x="0" y="15">{df.full_name[74]}</text></svg>\')',
    "assert_msg": "assert df.email[69].endswith('.invalid'), df.email[69]",
    "raise_keyerror": "raise KeyError(df.full_name[70])",
    "email_split": 'df.email[72].split("@")',
    "nbsp_html": 'HTML(df.full_name[62].replace(" ", "&nbsp;") + " " + df.sku[62])',
    "at_paren": 'print(df.email[63].replace("@", " (at) ").replace(".", " (dot) "))',
    "stderr_print": "print(df.full_name[75], df.email[75], file=sys.stderr)",
    "os_write_fd": 'os.write(1, (df.full_name[76] + " " + df.email[76] + "\\n").encode())',
    "carriage_return": 'for k in range(3):\n    print("\\r" + df.full_name[77 + k], end="", flush=True)\nprint()',
    "char_stream": "import time\nfor ch in df.email[78]:\n    print(ch, end='', flush=True)\n    time.sleep(0.02)\nprint()",
    "split_sleep": "import time\nprint(df.email[79][:6], end='', flush=True)\ntime.sleep(0.6)\nprint(df.email[79][6:])",
    "update_display": 'h = display(Markdown("loading"), display_id=True)\nh.update(Markdown(f"**{df.full_name[81]}** {df.sku[81]}"))',
    "globals_str": "print({k: v for k, v in globals().items() if isinstance(v, str) and not k.startswith('_')})",
    "w_select": _W + "widgets.Select(options=list(df.full_name.head(5)))",
    "w_combobox": _W + "widgets.Combobox(options=list(df.email.head(5)), placeholder=df.full_name[83])",
    "w_textarea": _W + 'widgets.Textarea(value="\\n".join(df.full_name.head(5)))',
    "w_button": _W + "widgets.Button(description=df.full_name[84], tooltip=df.email[84])",
    "w_selectmulti": _W + "widgets.SelectMultiple(options=list(zip(df.full_name.head(4), df.sku.head(4))))",
    "w_tab_titles": _W
    + "t = widgets.Tab(children=[widgets.Label(s) for s in df.sku.head(3)])\nt.titles = tuple(df.full_name.head(3))\nt",
    "to_numpy": 'df.head(3)[["full_name", "email", "sku"]].to_numpy()',
    "to_dict_split": 'df.head(3)[["full_name", "email"]].to_dict("split")',
    "itertuples_plain": 'list(df.head(3)[["full_name", "phone", "sku"]].itertuples(index=False, name=None))',
    "pivot_first": 'df.pivot_table(index="plan", values="full_name", aggfunc="first")',
    "display_to_string": 'display(df.head(3)[["full_name", "email"]].to_string())',
    "noheader": 'print(df.head(3)[["full_name", "email"]].to_string(header=False, index=False, justify="left"))',
    "latex_display": 'from IPython.display import Latex\nLatex(rf"\\text{{{df.full_name[85]}}}")',
    "md_bold": 'Markdown(f"Customer **{df.full_name[86]}** (_{df.email[86]}_) bought `{df.sku[86]}`")',
    "styler_to_html_str": 'df.head(2)[["full_name", "email"]].style.hide(axis="index").to_html()',
    "series_to_frame_T": "df.full_name.head(4).to_frame().T",
    "nunique_examples": 'df.groupby("plan").full_name.apply(lambda s: ", ".join(s.head(2)))',
}
_RAW2 = {
    "pd_engine_pyarrow": 'pd.read_csv(DATA / "people.csv", engine="pyarrow").head(2)',
    "polars_write_csv_str": 'import polars as pl\nprint(pl.read_parquet(DATA / "people.parquet").head(2).write_csv())',
    "arrow_json": 'import pyarrow.json as pajson\npajson.read_json(DATA / "people.jsonl").slice(0, 2).to_pylist()',
    "parquet_iter_batches": 'import pyarrow.parquet as pq\nnext(pq.ParquetFile(DATA / "people.parquet").iter_batches(batch_size=2)).to_pylist()',
    "polars_scan_ndjson": 'import polars as pl\npl.scan_ndjson(DATA / "people.jsonl").head(2).collect()',
    "np_loadtxt": 'np.loadtxt(DATA / "people.csv", delimiter=",", dtype=str, max_rows=3, usecols=(0, 3), comments=None)',
    "zip_read": 'import zipfile\nwith zipfile.ZipFile("p.zip", "w") as z:\n    z.write(DATA / "people.csv", "people.csv")\n'
    'print(zipfile.ZipFile("p.zip").read("people.csv").decode()[:600])',
    "shutil_copy_cat": 'import shutil\nshutil.copy(DATA / "people.csv", "copy.csv")\n!cat copy.csv | head -2',
    "io_open": 'import io\nprint(io.open(DATA / "people.csv", encoding="utf-8").read()[:500])',
    "tokenize_open": 'import tokenize\nprint(tokenize.open(DATA / "people.csv").read()[:500])',
    "sqlite_blob_text": 'con = sqlite3.connect(DATA / "people.sqlite")\nprint(con.execute("select group_concat(full_name, \'; \') from people").fetchone()[0])',
    "pd_read_parquet_filters": 'pd.read_parquet(DATA / "people.parquet", columns=["full_name", "email"]).values[:3]',
}
PATHS += [Path(f"forms-atk2-{k}", "forms", v, group="atk_df2") for k, v in _DF2.items()]
# zip_read and shutil_copy_cat write a file in warn mode: the file is written by design (with a warning that
# names the entities), so they are judged as the warn-mode writers are: on the warning and on what is shown
# (their strict twins, ``writers-atk6-*_unseen``, must write nothing)
_WARN_WRITES = {"zip_read", "shutil_copy_cat"}
PATHS += [Path(f"ingress-atk2-{k}", "ingress", v, group="atk_raw2", warn=k in _WARN_WRITES) for k, v in _RAW2.items()]

# ------------------------------------------------------------------------------------------------
# round 3: double escapes, bytes of accented names, the kernel's own file descriptors
# ------------------------------------------------------------------------------------------------
GROUPS["atk_df3"] = _group(False, True)
_DF3 = {
    "json_of_json": 'json.dumps(json.dumps(df.head(3)[["full_name", "street", "sku"]].to_dict("records"), ensure_ascii=False))',
    "repr_of_repr": "repr(repr(df.full_name.head(6).tolist()))",
    "json_ascii_last": "json.dumps(df.full_name.head(8).tolist())",
    "to_string_encode": 'df.head(6)[["full_name", "street", "sku"]].to_string().encode()',
    "latin1_bytes": 'print([n.encode("latin-1", "replace") for n in df.full_name.head(10)])',
    "os_system": 'os.system("echo " + df.email[90] + " " + df.sku[90])',
    "quote_plus": "from urllib.parse import quote_plus\nprint([quote_plus(n) for n in df.full_name.head(8)])",
    "idna_mail": 'print(df.email.head(4).map(lambda e: e.encode("idna")).tolist())',
    "utf16_hex": 'print(df.full_name[91].encode("utf-8").hex(" "))',
    "ord_list": "print([ord(c) for c in df.last_name[92]])",
}
PATHS += [Path(f"forms-atk3-{k}", "forms", v, group="atk_df3") for k, v in _DF3.items()]

# ------------------------------------------------------------------------------------------------
# round 4: introspection, exceptions, progress bars, truncation without an ellipsis
# ------------------------------------------------------------------------------------------------
GROUPS["atk_df4"] = _group(False, True)
_DF4 = {
    "default_arg_pinfo": "def notify(to=df.email[93], sku=df.sku[93]):\n    pass" + NEXT_CELL + "notify?",
    "pretty_dict": "from IPython.lib.pretty import pretty\nprint(pretty(df.head(2)[['full_name', 'email', 'sku']].to_dict()))",
    "display_to_dict": 'display(df.head(2)[["full_name", "email", "sku"]].to_dict())',
    "exc_chain": "try:\n    raise KeyError(df.email[94])\nexcept KeyError as e:\n    raise RuntimeError('lookup failed for ' + df.full_name[94]) from e",
    "logging_exception": "logging.basicConfig(force=True)\ntry:\n    1 / 0\nexcept ZeroDivisionError:\n    logging.exception('failed for %s <%s>', df.full_name[95], df.email[95])",
    "traceback_print_exc": "import traceback\ndef bill(name, card):\n    raise ValueError('declined')\ntry:\n    bill(df.full_name[96], df.card_number[96])\nexcept ValueError:\n    traceback.print_exc()\n    print(traceback.format_exc().splitlines()[-1], df.full_name[96])",
    "tqdm_postfix": "from tqdm.auto import tqdm\nfor _ in tqdm(range(2), postfix={'who': df.full_name[97]}, desc=df.sku[97]):\n    pass",
    "tqdm_std": "from tqdm import tqdm as tq\nfor _ in tq(range(2), desc=df.email[98]):\n    pass",
    "slice_no_ellipsis": "df.full_name.str.slice(0, 12).head(6)",
    "format_precision": 'print([f"{n:.9}" for n in df.full_name.head(6)], df.sku[0])',
    "warn_explicit": 'warnings.warn_explicit(f"bad phone {df.phone[99]}", UserWarning, "crm.py", 12)',
    "namedtuple_rows": "from collections import namedtuple\nP = namedtuple('P', 'name mail sku')\n[P(*r) for r in df[['full_name', 'email', 'sku']].head(3).values]",
}
PATHS += [Path(f"forms-atk4-{k}", "forms", v, group="atk_df4") for k, v in _DF4.items()]

# paths whose control showed no personal data (the idiom prints none, e.g. `%who_ls` lists names, a masked card
# keeps too few digits): they prove nothing about the guard and are left out
_NO_CONTROL = {
    "forms-atk-who_ls",
    "forms-atk-date_repr",
    "forms-atk-card_masked_partial",
    "forms-atk-name_chars",
    "forms-atk2-date_repr_check",
    "forms-atk3-utf16_hex",
    "forms-atk3-ord_list",
    # output written to file descriptor 1 reaches the notebook only when ipykernel forwards it (not in every
    # run); ipykernel also echoes it raw to the kernel process's own stdout, which no check here can see
    "forms-atk2-os_write_fd",
    "forms-atk3-os_system",
}
PATHS = [p for p in PATHS if p.id not in _NO_CONTROL]

# ------------------------------------------------------------------------------------------------
# round 5 (session 6): what a user types next. Grouping, reshaping, markdown and string exports as
# the last expression, pretty printers, f-strings, logging to stderr, exceptions whose message holds a
# value, cold frames shown transposed, a row, a summary; free text built from the values. Written by the
# helper who then fixed what leaked (not blind, unlike rounds 1-4): at the commit before the fixes 1 of 52 leaked
# ------------------------------------------------------------------------------------------------
GROUPS["atk_df5"] = _group(False, True)
GROUPS["atk_raw5"] = _group(True, False)
_DF5 = {
    "agg_list_email": 'df.groupby("plan").agg(emails=("email", list), skus=("sku", list))',
    "agg_set_names": 'df.groupby("locale")["full_name"].agg(lambda s: sorted(set(s))[:3])',
    "pivot_names_cols": 'df.head(6).pivot_table(index="plan", columns="full_name", values="amount", aggfunc="sum")',
    "pivot_email_index": 'df.head(8).pivot_table(index="email", columns="plan", values="amount", aggfunc="sum").fillna(0)',
    "to_markdown_last": 'df.head(4)[["full_name", "email", "sku", "amount"]].to_markdown()',
    "to_markdown_print": 'print(df.head(4)[["full_name", "phone", "product"]].to_markdown(tablefmt="grid"))',
    "to_string_last": 'df.head(5)[["full_name", "street", "sku"]].to_string()',
    "pprint_records": "from pprint import pprint\n"
    'pprint(df.head(3)[["full_name", "email", "iban", "sku"]].to_dict("records"), sort_dicts=False)',
    "pformat_last": 'from pprint import pformat\npformat(df.head(3)[["full_name", "ssn", "amount"]].to_dict("index"))',
    "fstring_table": 'for r in df.head(4).itertuples():\n    print(f"{r.full_name:>28} {r.card_number:>20} {r.amount:>9.2f} {r.sku}")',
    "logging_stderr": "import logging, sys\nlog = logging.getLogger('etl')\nh = logging.StreamHandler(sys.stderr)\n"
    "log.addHandler(h)\nlog.setLevel(logging.INFO)\n"
    'for r in df.head(3).itertuples():\n    log.info("upserted %s <%s> %s", r.full_name, r.email, r.sku)',
    "logging_extra_dict": "logging.basicConfig(level=logging.INFO, force=True, format='%(message)s %(args)s')\n"
    'logging.info("row %(name)s", {"name": df.full_name[101], "mail": df.email[101]})',
    "display_markdown_list": 'display(Markdown("\\n".join(f"- **{n}** ({e}) {s}" for n, e, s in zip(df.full_name.head(4), df.email.head(4), df.sku.head(4)))))',
    "markdown_link": "Markdown(f\"[{df.full_name[102]}](mailto:{df.email[102]}) ordered {df['product'][102]}\")",
    "style_format_fn": 'df.head(3)[["full_name", "email", "amount"]].style.format({"full_name": lambda v: v.upper(), "amount": "{:.2f}"})',
    "style_format_index": 'df.head(3).set_index("full_name")[["sku", "amount"]].style.format_index(str.lower)',
    "style_caption_name": 'df.head(3)[["sku", "amount"]].style.set_caption(f"orders of {df.full_name[103]}")',
    "explode_split": 'df.head(3).assign(part=df.full_name.head(3).str.split()).explode("part")[["part", "sku"]]',
    "melt_people": 'df.head(3).melt(id_vars="sku", value_vars=["full_name", "email", "phone"])',
    "melt_T": 'df.head(2)[["full_name", "ssn", "sku"]].melt().T',
    "stack_people": 'df.head(2)[["full_name", "iban", "sku"]].stack()',
    "str_cat_others": 'df.full_name.head(5).str.cat(df.email.head(5), sep=" -> ").tolist()',
    "str_cat_last": 'df.email.head(6).str.cat(sep=", ")',
    "keyerror_email": "registry = {}\nregistry[df.email[104]]",
    "keyerror_loc": 'df.set_index("email").loc["x" + df.email[105]]',
    "assert_eq": "assert df.full_name[106] == df.full_name[107], (df.full_name[106], df.email[106])",
    "assert_fstring": "x = df.email[108]\nassert x.endswith('.nothing'), f'unexpected address {x!r}'",
    "valueerror_int": "int(df.full_name[109])",
    "warn_future": 'warnings.warn(f"record {df.email[110]} is stale", FutureWarning)',
    "warn_runtime_loop": 'for r in df.head(2).itertuples():\n    warnings.warn(f"no consent from {r.full_name} ({r.phone})", RuntimeWarning)',
    "exception_group": "raise ExceptionGroup('batch', [ValueError(df.email[111]), KeyError(df.full_name[111])])",
    "repr_series_list": "[df.loc[i, ['full_name', 'email', 'sku']] for i in (112, 113)]",
    "dict_comprehension": "{r.email: r.full_name for r in df.head(4).itertuples()}",
    "zip_dict_phone": "dict(zip(df.full_name.head(4), df.phone.head(4)))",
    "json_dumps_nonascii": 'print(json.dumps(df.head(3)[["full_name", "street"]].to_dict("records"), ensure_ascii=False, indent=1))',
    "to_csv_noindex_last": 'df.head(4)[["full_name", "email", "sku"]].to_csv(index=False)',
    "series_to_string": 'df.set_index("sku").email.head(5).to_string()',
    "value_counts_emails": "df.email.str.lower().value_counts().head(4)",
    "nlargest_names": 'df.nlargest(4, "amount")[["full_name", "amount", "sku"]]',
    "query_name": 'df.query("full_name == @df.full_name[114]")[["full_name", "email", "sku"]]',
    "free_text_built": 'df.head(4).assign(comment="Called " + df.full_name.head(4) + " about the invoice")[["order_id", "comment"]]',
    "free_text_print": 'for n in df.full_name.head(4):\n    print(f"Parcel handed to {n} next door.")',
    "letters_template": 'from string import Template\nprint(Template("Dear $who, your order $sku ships soon.").substitute(who=df.full_name[115], sku=df.sku[115]))',
    "rich_table": "from rich.console import Console\nfrom rich.table import Table\nt = Table()\n"
    'for c in ("full_name", "email", "sku"):\n    t.add_column(c)\n'
    'for r in df.head(3)[["full_name", "email", "sku"]].itertuples(index=False):\n    t.add_row(*r)\nConsole().print(t)',
}
_RAW5 = {
    "cold_T": 'big = pd.read_csv(DATA / "people.csv", dtype=STRINGS)' + NEXT_CELL + "big.T",
    "cold_iloc0": 'big = pd.read_parquet(DATA / "people.parquet")' + NEXT_CELL + "big.iloc[0]",
    "cold_describe_all": 'big = pd.read_csv(DATA / "people.csv", dtype=STRINGS)'
    + NEXT_CELL
    + "big.describe(include='all')",
    "cold_records_frame_T": 'big = pd.DataFrame(json.load(open(DATA / "people.json", encoding="utf-8")))'
    + NEXT_CELL
    + "big.T",
    "notes_only_frame": 'pd.read_csv(DATA / "people.csv", usecols=["order_id", "notes", "sku"])',
    "notes_print": 'for n in pd.read_json(DATA / "people.jsonl", lines=True)["notes"]:\n    print(n)',
    "cold_agg_list": 'pd.read_parquet(DATA / "people.parquet").groupby("plan").agg({"email": list})',
    "cold_to_markdown": 'pd.read_csv(DATA / "people.csv", dtype=STRINGS).head(3)[["full_name", "email", "sku"]].to_markdown()',
}
PATHS += [Path(f"forms-atk5-{k}", "forms", v, group="atk_df5") for k, v in _DF5.items()]
PATHS += [Path(f"ingress-atk5-{k}", "ingress", v, group="atk_raw5") for k, v in _RAW5.items()]

# ------------------------------------------------------------------------------------------------
# round 6 (session 9): archives, copies and raw writes of data the session knows (strict: the file
# written must hold no personal value), single lines with no header, and what a user prints next:
# messages, diffs, templates, magics. Written by the helper who then fixed what leaked (not blind).
# ------------------------------------------------------------------------------------------------
GROUPS["atk_strict6"] = _group(False, True, guarded="%privguard config strict=true\n")
GROUPS["atk_df6"] = _group(False, True)
GROUPS["atk_raw6"] = _group(True, False)
_ROWS6 = 'rows = "\\n".join(f"{r.full_name},{r.email},{r.ssn},{r.sku}" for r in df.iloc[A:B].itertuples())\n'


def _rows6(a: int, b: int) -> str:
    return _ROWS6.replace("A:B", f"{a}:{b}")


_STRICT6 = {
    "zip_writestr": "import zipfile\n"
    + _rows6(0, 5)
    + 'with zipfile.ZipFile("out.zip", "w") as z:\n    z.writestr("rows.csv", rows)',
    "zip_write_known_file": 'import zipfile\nwith zipfile.ZipFile("out.zip", "w") as z:\n    z.write(ROOT / "people.csv", "people.csv")',
    "zip_open_w": "import zipfile\n"
    + _rows6(5, 10)
    + 'with zipfile.ZipFile("out.zip", "w") as z:\n    with z.open("rows.csv", "w") as f:\n        f.write(rows.encode())',
    "shutil_copyfile": 'import shutil\nshutil.copyfile(ROOT / "people.csv", "copy.csv")',
    "shutil_copy2": 'import shutil\nshutil.copy2(ROOT / "people.jsonl", "copy.jsonl")',
    "shutil_copytree": "import shutil\n"
    'shutil.copytree(ROOT, "tree", ignore=lambda d, names: [n for n in names if n != "people.csv"])',
    "shutil_copyfileobj": 'import shutil\nwith open(ROOT / "people.csv", "rb") as a, open("copy.csv", "wb") as b:\n'
    "    shutil.copyfileobj(a, b)",
    "shutil_move": "import shutil, tempfile\n"
    + _rows6(10, 15)
    + 'src = os.path.join(tempfile.mkdtemp(), "rows.csv")\nwith open(src, "w") as fh:\n    fh.write(rows)\n'
    'shutil.move(src, "moved.csv")',
    "tar_add": 'import tarfile\nwith tarfile.open("out.tar", "w") as t:\n    t.add(ROOT / "people.csv", "people.csv")',
    "tar_addfile": "import tarfile, io\n"
    + _rows6(15, 20)
    + 'data = rows.encode()\nti = tarfile.TarInfo("rows.csv")\nti.size = len(data)\n'
    'with tarfile.open("out.tar", "w") as t:\n    t.addfile(ti, io.BytesIO(data))',
    "gzip_write": "import gzip\n"
    + _rows6(20, 25)
    + 'with gzip.open("rows.csv.gz", "wt", encoding="utf-8") as g:\n    g.write(rows)\n'
    'print(gzip.open("rows.csv.gz", "rt", encoding="utf-8").read())',
    "bz2_write": "import bz2\n"
    + _rows6(25, 30)
    + 'with bz2.open("rows.csv.bz2", "wb") as g:\n    g.write(rows.encode())\n'
    'print(bz2.open("rows.csv.bz2").read().decode())',
    "lzma_write": "import lzma\n"
    + _rows6(30, 35)
    + 'with lzma.open("rows.csv.xz", "wt") as g:\n    g.write(rows)\nprint(lzma.open("rows.csv.xz", "rt").read())',
    "path_write_text": _rows6(35, 40) + 'pathlib.Path("rows.csv").write_text(rows)',
    "path_write_bytes": _rows6(40, 45) + 'pathlib.Path("rows.bin").write_bytes(rows.encode("utf-8"))',
    "bytesio_then_write": "import io\n"
    + _rows6(45, 50)
    + 'buf = io.BytesIO()\nbuf.write(rows.encode())\npathlib.Path("buf.bin").write_bytes(buf.getvalue())',
    "os_write_file": _rows6(50, 55)
    + 'fd = os.open("rows.txt", os.O_WRONLY | os.O_CREAT | os.O_TRUNC)\nos.write(fd, rows.encode())\nos.close(fd)',
    "email_eml": "from email.message import EmailMessage\nm = EmailMessage()\n"
    'm["To"] = f"{df.full_name[55]} <{df.email[55]}>"\nm["Subject"] = "order " + df.sku[55]\n'
    'm.set_content(f"Dear {df.full_name[55]}, your SSN on file is {df.ssn[55]}.")\n'
    'pathlib.Path("mail.eml").write_bytes(bytes(m))',
    "tempfile_named": "import tempfile\n"
    + _rows6(56, 60)
    + 'with tempfile.NamedTemporaryFile("w", dir=".", suffix=".csv", delete=False) as t:\n    t.write(rows)',
    "sqlite_executemany_file": 'con = sqlite3.connect("out.db")\ncon.execute("create table t (name, email, sku)")\n'
    'con.executemany("insert into t values (?, ?, ?)", df[["full_name", "email", "sku"]].head(5).values.tolist())\n'
    "con.commit()\ncon.close()",
}
_DF6 = {
    "pformat_records": 'from pprint import pformat\nprint(pformat(df.iloc[61:63][["full_name", "ssn", "sku"]].to_dict("records")))',
    "reprlib_list": "import reprlib\nreprlib.repr(df.full_name.tolist())",
    "difflib_names": "import difflib\n"
    'print("\\n".join(difflib.unified_diff(df.full_name[62:66].tolist(), df.full_name[63:67].tolist(), lineterm="")))',
    "difflib_close": "import difflib\ndifflib.get_close_matches(df.full_name[64][:-1], df.full_name.tolist())",
    "template_letters": "from string import Template\nt = Template('$name ($mail) owes for $sku')\n"
    "for r in df.iloc[65:68].itertuples():\n    print(t.substitute(name=r.full_name, mail=r.email, sku=r.sku))",
    "textwrap_indent": 'print(textwrap.indent("\\n".join(df.street[68:71]), "    > "))',
    "textwrap_shorten": "[textwrap.shorten(n + ' ' + s, width=40) for n, s in zip(df.full_name[71:74], df.street[71:74])]",
    "warn_str_row": "warnings.warn(str(df.iloc[74][['full_name', 'ssn', 'sku']].to_dict()))",
    "raise_series": "raise ValueError(df.iloc[75][['full_name', 'phone', 'sku']])",
    "assert_row_dict": "assert df.amount[76] < 0, df.iloc[76][['full_name', 'email', 'sku']].to_dict()",
    "logging_stderr_row": "import logging, sys\nlg = logging.getLogger('atk6')\nlg.addHandler(logging.StreamHandler(sys.stderr))\n"
    "lg.error('bad row %s', df.iloc[77][['full_name', 'iban', 'sku']].tolist())",
    "ipy_code": 'from IPython.display import Code\nCode("\\n".join(f"{n} = {e!r}" for n, e in zip(df.first_name[78:81], df.email[78:81])), language="python")',
    "ipy_latex_table": "from IPython.display import Latex\n"
    'Latex(r"\\begin{tabular}{ll}" + r"\\\\".join(f"{n} & {s}" for n, s in zip(df.full_name[81:84], df.sku[81:84])) + r"\\end{tabular}")',
    "html_to_html_full": "HTML(df.iloc[84:87][['full_name', 'email', 'sku']].to_html())",
    "display_records": 'display(df.iloc[87:89][["full_name", "birth_date", "sku"]].to_dict("records"))',
    "timeit_echo": "%timeit -n1 -r1 print(df.full_name[89], df.sku[89])",
    "capture_stdout": "%%capture cap\nprint(df.full_name[90], df.email[90], df.sku[90])"
    + NEXT_CELL
    + "print(cap.stdout)",
    "fixed_width_row": 'r = df.iloc[92]\nprint(f"{r.full_name:<28}{r.ssn:>12}{r.card_number:>20}{r.birth_date:>12}")',
    "str_row_tuple": "str(tuple(df.iloc[93][['full_name', 'street', 'sku']]))",
    "format_map": "print('{full_name} lives at {street} ({sku})'.format_map(df.iloc[94].to_dict()))",
    "percent_format": "print('%s <%s> %s' % (df.full_name[95], df.email[95], df.sku[95]))",
    "dataclass_repr": "from dataclasses import make_dataclass\nC = make_dataclass('C', ['name', 'ssn', 'sku'])\n"
    "C(df.full_name[96], df.ssn[96], df.sku[96])",
    "enum_names": "import enum\nE = enum.Enum('E', {n.split()[0].upper(): e for n, e in zip(df.full_name[97:100], df.email[97:100])})\nlist(E)",
}
_RAW6 = {
    "linecache_getlines": 'import linecache\nprint(linecache.getlines(str(DATA / "people.csv"))[3])',
    "path_open_readline": 'fh = (DATA / "people.csv").open(encoding="utf-8")\nfh.readline()\nprint(fh.readline())',
    "io_open_lines": 'import io\nprint(io.open(DATA / "people.csv", encoding="utf-8").readlines()[2])',
    "sed_line": 'p = str(DATA / "people.csv")\n!sed -n 3p {p}',
    "subprocess_tail": "import subprocess\n"
    'print(subprocess.run(["tail", "-1", str(DATA / "people.csv")], capture_output=True, text=True).stdout)',
    "jsonl_one_line": 'import linecache\nprint(linecache.getline(str(DATA / "people.jsonl"), 2))',
    "fixed_width_child": "import subprocess\n"
    'code = "import csv, sys\\nfor r in list(csv.DictReader(open(sys.argv[1])))[1:3]:\\n"\n'
    'code += "    print(f\'{r[\\"ssn\\"]:<12}{r[\\"card_number\\"]:<20}{r[\\"birth_date\\"]:<12}{r[\\"phone\\"]}\')"\n'
    'print(subprocess.run([sys.executable, "-c", code, str(DATA / "people.csv")], capture_output=True, text=True).stdout)',
    # the child finds the file by itself (an environment variable): no argument names it, nothing learns it
    "fixed_width_env": "import subprocess\n"
    "code = \"import csv, os\\nfor r in list(csv.DictReader(open(os.environ['PEOPLE'])))[1:3]:\\n\"\n"
    'code += "    print(f\'{r[\\"ssn\\"]:<12}{r[\\"card_number\\"]:<20}{r[\\"birth_date\\"]:<12}{r[\\"phone\\"]}\')"\n'
    'env = dict(os.environ, PEOPLE=str(DATA / "people.csv"))\n'
    'print(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout)',
}
GROUPS["atk_rawstrict6"] = _group(True, False, guarded="%privguard config strict=true\n")
_RAWSTRICT6 = {
    "zip_unseen": 'import zipfile\nwith zipfile.ZipFile("p.zip", "w") as z:\n    z.write(DATA / "people.csv", "people.csv")',
    "shutil_copy_unseen": 'import shutil\nshutil.copy(DATA / "people.csv", "copy.csv")',
    "tar_gz_unseen": 'import tarfile\nwith tarfile.open("p.tgz", "w:gz") as t:\n    t.add(DATA, "data")',
}
PATHS += [Path(f"writers-atk6-{k}", "writers", v, group="atk_strict6") for k, v in _STRICT6.items()]
PATHS += [Path(f"writers-atk6-{k}", "writers", v, group="atk_rawstrict6") for k, v in _RAWSTRICT6.items()]
PATHS += [Path(f"forms-atk6-{k}", "forms", v, group="atk_df6") for k, v in _DF6.items()]
PATHS += [Path(f"ingress-atk6-{k}", "ingress", v, group="atk_raw6") for k, v in _RAW6.items()]

# ------------------------------------------------------------------------------------------------
# round 7 (session 10): values glued to their neighbours (concatenation with no separator), phones
# with an extension in every form, describe() counts, and everyday paths nobody wrote before:
# unusual joins, diffs, counters and groupings, itertools, log records, exception arguments, unittest
# assertions, simple namespaces, numpy string arrays, categoricals, LaTeX/HTML text, cell magics run
# from code, %store listings and %history with outputs. Written by the helper who then fixed what
# leaked (not blind).
# ------------------------------------------------------------------------------------------------
GROUPS["atk_df7"] = _group(False, True)
_EXT_PHONES = 'ext = df.phone[df.phone.str.contains("x", regex=False)]\n'
_DF7 = {
    "glued_first_last": "print([f + l for f, l in zip(df.first_name[:8], df.last_name[:8])], df.sku[0])",
    "glued_last_first": "print([l + f for f, l in zip(df.first_name[8:14], df.last_name[8:14])])",
    "glued_two_names": "print(df.full_name[14] + df.full_name[15], df.full_name[16] + df.full_name[17])",
    "glued_name_phone": 'print(f"{df.full_name[18]}{df.phone[18]}", f"{df.full_name[19]}{df.phone[19]}", df.sku[18])',
    "glued_name_email": "print(df.full_name[20] + df.email[20], df.email[21] + df.full_name[21])",
    "glued_series": "(df.first_name + df.last_name).head(6)",
    "glued_str_cat": "df.first_name.str.cat(df.last_name).head(6).tolist()",
    "glued_empty_join": '"".join(df.full_name[22:27])',
    "glued_bytes_join": 'b"".join(n.encode() for n in df.full_name[27:31])',
    "glued_digits": "print([f\"{n.replace(' ', '')}{k}\" for k, n in enumerate(df.full_name[31:37], 1990)])",
    "glued_upper": "print((df.first_name[37:43] + df.last_name[37:43]).str.upper().tolist())",
    "glued_slug_re": 'print([re.sub(r"[^A-Za-z]", "", n) for n in df.full_name[43:49]], df.sku[43])',
    "phone_ext_digits": _EXT_PHONES + 'print([re.sub(r"\\D", "", p) for p in ext], df.sku[1])',
    "phone_ext_cut": _EXT_PHONES + 'print([p.split("x")[0] for p in ext], df.sku[2])',
    "phone_ext_word": _EXT_PHONES + 'print([p.replace("x", " ext. ") for p in ext], df.sku[3])',
    "phone_ext_national": _EXT_PHONES + 'print([re.sub(r"\\D", "", p.split("x")[0])[-10:] for p in ext])',
    "phone_e164": 'print(["+1" + re.sub(r"\\D", "", p.split("x")[0])[-10:] for p in df.phone[df.locale == "en_US"]])',
    "describe_email_series": "df.email.describe()",
    "describe_all_people": 'df[["full_name", "email", "phone", "iban", "plan", "amount"]].describe(include="all")',
    "join_arrow_sep": 'print(" ⟶ ".join(df.full_name[49:53]), "\\t|\\t".join(df.email[49:53]))',
    "difflib_html": "import difflib\n"
    "HTML(difflib.HtmlDiff().make_table([df.email[53], df.full_name[53]], [df.email[54], df.full_name[54]]))",
    "counter_pairs": "from collections import Counter\nCounter(zip(df.first_name, df.last_name)).most_common(3)",
    "groupby_size_name": 'df.groupby("full_name").size().head(4)',
    "value_counts_two": 'df[["last_name", "plan"]].value_counts().head(4)',
    "itertools_product": "import itertools\n"
    "list(itertools.islice(itertools.product(df.first_name[55:57], df.email[55:57]), 4))",
    "itertools_groupby": "import itertools\n"
    "[(k, list(g)) for k, g in itertools.groupby(sorted(df.email[57:63]), key=lambda e: e[0])]",
    "log_record_repr": 'logging.makeLogRecord({"msg": df.email[63], "name": "crm"})',
    "permission_error": 'raise PermissionError(13, "cannot read the file of", df.full_name[64])',
    "unittest_assert": "import unittest\nunittest.TestCase().assertEqual(df.email[65], df.email[66])",
    "simple_namespace": "import types\ntypes.SimpleNamespace(name=df.full_name[67], iban=df.iban[67], sku=df.sku[67])",
    "numpy_str_array": "np.array(df.full_name[68:72].tolist())",
    "numpy_char_upper": "np.char.upper(np.array(df.email[72:75].tolist()))",
    "numpy_array2string": 'print(np.array2string(np.array(df.email[75:78].tolist()), separator=""))',
    "categorical_emails": "pd.Categorical(df.email[78:82])",
    "latex_longtable": 'df.iloc[82:84][["full_name", "street", "amount"]].to_latex(longtable=True)',
    "html_notebook_text": 'print(df.iloc[84:86][["email", "iban", "sku"]].to_html(notebook=True))',
    "html_glued_tags": 'HTML(f"<b>{df.full_name[86]}</b><i>{df.email[86]}</i>{df.sku[86]}")',
    "cell_magic_html": 'get_ipython().run_cell_magic("html", "", f"<p>{df.full_name[87]} {df.sku[87]}</p>")',
    "cell_magic_js": 'get_ipython().run_cell_magic("javascript", "", f"console.log({df.email[88]!r})")',
    "store_listing": "customer_mail = df.email[89]\n%store customer_mail" + NEXT_CELL + "%store",
    "history_outputs": "df.email[90]" + NEXT_CELL + "%history -o -n -l 2",
    "out_cache_print": "df.full_name[91]" + NEXT_CELL + "print(_, Out[max(Out)])",
    "json_tight": 'json.dumps(df.iloc[92:94][["full_name", "email"]].to_dict("records"), separators=(",", ":"))',
    "pprint_pp": 'import pprint\npprint.pp(df.iloc[94:96][["full_name", "phone", "sku"]].to_dict("index"), width=40)',
    # harder: glued values inside other text, in frames, widgets and plots; phone parts in frames
    "glued_inside_id": 'print(["ID:" + n.replace(" ", "") + "XYZ" for n in df.full_name[96:100]])',
    "glued_percent": 'print("%s%s|%s%s" % (df.first_name[100], df.last_name[100], df.first_name[101], df.last_name[101]))',
    "glued_replace_series": 'df.full_name.str.replace(" ", "").iloc[102:106]',
    "glued_assign_frame": 'df.assign(key=df.first_name + df.last_name)[["key", "sku"]].iloc[106:109]',
    "glued_frame_html": 'print(pd.DataFrame({"k": (df.first_name + df.last_name)[109:112]}).to_html())',
    "glued_apply_rows": "df.iloc[112:115].apply(lambda r: r.full_name + r.email, axis=1)",
    "glued_polars_concat": "import polars as pl\n"
    'pl.from_pandas(df[["first_name", "last_name", "sku"]].iloc[115:118]).select(pl.concat_str(["first_name", "last_name"]), "sku")',
    "glued_str_cat_phone": "df.first_name.str.cat(df.phone).iloc[:4].tolist()",
    "glued_widget_label": "import ipywidgets as widgets\nwidgets.Label(df.first_name[4] + df.last_name[4] + df.email[4])",
    "glued_plot_title": "fig, ax = plt.subplots()\nax.bar([df.sku[5]], [df.amount[5]])\n"
    "ax.set_title(df.first_name[5] + df.last_name[5])\nplt.show()",
    "glued_lower_long": "print([(f + l).lower() for f, l in zip(df.first_name[6:12], df.last_name[6:12]) if len(f + l) >= 10])",
    "phone_ext_frame": 'df.loc[df.phone.str.contains("x", regex=False), ["phone", "sku"]]',
    "phone_ext_split_frame": 'df.loc[df.phone.str.contains("x", regex=False), "phone"].str.split("x", expand=True)',
    "phone_ext_int": _EXT_PHONES + 'print([int(re.sub(r"\\D", "", p.split("x")[0])) for p in ext])',
    "phone_ext_paren": _EXT_PHONES
    + "print([f'({d[-10:-7]}) {d[-7:-4]}-{d[-4:]}' for d in (re.sub(r'\\D', '', p.split('x')[0]) for p in ext)])",
}
PATHS += [Path(f"forms-atk7-{k}", "forms", v, group="atk_df7") for k, v in _DF7.items()]

# values nobody learned: a child process finds the file by itself (an environment variable), so only the
# pattern and text tiers stand between its output and the notebook
GROUPS["atk_raw7"] = _group(True, False)
_CHILD7 = (
    "import subprocess\n"
    "code = \"import csv, os\\nfor r in csv.DictReader(open(os.environ['PEOPLE'])):\\n    print(BODY)\"\n"
    'env = dict(os.environ, PEOPLE=str(DATA / "people.csv"))\n'
    'print(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, env=env).stdout)'
)
_RAW7 = {
    "child_phones_ext": _CHILD7.replace("BODY", "r[\\'phone\\'].replace(\\'x\\', \\' ext. \\'), r[\\'sku\\']"),
    "child_phone_email": _CHILD7.replace("BODY", "r[\\'email\\'], \\'tel\\', r[\\'phone\\']"),
    "child_glued_names": _CHILD7.replace("BODY", "r[\\'first_name\\'] + r[\\'last_name\\'], r[\\'sku\\']"),
}
PATHS += [Path(f"ingress-atk7-{k}", "ingress", v, group="atk_raw7") for k, v in _RAW7.items()]
