"""The drift judgement (crawl/verdict/drift.py): which runs fall short of their norm, the line that
says
how, and the thresholds as settings."""

from __future__ import annotations

import pytest
from click.testing import CliRunner
from scrapy.settings import Settings

from urdupoint_news import settings as project_settings
from urdupoint_news.archive.coverage import FIELDS, Counts, Coverage, Norm
from urdupoint_news.cli import cli
from urdupoint_news.crawl.verdict.drift import DriftSettingError, Thresholds, findings, judge

LIMITS = Thresholds(min_articles=10, min_runs=3, norm_runs=10, max_drop=0.3)
NORM = Norm(
    "urdupoint_ur",
    "ur",
    runs=10,
    shares={**dict.fromkeys(FIELDS, 1.0), "dateline": 0.96, "author": 0.1},
    fallback_share=0.0,
)


def counts(articles: int, **present: int) -> Counts:
    return Counts(articles, {**dict.fromkeys(FIELDS, articles), **present}, 120.0)


def coverage(**layouts: Counts) -> Coverage:
    articles = sum(c.articles for c in layouts.values())
    present = {name: sum(c.present[name] for c in layouts.values()) for name in FIELDS}
    return Coverage("ur", Counts(articles, present, 120.0), layouts)


def lines(found) -> list[str]:
    return [f.text for f in found]


def test_a_field_gone_from_every_article_of_one_layout_names_the_layout():
    run = coverage(fallback=counts(17, dateline=0, author=0))
    assert lines(findings(run, NORM, LIMITS)) == [
        "dateline on 0% of 17 articles (norm 96%), all via fallback",
        # the fallback parsed every article, where the norm has none
        "the fallback extractor parsed 100% of 17 articles (norm 0%): the site's markup has "
        "probably changed",
    ]  # author: 10% -> 0% is within the allowed drop


def test_the_line_says_which_layouts_lack_the_field():
    run = coverage(ur_current=counts(10, dateline=10), ur_legacy=counts(10, dateline=0))
    [one] = lines(findings(run, NORM, LIMITS))
    assert one == "dateline on 50% of 20 articles (norm 96%), missing on 10, all via ur_legacy"
    run = coverage(ur_current=counts(15, dateline=5), ur_legacy=counts(5, dateline=0))
    [one] = lines(findings(run, NORM, LIMITS))
    assert one == (
        "dateline on 25% of 20 articles (norm 96%), missing on 10 via ur_current, 5 via ur_legacy"
    )


def test_the_field_with_the_largest_gap_comes_first():
    run = coverage(ur_current=counts(20, summary=10, dateline=0))
    assert [f.subject for f in findings(run, NORM, LIMITS)] == ["dateline", "summary"]


def test_coverage_within_the_allowed_drop_is_no_drift():
    run = coverage(ur_current=counts(20, dateline=14))  # 70%: 26 points below 96%
    assert findings(run, NORM, LIMITS) == []


def test_a_fallback_share_that_jumps_is_drift_on_its_own():
    run = coverage(ur_current=counts(14), fallback=counts(6))  # 30%, every field still there
    [found] = findings(run, NORM, LIMITS)
    assert (found.subject, found.share, found.norm) == ("fallback", 0.3, 0.0)
    usual = Norm("urdupoint_ur", "ur", 10, NORM.shares, fallback_share=0.2)
    assert findings(run, usual, LIMITS) == []  # 10 points above its norm


@pytest.mark.parametrize("articles", [1, 3, 9])
def test_small_samples_never_alarm(articles):
    run = coverage(fallback=counts(articles, dateline=0, title=0, summary=0))
    assert findings(run, NORM, LIMITS) == []


def test_no_norm_or_drift_off_is_no_judgement():
    run = coverage(fallback=counts(30, dateline=0))
    assert findings(run, None, LIMITS) == []
    assert findings(run, NORM, Thresholds(enabled=False)) == []


