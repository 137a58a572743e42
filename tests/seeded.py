"""Seeded values and helpers shared by the test layers (not a test module: nothing here is collected).

Every test module imports what it needs from here (``from seeded import EMAILS, run``) instead of
from another test module; the fixtures built on these helpers live in the ``conftest.py`` of the
layer that uses them (``tests/ipython/conftest.py``: ``shell`` and ``ip``; ``tests/kernel/conftest.py``:
``kernel_env``). ``tests/`` is on ``sys.path`` because ``tests/conftest.py`` sits there (pytest's
default ``prepend`` import mode), so this module imports the same way from every folder.
"""

from __future__ import annotations

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
