"""Payloads (notebooks.payloads): colours, base64, data: URIs, SVG drawing data, measurements and
chart arrays are never read as text nor rewritten; seeded personal data beside them is found."""

from __future__ import annotations

import base64
import json
from typing import Any

import pytest

from jupyter_privguard.notebooks import NotebookOptions, clean_text, scan_notebook
from jupyter_privguard.notebooks.payloads import mask_payloads
from jupyter_privguard.policy import Policy

OPTIONS = NotebookOptions(policy=Policy(ner="off"))
EMAIL = "oskar.lindqvist.4410@example.net"  # seeded, near-unique
PHONE = "(646) 555-0142"
# bytes whose base64 holds shapes detectors take for postcodes and phones
B64 = base64.b64encode(bytes(range(256)) * 3 + b"SW1A 1AA 020 7946 0958 4111111111111111" * 4).decode()


def _nb(data: dict[str, Any]) -> dict[str, Any]:
    out = {"output_type": "display_data", "metadata": {}, "data": data}
    cell = {"cell_type": "code", "metadata": {}, "source": "", "outputs": [out], "execution_count": None}
    return {"nbformat": 4, "nbformat_minor": 5, "metadata": {}, "cells": [cell]}


_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 4155550187 2015550143">'
    '<path d="M 415 555 0187 L 4111 1111 1111 1111 Z" style="fill: #E6E6E6" transform="translate(20 7946 0958)"/>'
    "<!-- {label} --><text x='1' y='2'>{label}</text></svg>"
)


@pytest.mark.parametrize(
    "html",
    [
        '<div style="color:#E6E6E6;background:#40E0D0">x</div>',
        f'<img src="data:image/png;base64,{B64[:300]}\\\n{B64[300:]}">',
        f"<pre>{B64}</pre>",
        _SVG.format(label="axis"),
        "<table><tr><td>count</td><td>16512.000000</td><td>2.065586e+05</td></tr></table>",
        "<pre>[44 32 29  1 37 48 43 44 29 42 33 39 45 43  1]\n[3405  312 3441 1991 2443 1657 3308 1151]</pre>",
        "<pre>1 2013-12-17 15:56:36 2012-12-01 14:01:20</pre>",
        "<pre>df = frames[0].join(frames[1::])\ncum_returns.index = dates#[::-1]</pre>",
    ],
)
def test_payloads_are_not_read(html: str) -> None:
    assert scan_notebook(_nb({"text/html": html}), OPTIONS) == []


def test_a_download_log_names_servers_not_people() -> None:
    log = "Resolving yann.lecun.com (yann.lecun.com)... 216.165.22.6\nBoto/2.5.1 USER-AGENT/1.0.14.0\n"
    nb = _nb({})
    nb["cells"][0]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": log + "client 10.20.30.40\n"}]
    assert [f.entity for f in scan_notebook(nb, OPTIONS)] == ["IP_ADDRESS"]  # the client's, not the server's


def test_personal_data_beside_payloads_is_found_and_the_payloads_kept() -> None:
    html = (
        f'<div style="color:#E6E6E6">{EMAIL}</div><img src="data:image/png;base64,{B64}">'
        + _SVG.format(label=PHONE)
        + f"<p>16512.000000 then {PHONE}</p>"
    )
    nb = _nb({"text/html": html, "image/svg+xml": _SVG.format(label=EMAIL)})
    found = {f.mime: f for f in scan_notebook(nb, OPTIONS)}
    assert set(found) == {"text/html", "image/svg+xml"}
    new, _ = clean_text(json.dumps(nb), OPTIONS)
    data = json.loads(new)["cells"][0]["outputs"][0]["data"]
    for text in data.values():
        assert EMAIL not in text and PHONE not in text
    assert B64 in data["text/html"] and "#E6E6E6" in data["text/html"] and "16512.000000" in data["text/html"]
    for attr in ('d="M 415 555 0187 L 4111 1111 1111 1111 Z"', 'viewBox="0 0 4155550187 2015550143"'):
        assert attr in data["text/html"] and attr in data["image/svg+xml"]


def test_chart_arrays_and_encoded_data_are_not_read_but_their_labels_are() -> None:
    spec = {
        "data": [
            {"x": [4155550187, 2015550143, 6465550142], "y": [[41555, 90210], [10001, 94105]]},
            {"z": {"dtype": "f8", "bdata": B64[:80]}, "name": EMAIL},
        ],
        "layout": {"colorway": ["#636efa", "#EF553B"]},
    }
    nb = _nb({"application/vnd.plotly.v1+json": spec})
    assert [f.entity for f in scan_notebook(nb, OPTIONS)] == ["EMAIL_ADDRESS"]
    new, _ = clean_text(json.dumps(nb), OPTIONS)
    after = json.loads(new)["cells"][0]["outputs"][0]["data"]["application/vnd.plotly.v1+json"]
    assert after["data"][0] == spec["data"][0] and after["layout"] == spec["layout"]
    assert after["data"][1]["z"] == spec["data"][1]["z"] and EMAIL not in json.dumps(after)


@pytest.mark.parametrize(
    "text",
    [
        f"call {PHONE}",
        "0  +33 1 64 92 66 85  x",
        "3  04 20 00 57 56",
        "ip 10.1.2.3",
        "phone 5551234567.0",
        f"mail {EMAIL}",
        "555.123.4567",
        "04/05/1990",
    ],
)
def test_identifiers_stay_text(text: str) -> None:
    """What may be an identifier is not blanked: an IP, a phone with dots, a float-printed id."""
    assert mask_payloads(text, "text/plain") == text


def test_a_learned_value_with_a_coincidental_shape_is_still_cleaned() -> None:
    """A birth date printed with its time has a timestamp's shape: patterns skip it, but the value the
    table tier learned from its column is cleaned in every copy."""
    frame_html = (
        "<table><thead><tr><th></th><th>patient</th><th>date_of_birth</th></tr></thead><tbody>"
        + "".join(
            f"<tr><th>{k}</th><td>{n}</td><td>{d}</td></tr>"
            for k, (n, d) in enumerate(
                [
                    ("Marta Kowalczyk", "1961-04-12 08:30:00"),
                    ("Oskar Lindqvist", "1975-11-03 14:05:00"),
                    ("Priya Raman", "1988-02-29 23:10:00"),
                    ("Tomasz Nowak", "1990-07-21 06:45:00"),
                    ("Ingrid Solberg", "1955-12-01 11:20:00"),
                ]
            )
        )
        + "</tbody></table>"
    )
    nb = _nb({"text/html": frame_html, "text/plain": "0  Marta Kowalczyk  1961-04-12 08:30:00\n"})
    new, _ = clean_text(json.dumps(nb), OPTIONS)
    assert "1961-04-12" not in new and "Marta" not in new
