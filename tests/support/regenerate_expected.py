"""Compare (or rewrite) the expected JSON of the saved pages (both editions) with what extraction
gives.

    .venv/bin/python tests/support/regenerate_expected.py                 # show differing fields
    .venv/bin/python tests/support/regenerate_expected.py --write NAME    # rewrite NAME's JSON
    .venv/bin/python tests/support/regenerate_expected.py --write NAME --url URL   # a new page

NAME is a saved page's file name without ``.html`` under urdupoint_news/demo/pages/en or /ur;
its expected JSON lives under tests/fixtures/expected/<edition>/NAME.json.

Rewritten files are a draft: read every field against the page before committing them (the
expected JSON is written by hand; this script only shows where the code and it disagree).
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
EDITIONS = ("en", "ur")
COMPUTED_LATER = {"word_count", "content_hash"}


def expected_path(name: str) -> Path:
    for edition in EDITIONS:
        if (SAVED_PAGES / edition / f"{name}.html").is_file():
            return FIXTURES / "expected" / edition / f"{name}.json"
    raise SystemExit(f"no saved page named {name} under {SAVED_PAGES}/{{en,ur}}")


def extracted(path: Path, url: str) -> dict:
    html = (SAVED_PAGES / path.parent.name / f"{path.stem}.html").read_text(encoding="utf-8")
    item = dataclasses.asdict(extract_article(html, url))
    return {key: value for key, value in item.items() if key not in COMPUTED_LATER}


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--write", metavar="NAME", help="rewrite this page's expected JSON")
    parser.add_argument("--url", help="fetched URL, for a page that has no expected JSON yet")
    args = parser.parse_args()

    if args.write:
        path = expected_path(args.write)
        url = args.url or json.loads(path.read_text(encoding="utf-8"))["url"]
        case = {"url": url, "expected": extracted(path, url)}
        path.write_text(json.dumps(case, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
        print(f"wrote {path}: review every field against the page before committing")
        return 0

    differing = 0
    for edition in EDITIONS:
        for path in sorted((FIXTURES / "expected" / edition).glob("*.json")):
            case = json.loads(path.read_text(encoding="utf-8"))
            got = extracted(path, case["url"])
            for field, want in case["expected"].items():
                if got.get(field) != want:
                    differing += 1
                    print(f"{edition}/{path.stem}.{field}:\n  expected {want!r}")
                    print(f"  got      {got.get(field)!r}")
    print("all expected JSON matches" if not differing else f"{differing} field(s) differ")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
