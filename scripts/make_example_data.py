"""Generate the bundled example data set (synthetic people made with Faker, fixed seed).

Run from the repository root: ``.venv/bin/python scripts/make_example_data.py``. The output,
``examples/data/customers.csv``, is committed; every person in it is invented.
"""

from __future__ import annotations

import csv
import random
from pathlib import Path

from faker import Faker

ROWS = 500
OUT = Path(__file__).resolve().parents[1] / "examples" / "data" / "customers.csv"

NOTES = [
    "Called about a late delivery, wants a refund.",
    "Prefers contact by email: {email}.",
    "Spoke with {name} on the phone, call back on {phone}.",
    "Upgraded to the annual plan.",
    "Asked to update the billing address.",
    "No issues reported.",
    "Card ending changed; customer {name} confirmed identity.",
    "",
]


def main() -> None:
    fake = Faker(["en_US", "en_GB", "de_DE", "fr_FR"])
    Faker.seed(20261125)
    rnd = random.Random(20261125)
    fields = [
        "customer_id",
        "full_name",
        "email",
        "phone",
        "street_address",
        "city",
        "postcode",
        "country",
        "date_of_birth",
        "age",
        "gender",
        "card_number",
        "ip_address",
        "signup_time",
        "plan",
        "monthly_spend",
        "support_notes",
        "churned",
    ]
    OUT.parent.mkdir(parents=True, exist_ok=True)
    with OUT.open("w", newline="", encoding="utf-8") as fh:
        writer = csv.DictWriter(fh, fieldnames=fields)
        writer.writeheader()
        for i in range(ROWS):
            locale = rnd.choice(["en_US", "en_US", "en_GB", "de_DE", "fr_FR"])
            f = fake[locale]
            name = f.name()
            email = f.email()
            phone = f.phone_number()
            dob = fake.date_of_birth(minimum_age=18, maximum_age=85)
            note = rnd.choice(NOTES).format(email=email, name=name, phone=phone)
            writer.writerow(
                {
                    "customer_id": 100000 + i,
                    "full_name": name,
                    "email": email,
                    "phone": phone,
                    "street_address": f.street_address(),
                    "city": f.city(),
                    "postcode": f.postcode(),
                    "country": {
                        "en_US": "United States",
                        "en_GB": "United Kingdom",
                        "de_DE": "Germany",
                        "fr_FR": "France",
                    }[locale],
                    "date_of_birth": dob.isoformat(),
                    "age": 2026 - dob.year,
                    "gender": rnd.choice(["female", "male", "female", "male", "non-binary"]),
                    "card_number": fake.credit_card_number(),
                    "ip_address": fake.ipv4_public(),
                    "signup_time": fake.date_time_between(start_date="-3y", end_date="-1d").isoformat(
                        timespec="seconds"
                    ),
                    "plan": rnd.choice(["basic", "standard", "premium"]),
                    "monthly_spend": round(rnd.uniform(5, 250), 2),
                    "support_notes": note,
                    "churned": rnd.random() < 0.2,
                }
            )


if __name__ == "__main__":
    main()