def test_a_spider_of_two_editions_names_the_edition():
    run = coverage(ur_current=counts(20, dateline=0))
    [found] = findings(run, NORM, LIMITS, name_edition=True)
    assert found.text.startswith("dateline on 0% of 20 ur articles (norm 96%)")


def test_judge_reads_the_norm_of_the_spider_and_edition():
    from urdupoint_news.archive import coverage as cov
    from urdupoint_news.archive.schema import open_database

    db = open_database(":memory:")
    healthy = coverage(ur_current=counts(20))
    for _ in range(3):
        run = db["crawl_runs"].insert({"spider": "urdupoint_ur", "status": "ok"}).last_pk
        cov.record(db, run, [healthy])
    faded = coverage(ur_current=counts(20, dateline=0))
    [found] = judge(db, "urdupoint_ur", [faded], LIMITS)
    assert found.text == "dateline on 0% of 20 articles (norm 100%), all via ur_current"
    assert judge(db, "urdupoint_feeds", [faded], LIMITS) == []  # no history of its own
    assert judge(db, "urdupoint_ur", [faded], LIMITS, before_run=3) == []  # two runs before it


# --- settings ----------------------------------------------------------------------------------
def test_the_project_defaults_are_the_thresholds_defaults():
    assert Thresholds.from_settings(Settings(vars(project_settings))) == Thresholds()


def test_settings_given_as_text_are_converted():
    given = Settings(
        {
            "URDUPOINT_DRIFT_ENABLED": "false",
            "URDUPOINT_DRIFT_MIN_ARTICLES": "5",
            "URDUPOINT_DRIFT_MAX_DROP": "0.5",
        }
    )
    limits = Thresholds.from_settings(given)
    assert (limits.enabled, limits.min_articles, limits.max_drop) == (False, 5, 0.5)


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("URDUPOINT_DRIFT_MAX_DROP", "abc", "must be a share between 0 and 1, got 'abc'"),
        ("URDUPOINT_DRIFT_MAX_FALLBACK_RISE", "1.5", "must be a share between 0 and 1"),
        ("URDUPOINT_DRIFT_MIN_ARTICLES", "2.5", "must be a whole number, got '2.5'"),
        ("URDUPOINT_DRIFT_NORM_RUNS", "0", "must be at least 1, got '0'"),
        ("URDUPOINT_DRIFT_ENABLED", "maybe", "must be true or false, got 'maybe'"),
        (
            "URDUPOINT_DRIFT_MIN_RUNS",
            "11",
            "URDUPOINT_DRIFT_MIN_RUNS (11) cannot be more than URDUPOINT_DRIFT_NORM_RUNS (10)",
        ),
    ],
)
def test_a_bad_threshold_is_one_line_naming_the_setting(name, value, message):
    with pytest.raises(DriftSettingError) as error:
        Thresholds.from_settings(Settings({name: value}))
    assert str(error.value).startswith(message if message.startswith("URDUPOINT") else name)
    assert message in str(error.value)


@pytest.mark.parametrize("command", [["crawl"], ["doctor"], ["import", __file__]])
def test_commands_that_run_spiders_refuse_a_bad_threshold_before_any_run(tmp_path, command):
    db = tmp_path / "news.db"
    result = CliRunner().invoke(
        cli, [*command, "--db", str(db), "-s", "URDUPOINT_DRIFT_MAX_DROP=2"]
    )
    assert result.exit_code == 2
    assert result.stderr.splitlines()[-1] == (
        "Error: URDUPOINT_DRIFT_MAX_DROP must be a share between 0 and 1, got '2'"
    )
    assert not db.exists()


def test_doctor_needs_the_archive_whose_norms_it_holds_the_sample_against(tmp_path):
    result = CliRunner().invoke(cli, ["doctor", "--db", str(tmp_path / "none.db")])
    assert result.exit_code == 1
    assert result.stderr == (
        f"Error: no archive at {tmp_path / 'none.db'}: the sample is held against its norms "
        "(give --db)\n"
    )
