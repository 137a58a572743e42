"""Birth dates in local formats and Japanese addresses never reach a display bundle (real IPython shell, issue 13)."""

from __future__ import annotations

import json
from typing import Any

import pandas as pd
from seeded import run

BIRTHS = {
    "geburtsdatum": ["15.02.1947", "21. 9. 1949", "08.11.1983"],
    "date_of_birth": ["1971年2月8日", "1985年11月23日", "1990年7月4日"],
}
ADDRESSES = ["〒150-0002 東京都渋谷区渋谷2丁目21番1号", "大阪府大阪市北区梅田3丁目1番3号", "愛知県名古屋市中区栄3-5-12"]
# the parts of the seeded values that would still place a person: day and month, street and number
PARTS = ["15.02", "21. 9", "08.11", "2月8日", "11月23日", "7月4日", "150-0002", "渋谷2丁目", "梅田3丁目", "栄3-5-12"]


def test_local_birth_dates_and_japanese_addresses_absent_from_display(ip: Any) -> None:
    ip.user_ns["lv"] = pd.DataFrame({**BIRTHS, "col_3": ADDRESSES, "price": [1.5, 2.5, 3.5]})
    try:
        result = run(ip, "lv")
    finally:
        ip.user_ns.pop("lv", None)
    assert result["success"], result["stderr"]
    # ensure_ascii=False: the default escapes would hide every non-Latin value from the search
    text = json.dumps(result["outputs"], ensure_ascii=False, default=str) + result["stdout"]
    assert "2.5" in text and "1947" in text  # shown, and generalised to the year
    seeded = [v for values in BIRTHS.values() for v in values] + ADDRESSES + PARTS
    assert [v for v in seeded if v in text] == []
