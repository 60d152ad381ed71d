"""Compare (or rewrite) the expected JSON of the English saved pages with what extraction gives.

    .venv/bin/python tests/regenerate_expected.py                  # show differing fields
    .venv/bin/python tests/regenerate_expected.py --write NAME     # rewrite NAME's expected JSON
    .venv/bin/python tests/regenerate_expected.py --write NAME --url URL   # a new saved page

Rewritten files are a draft: read every field against the page before committing them.
"""

from __future__ import annotations

import argparse
import dataclasses
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from urdupoint_news.demo import SAVED_PAGES  # noqa: E402
from urdupoint_news.extraction import extract_article  # noqa: E402

FIXTURES = Path(__file__).parents[1] / "fixtures"
PAGES = SAVED_PAGES / "en"
EXPECTED = FIXTURES / "expected" / "en"
COMPUTED_LATER = {"word_count", "content_hash"}


def extracted(name: str, url: str) -> dict:
    html = (PAGES / f"{name}.html").read_text(encoding="utf-8")
    item = dataclasses.asdict(extract_article(html, url))
    return {key: value for key, value in item.items() if key not in COMPUTED_LATER}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="NAME", help="rewrite this page's expected JSON")
    parser.add_argument("--url", help="fetched URL, for a page that has no expected JSON yet")
    args = parser.parse_args()

    if args.write:
        path = EXPECTED / f"{args.write}.json"
        url = args.url or json.loads(path.read_text(encoding="utf-8"))["url"]
        case = {"url": url, "expected": extracted(args.write, url)}
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}: review every field against the page before committing")
        return 0

    differing = 0
    for path in sorted(EXPECTED.glob("*.json")):
        case = json.loads(path.read_text(encoding="utf-8"))
        got = extracted(path.stem, case["url"])
        for field, want in case["expected"].items():
            if got.get(field) != want:
                differing += 1
                print(f"{path.stem}.{field}:\n  expected {want!r}\n  got      {got.get(field)!r}")
    print("all expected JSON matches" if not differing else f"{differing} field(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
