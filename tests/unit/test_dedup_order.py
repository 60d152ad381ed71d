"""The stored result of a crawl does not depend on the order its pages arrive in.

A set of stories -- exact copies (with a tie on publication time), near copies, chains where
A~B and B~C but not A~C (with the earliest story at the end and in the middle), daily template
reports in both editions that differ only in their figures, and a republished report -- goes
through the real pipelines (clean, validate, dedup, store) into a real SQLite file in many
shuffled orders, split over one to three runs. Every order must leave the same ``articles`` and
``duplicates`` tables, and those are the ones written by hand below.

Fixtures in tests/fixtures/dedup/: ``chain_*`` hold eight paragraphs each, from which the chain
stories take overlapping windows; the others are a title line, a blank line and the body.
"""

from __future__ import annotations

import random
from pathlib import Path

import pytest

from support.pipelines import Chain
from urdupoint_news.archive.neardup import text_signature
from urdupoint_news.site.items import ArticleItem

FIXTURES = Path(__file__).parents[1] / "fixtures" / "dedup"
EN = "https://www.urdupoint.com/en"
UR = "https://www.urdupoint.com/daily/livenews"
TIME_COLUMNS = {"first_seen_at", "last_seen_at"}


def paragraphs(name: str) -> list[str]:
    return (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").strip().split("\n\n")


def window(name: str, start: int, size: int) -> str:
    return "\n\n".join(paragraphs(name)[start : start + size])


def report(name: str) -> tuple[str, str]:
    title, body = (FIXTURES / f"{name}.txt").read_text(encoding="utf-8").split("\n\n", 1)
    return title, body.strip()


def story(url: str, article_id: int, published: str, body: str, title: str) -> ArticleItem:
    edition = "ur" if "/daily/" in url else "en"
    return ArticleItem(
        url=url,
        article_id=article_id,
        edition=edition,
        category="pakistan" if edition == "en" else None,
        title=title,
        published_at=published,
        body=body,
        extractor="en_current" if edition == "en" else "ur_current",
    )


def en(slug: str, article_id: int) -> str:
    return f"{EN}/pakistan/{slug}-{article_id}.html"


FLOOD_A = en("floods-hit-sialkot", 5001)
FLOOD_B = en("sialkot-floods-relief-camps", 5002)
FLOOD_C = en("chenab-rising-cm-visits-camps", 5003)
BUDGET_X = en("cabinet-approves-budget", 6001)
BUDGET_Y = en("budget-proposals-approved", 6002)
BUDGET_Z = en("budget-to-widen-tax-net", 6003)
EXACT_LATER_ID = en("minister-inaugurates-hospital", 7002)
EXACT_EARLIER_ID = en("hospital-inaugurated", 7001)
GOLD_1 = en("gold-up-rs1500", 8001)
GOLD_1_AGAIN = en("gold-up-rs1500-per-tola", 8003)
GOLD_2 = en("gold-down-rs800", 8002)
WEATHER_1 = en("hot-humid-weather", 8101)
WEATHER_2 = en("hot-humid-weather-expected", 8102)
CURRENCY_1 = en("rupee-gains-10-paisa", 8201)
CURRENCY_2 = en("rupee-loses-15-paisa", 8202)
UR_GOLD_1 = f"{UR}/2025-09-09/news-4600001.html"
UR_GOLD_2 = f"{UR}/2025-09-10/news-4600002.html"
UR_WEATHER_1 = f"{UR}/2025-09-09/news-4600101.html"
UR_WEATHER_2 = f"{UR}/2025-09-10/news-4600102.html"

HOSPITAL = (
    "The federal health minister inaugurated a two hundred bed hospital in Rawalpindi on "
    "Thursday, saying that the new building would reduce the burden on the city's old teaching "
    "hospitals and give the people of the surrounding districts modern care close to home."
)


def stories() -> list[ArticleItem]:
    day = "2025-09-09T{}+05:00"
    next_day = "2025-09-10T{}+05:00"
    items = [
        # A~B and B~C, A!~C; A earliest: B is a copy of A, C is an original.
        story(FLOOD_A, 5001, day.format("09:00:00"), window("chain_flood", 0, 6), "Floods"),
        story(FLOOD_B, 5002, day.format("10:00:00"), window("chain_flood", 1, 6), "Relief"),
        story(FLOOD_C, 5003, day.format("11:00:00"), window("chain_flood", 2, 6), "Chenab"),
        # X~Y and Y~Z, X!~Z; the middle one earliest: both ends are copies of it.
        story(BUDGET_X, 6001, day.format("09:00:00"), window("chain_budget", 0, 5), "Budget"),
        story(BUDGET_Y, 6002, day.format("08:00:00"), window("chain_budget", 1, 5), "Proposals"),
        story(BUDGET_Z, 6003, day.format("10:00:00"), window("chain_budget", 2, 5), "Tax net"),
        # The same body at the same minute: the lower id is the original.
        story(EXACT_LATER_ID, 7002, day.format("12:00:00"), HOSPITAL, "Hospital"),
        story(EXACT_EARLIER_ID, 7001, day.format("12:00:00"), HOSPITAL, "Hospital opened"),
    ]
    reports = [
        (GOLD_1, 8001, day.format("14:00:00"), "en_gold_day1"),
        (GOLD_1_AGAIN, 8003, day.format("15:30:00"), "en_gold_day1_republished"),
        (GOLD_2, 8002, next_day.format("14:00:00"), "en_gold_day2"),
        (WEATHER_1, 8101, day.format("07:00:00"), "en_weather_day1"),
        (WEATHER_2, 8102, next_day.format("07:00:00"), "en_weather_day2"),
        (CURRENCY_1, 8201, day.format("16:00:00"), "en_currency_day1"),
        (CURRENCY_2, 8202, next_day.format("16:00:00"), "en_currency_day2"),
        (UR_GOLD_1, 4600001, day.format("14:10:00"), "ur_gold_day1"),
        (UR_GOLD_2, 4600002, next_day.format("14:10:00"), "ur_gold_day2"),
        (UR_WEATHER_1, 4600101, day.format("07:10:00"), "ur_weather_day1"),
        (UR_WEATHER_2, 4600102, next_day.format("07:10:00"), "ur_weather_day2"),
    ]
    for url, article_id, published, name in reports:
        title, body = report(name)
        items.append(story(url, article_id, published, body, title))
    return items


# Written by hand from the rules in docs/duplicates.md: (duplicate_of, kind) of each copy.
EXPECTED_COPIES = {
    FLOOD_B: (FLOOD_A, "near"),
    BUDGET_X: (BUDGET_Y, "near"),
    BUDGET_Z: (BUDGET_Y, "near"),
    EXACT_LATER_ID: (EXACT_EARLIER_ID, "exact"),
    GOLD_1_AGAIN: (GOLD_1, "near"),
}


def test_the_stories_are_the_hard_cases_they_are_meant_to_be() -> None:
    by_url = {item.url: item.body for item in stories()}

    def similarity(one: str, other: str) -> float:
        return text_signature(by_url[one]).similarity(text_signature(by_url[other]))

    threshold = 0.6
    assert similarity(FLOOD_A, FLOOD_B) >= threshold and similarity(FLOOD_B, FLOOD_C) >= threshold
    assert similarity(FLOOD_A, FLOOD_C) < threshold - 0.1
    assert similarity(BUDGET_X, BUDGET_Y) >= threshold
    assert similarity(BUDGET_Y, BUDGET_Z) >= threshold
    assert similarity(BUDGET_X, BUDGET_Z) < threshold - 0.05
    # By their words alone the day's reports would be copies of the day before's.
    for one, other in [
        (GOLD_1, GOLD_2),
        (WEATHER_1, WEATHER_2),
        (CURRENCY_1, CURRENCY_2),
        (UR_GOLD_1, UR_GOLD_2),
        (UR_WEATHER_1, UR_WEATHER_2),
    ]:
        assert similarity(one, other) >= threshold + 0.05, (one, other)


def crawl_in_order(db: Path, items: list[ArticleItem], cuts: list[int]) -> dict[str, list[dict]]:
    """Feed ``items`` through the pipelines, a new run at each cut; the resulting tables."""
    bounds = [0, *cuts, len(items)]
    for start, end in zip(bounds, bounds[1:], strict=False):
        chain = Chain(db)
        for item in items[start:end]:
            chain.feed(item)
        chain.close().close()
    database = Chain(db).close()
    try:
        tables = {
            name: sorted(
                (
                    {k: v for k, v in row.items() if k not in TIME_COLUMNS}
                    for row in database[name].rows
                ),
                key=lambda row: row["url"],
            )
            for name in ("articles", "duplicates")
        }
        indexed = database.execute("select url from neardup_signatures order by url")
        tables["indexed"] = [{"url": url} for (url,) in indexed]
        return tables
    finally:
        database.close()


def orders(count: int) -> list[tuple[list[ArticleItem], list[int]]]:
    rng = random.Random(13)
    items = stories()
    by_time = sorted(items, key=lambda i: (i.published_at, i.article_id))
    result = [(by_time, []), (by_time[::-1], []), (items, [])]
    for _ in range(count):
        shuffled = items[:]
        rng.shuffle(shuffled)
        runs = rng.randint(1, 3)
        cuts = sorted(rng.sample(range(1, len(shuffled)), runs - 1))
        result.append((shuffled, cuts))
    return result


@pytest.fixture(scope="module")
def results(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, list[dict]]]:
    folder = tmp_path_factory.mktemp("orders")
    return [
        crawl_in_order(folder / f"order{n}.db", items, cuts)
        for n, (items, cuts) in enumerate(orders(21))
    ]


