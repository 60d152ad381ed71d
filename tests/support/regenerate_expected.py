"""Compare (or draft) the expected JSON of the extraction cases (tests/cases) with what extraction
gives.

    .venv/bin/python tests/support/regenerate_expected.py                 # show differing fields
    .venv/bin/python tests/support/regenerate_expected.py --write NAME    # redraft NAME's expected
    .venv/bin/python tests/support/regenerate_expected.py --new PATH.html --url URL \\
        --fetched YYYY-MM-DD --markup "saved by us from evidence: ..."    # draft a new case's JSON

NAME is a case's file name without extension (tests/cases/<edition>/<layout>/NAME.json). A new
case's page goes first to tests/cases/<edition>/<layout>/<layout>_<YYYY_MM_DD>_<what>.html.

What is written is a draft: read every field against the page before committing it (the expected
JSON is written by hand; this script only shows where the code and it disagree).
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from support.cases import COMPUTED_LATER, all_cases, case  # noqa: E402
from urdupoint_news.extraction import extract_article  # noqa: E402


def extracted(html: str, url: str) -> dict:
    item = dataclasses.asdict(extract_article(html, url))
    return {key: value for key, value in item.items() if key not in COMPUTED_LATER}


def _write(path: Path, data: dict) -> None:
    path.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"wrote {path}: review every field against the page before committing")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="NAME", help="redraft this case's expected fields")
    parser.add_argument("--new", metavar="PATH", help="a new case's page (.html)")
    parser.add_argument("--url", help="the new case's fetched URL")
    parser.add_argument("--fetched", help="the new case's markup date, YYYY-MM-DD")
    parser.add_argument("--markup", help="where the new case's markup comes from")
    args = parser.parse_args()

    if args.new:
        page = Path(args.new)
        meta = {"url": args.url, "fetched": args.fetched, "markup": args.markup}
        expected = extracted(page.read_text(encoding="utf-8"), args.url)
        _write(page.with_suffix(".json"), {"meta": meta, "expected": expected})
        return 0
    if args.write:
        found = case(args.write)
        _write(found.json_path, {"meta": found.meta, "expected": extracted(found.html, found.url)})
        return 0

    differing = 0
    for found in all_cases():
        got = extracted(found.html, found.url)
        for field, want in found.expected.items():
            if got.get(field) != want:
                differing += 1
                print(f"{found.edition}/{found.name}.{field}:\n  expected {want!r}")
                print(f"  got      {got.get(field)!r}")
    print("all expected JSON matches" if not differing else f"{differing} field(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
