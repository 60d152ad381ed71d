import pytest

from urdupoint_news.crawl.verdict import RunStatus, Verdict
from urdupoint_news.crawl.verdict.health import extractor_counts, problems

LIMITS = {"max_reject_ratio": 0.5, "max_fallback_ratio": 0.5, "min_articles": 3}
HEALTHY = {
    "response_received_count": 12,
    "urdupoint/article_requests": 8,
    "urdupoint/article_pages": 8,
    "urdupoint/articles_new": 7,
    "urdupoint/rejects": 1,
    "urdupoint/extractor/en_current": 7,
    "urdupoint/extractor/fallback": 1,
}


def test_a_normal_run_has_no_problems():
    assert problems(HEALTHY, "finished", **LIMITS) == []


def test_a_quiet_incremental_run_is_healthy():
    stats = {"response_received_count": 4}
    assert problems(stats, "finished", **LIMITS) == []


@pytest.mark.parametrize(
    ("change", "reason", "expected"),
    [
        (
            {"response_received_count": 0, "urdupoint/last_download_error": "x: DNS lookup failed"},
            "finished",
            "site unreachable: x: DNS lookup failed",
        ),
        ({}, "shutdown", "run did not finish normally (shutdown)"),
        (
            {"urdupoint/articles_new": 0, "urdupoint/rejects": 0},
            "finished",
            "listings linked 8 unseen articles but none was stored",
        ),
        ({"urdupoint/rejects": 5}, "finished", "too many rejects: 5 of 8 article links"),
        (
            {"urdupoint/extractor/fallback": 6, "urdupoint/extractor/en_current": 2},
            "finished",
            "6 of 8 article pages parsed only by the fallback extractor",
        ),
    ],
)
def test_a_run_that_looks_wrong_is_reported(change, reason, expected):
    found = problems({**HEALTHY, **change}, reason, **LIMITS)
    assert any(problem.startswith(expected) for problem in found), found


def test_ratios_wait_for_enough_pages():
    stats = {**HEALTHY, "urdupoint/article_pages": 2, "urdupoint/rejects": 2}
    assert problems(stats, "finished", **LIMITS) == []


def test_extractor_counts_come_from_stats():
    assert extractor_counts(HEALTHY) == {"en_current": 7, "fallback": 1}


DISCOVERED = {
    **HEALTHY,
    "urdupoint/homes": "https://www.urdupoint.com/en/",
    "urdupoint/homes_read": 1,
    "urdupoint/listing_candidates": 6,
    "urdupoint/listings": 5,
    "urdupoint/listing_requests": 8,
    "urdupoint/listing_pages": 10,
    "urdupoint/listing_links": 20,
}


def test_a_run_through_discovered_listings_is_healthy():
    assert problems(DISCOVERED, "finished", **LIMITS) == []


@pytest.mark.parametrize(
    ("change", "expected"),
    [
        (
            {"urdupoint/home_failed": "https://www.urdupoint.com/en/ (HTTP 403)"},
            "the edition home cannot be read: https://www.urdupoint.com/en/ (HTTP 403)",
        ),
        (
            {"urdupoint/listings": 0, "urdupoint/listing_candidates": 2},
            "the navigation of https://www.urdupoint.com/en/ led to no listing "
            "(2 candidate pages looked at): the site's navigation or listing markup has "
            "probably changed",
        ),
        (
            {"urdupoint/listing_links": 0},
            "the listings yielded no article links (8 listing pages asked for): "
            "the listing markup has probably changed",
        ),
        ({"urdupoint/categories_missing": "crime"}, "categories not found on the site: crime"),
    ],
)
def test_a_walk_that_breaks_is_reported_in_one_line(change, expected):
    found = problems({**DISCOVERED, **change}, "finished", **LIMITS)
    assert found[0] == expected
    assert "\n" not in found[0]


def test_remembered_listings_without_article_links_are_reported():
    stats = {"response_received_count": 3, "urdupoint/listing_requests": 1}
    [problem] = problems(stats, "finished", **LIMITS)
    assert problem.startswith("the listings yielded no article links (1 listing pages")


def test_a_blocked_run_says_so_first_and_only():
    stats = {
        "response_received_count": 0,
        "urdupoint/blocked": "bot-protection challenge: HTTP 403, cf-mitigated: challenge, at x",
        "urdupoint/last_download_error": "x: challenge",
    }
    assert problems(stats, "blocked", **LIMITS) == [
        "the site is blocking the crawler "
        "(bot-protection challenge: HTTP 403, cf-mitigated: challenge, at x)"
    ]


@pytest.mark.parametrize(
    "reason", ["closespider_itemcount", "closespider_pagecount", "closespider_timeout"]
)
def test_a_run_ended_by_a_bound_the_user_set_is_healthy(reason):
    assert problems(HEALTHY, reason, **LIMITS) == []


def test_a_run_ended_by_too_many_errors_is_not():
    assert problems(HEALTHY, "closespider_errorcount", **LIMITS) == [
        "run did not finish normally (closespider_errorcount)"
    ]


def test_a_degraded_run_exits_3_with_every_finding_on_one_line():
    findings = ["author on 0% of 20 articles (norm 45%), all via en_current", "dateline on 5%"]
    verdict = Verdict("degraded", tuple(findings))
    assert verdict.exit_status == RunStatus("degraded").exit_status == 3
    assert verdict.report("urdupoint_en") == (
        "urdupoint_en: degraded - author on 0% of 20 articles (norm 45%), all via en_current; "
        "dateline on 5%"
    )


def test_a_failed_run_reports_its_first_problem_and_an_ok_run_nothing():
    assert Verdict("failed", ("site unreachable: x", "other")).report("urdupoint_ur") == (
        "Error: crawl failed: urdupoint_ur: site unreachable: x"
    )
    assert Verdict("ok", ()).report("urdupoint_ur") is None
    assert len({status.exit_status for status in RunStatus}) == len(
        RunStatus
    )  # each status its own code


def test_listings_that_all_answered_errors_are_reported_instead_of_a_changed_navigation():
    stats = {
        **DISCOVERED,
        "urdupoint/listings": 0,
        "urdupoint/listing_pages": 0,
        "urdupoint/listing_errors": 4,
        "urdupoint/listing_error": "https://www.urdupoint.com/en/news/world.html (HTTP 500)",
    }
    assert problems(stats, "finished", **LIMITS) == [
        "every listing answered errors (4 listing pages could not be read, the last: "
        "https://www.urdupoint.com/en/news/world.html (HTTP 500))"
    ]


def test_a_listing_error_beside_listings_read_is_not_a_failed_run():
    stats = {**DISCOVERED, "urdupoint/listing_errors": 1, "urdupoint/listing_error": "x (HTTP 500)"}
    assert problems(stats, "finished", **LIMITS) == []


def test_a_database_that_refused_a_write_fails_the_run_with_its_sentence_first():
    refused = "could not write the database data/n.db: database or disk is full"
    stats = {**HEALTHY, "urdupoint/found_problems": [refused]}
    assert problems(stats, "storage_failed", **LIMITS) == [
        refused,
        "run did not finish normally (storage_failed)",
    ]
