"""Write tests/data/names_columns.json: synthetic look-alikes of name and non-name columns.

The columns imitate the shapes of the FakeNameGenerator and kylo tables in the shared evaluation
data (many countries' names, titles, job titles, companies, user agents ...) without copying any
of their values: everything is generated here with Faker and a fixed seed, or written by hand.

    .venv/bin/python tests/data/make_names_columns.py
"""

from __future__ import annotations

import json
from pathlib import Path

from faker import Faker

OUT = Path(__file__).with_name("names_columns.json")
N = 60
LOCALES = [
    "en_US",
    "en_GB",
    "de_DE",
    "cs_CZ",
    "fr_FR",
    "es_ES",
    "it_IT",
    "pl_PL",
    "da_DK",
    "sv_SE",
    "hu_HU",
    "fi_FI",
    "nl_NL",
    "pt_BR",
    "is_IS",
    "sl_SI",
    "hr_HR",
]


def main() -> None:
    fake = Faker(LOCALES)
    fake.seed_instance(20261125)
    Faker.seed(20261125)
    en = Faker("en_US")
    en.seed_instance(7)
    positive = {
        "given_names": [fake.first_name() for _ in range(N)],
        "surnames": [fake.last_name() for _ in range(N)],
        "full_names": [fake.name() for _ in range(N)],
        "titled_names": [f"{fake.prefix()} {fake.first_name()} {fake.last_name()}" for _ in range(N)],
        "last_comma_first": [f"{fake.last_name()}, {fake.first_name()}" for _ in range(N)],
        "upper_surnames": [fake.last_name().upper() for _ in range(N)],
    }
    negative = {
        "companies": [en.company() for _ in range(N)],
        "job_titles": [en.job() for _ in range(N)],
        "cities": [fake.city() for _ in range(N)],
        "countries": [en.country() for _ in range(N)],
        "colours": [en.color_name() for _ in range(N)],
        "user_agents": [en.user_agent() for _ in range(N)],
        "usernames": [f"{en.user_name().capitalize()}{en.random_int(1950, 2005)}" for _ in range(N)],
        "catch_phrases": [en.catch_phrase() for _ in range(N)],
        "words": [en.word().capitalize() for _ in range(N)],
        "status": ["Active", "Pending", "Closed", "Inactive", "Approved", "Rejected"] * 10,
        "car_models": [
            f"{en.random_int(1970, 2020)} {make} {model}"
            for make, model in [
                ("Zastava", "65"),
                ("Lada", "2107"),
                ("Saab", "900"),
                ("Volvo", "240"),
                ("Fiat", "126p"),
                ("Trabant", "601"),
            ]
            * 10
        ],
        "products": list(
            [
                "Simple Solutions",
                "Formula Gray",
                "Ultra Clean Max",
                "Fresh Mint Gel",
                "Turbo Blender",
                "Smart Watch Pro",
                "Quick Dry Towel",
                "Eco Bottle",
                "Power Bank Mini",
                "Silk Touch Lotion",
            ]
            * 6
        ),
        "naughty_strings": list(
            [
                "undefined",
                "NULL",
                "(╯°□°）╯︵ ┻━┻",
                "<script>alert(1)</script>",
                "' OR 1=1 --",
                "1E+02",
                "¡™£¢∞§¶•ªº",
                "ЁЂЃЄЅІЇЈЉ",
                "${7*7}",
                "True",
                "-1",
                "0xffffffff",
            ]
            * 5
        ),
    }
    OUT.write_text(
        json.dumps({"positive": positive, "negative": negative}, ensure_ascii=False, indent=1), encoding="utf-8"
    )
    print(f"wrote {OUT}")


if __name__ == "__main__":
    main()
