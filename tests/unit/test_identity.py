"""The User-Agent names the operator's contact (URDUPOINT_CONTACT), never a placeholder; without
one, the first request to the real site warns."""

from __future__ import annotations

import logging
import re

import pytest
from scrapy import Request, signals
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from urdupoint_news import __version__
from urdupoint_news.crawl.addons.identity import (
    BadContact,
    IdentityAddon,
    check_contact,
    user_agent,
)

SITE_PAGE = "https://www.urdupoint.com/en/news/business.html"


@pytest.mark.parametrize(
    "contact",
    ["ops@news-archive.pk", "mailto:ops@news-archive.pk", "https://news-archive.pk/crawler"],
)
def test_an_email_address_or_a_web_page_is_a_contact(contact):
    assert check_contact(f" {contact} ") == contact


@pytest.mark.parametrize(
    ("contact", "message"),
    [
        (
            "me",
            "invalid setting URDUPOINT_CONTACT='me': expected an email address or an http(s) URL",
        ),
        ("ftp://news-archive.pk", "expected an email address or an http(s) URL"),
        ("ops@localhost", "expected an email address or an http(s) URL"),
        ("https://example.com/bot", "not a placeholder"),
        ("ops@crawler.example.org", "not a placeholder"),
        ("https://my.host.invalid/", "not a placeholder"),
    ],
)
def test_a_contact_that_reaches_no_one_is_refused_in_one_line(contact, message):
    with pytest.raises(BadContact, match=re.escape(message)):
        check_contact(contact)


def test_the_user_agent_names_the_product_and_the_contact():
    assert user_agent("ops@news-archive.pk") == (
        f"urdupoint-news/{__version__} (news archive crawler; +ops@news-archive.pk)"
    )
    assert user_agent(None) == f"urdupoint-news/{__version__} (news archive crawler)"


def applied(**values: str) -> tuple[Settings, IdentityAddon]:
    crawler = get_crawler(settings_dict=values)
    addon = IdentityAddon.from_crawler(crawler)
    settings = Settings(values)
    addon.update_settings(settings)
    return settings, addon


def test_a_user_agent_given_with_s_wins_over_the_built_one():
    settings = Settings({"URDUPOINT_CONTACT": "ops@news-archive.pk"})
    settings.set("USER_AGENT", "my-bot/1.0", priority="cmdline")
    IdentityAddon.from_crawler(get_crawler()).update_settings(settings)
    assert settings["USER_AGENT"] == "my-bot/1.0"


def send(addon: IdentityAddon, url: str) -> None:
    addon.crawler.signals.send_catch_log(signals.request_reached_downloader, request=Request(url))


def test_without_a_contact_the_first_request_to_the_site_warns_once(caplog):
    settings, addon = applied()
    assert settings["USER_AGENT"] == f"urdupoint-news/{__version__} (news archive crawler)"
    with caplog.at_level(logging.WARNING, logger="urdupoint_news.crawl.addons.identity"):
        send(addon, "http://127.0.0.1:9/elsewhere")  # not the site: no warning yet
        assert not caplog.records
        send(addon, SITE_PAGE)
        send(addon, SITE_PAGE)
    (record,) = caplog.records
    assert record.getMessage().startswith("URDUPOINT_CONTACT is not set: the User-Agent gives")


@pytest.mark.parametrize(
    "values",
    [{"URDUPOINT_CONTACT": "ops@news-archive.pk"}, {"URDUPOINT_BASE_URL": "http://127.0.0.1:8000"}],
)
def test_no_warning_with_a_contact_or_when_crawling_a_mirror(caplog, values):
    _, addon = applied(**values)
    with caplog.at_level(logging.WARNING, logger="urdupoint_news.crawl.addons.identity"):
        send(addon, SITE_PAGE)
    assert not caplog.records