def test_the_first_order_stores_what_the_rules_say(results: list[dict[str, list[dict]]]) -> None:
    first = results[0]
    copies = {row["url"]: (row["duplicate_of"], row["kind"]) for row in first["duplicates"]}
    assert copies == EXPECTED_COPIES
    everything = {item.url for item in stories()}
    assert {row["url"] for row in first["articles"]} == everything - set(EXPECTED_COPIES)
    # Copies keep their own text and fields.
    bodies = {item.url: item.body for item in stories()}
    for row in first["duplicates"]:
        assert row["body"] == bodies[row["url"]]
        assert row["title"] and row["edition"] == "en" and row["word_count"] > 30
    # Every story's text is in the near-duplicate index, copies included.
    assert [row["url"] for row in first["indexed"]] == sorted(everything)


def test_every_order_and_split_into_runs_stores_the_same_tables(
    results: list[dict[str, list[dict]]],
) -> None:
    first = results[0]
    for n, result in enumerate(results[1:], start=1):
        assert result["articles"] == first["articles"], f"order {n}: articles"
        assert result["duplicates"] == first["duplicates"], f"order {n}: duplicates"
        assert result["indexed"] == first["indexed"], f"order {n}: index"


def test_the_run_counts_follow_the_stories_that_moved(tmp_path: Path) -> None:
    # The chain's end first, then its middle, then its start. C is new; B, published before
    # it, takes its place (C becomes B's copy); A, published first, makes B its copy, and C,
    # which does not match A, is an original again.
    chain = Chain(tmp_path / "n.db")
    by_url = {item.url: item for item in stories()}
    assert chain.feed(by_url[FLOOD_C]) == "stored"
    assert chain.feed(by_url[FLOOD_B]) == "stored"
    assert (chain.stat("articles_new"), chain.stat("duplicates")) == (1, 1)
    assert chain.feed(by_url[FLOOD_A]) == "stored"
    assert (chain.stat("articles_new"), chain.stat("duplicates")) == (2, 1)
    assert chain.stat("promoted") == 1
    db = chain.close()
    assert sorted(row["url"] for row in db["articles"].rows) == sorted([FLOOD_A, FLOOD_C])
    [copy] = db["duplicates"].rows
    assert (copy["url"], copy["duplicate_of"], copy["kind"]) == (FLOOD_B, FLOOD_A, "near")
