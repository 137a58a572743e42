"""Non-Latin names under unhelpful headers never reach a display bundle (real IPython shell)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from seeded import run

NAMES = {
    "f4": ["Иванова Анна Сергеевна", "Петров Иван Николаевич", "Смирнова Ольга Викторовна"],
    "col_3": ["王伟", "李娜", "张敏"],
    "c": ["김민준", "이서연", "박지훈"],
}


def test_seeded_script_names_absent_from_display(ip: Any) -> None:
    ip.user_ns["sn"] = pd.DataFrame({**NAMES, "price": [1.5, 2.5, 3.5]})
    try:
        result = run(ip, "sn")
    finally:
        ip.user_ns.pop("sn", None)
    assert result["success"], result["stderr"]
    # ensure_ascii=False: the default escapes would hide every non-Latin value from the search
    text = json.dumps(result["outputs"], ensure_ascii=False, default=str) + result["stdout"]
    assert "2.5" in text
    assert [v for vals in NAMES.values() for v in vals if v in text] == []
