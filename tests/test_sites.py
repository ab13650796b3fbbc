"""Site profiles: the bundled ones load, a malformed one is refused with its reason, a profile
becomes settings on every route, and probing finds what a WordPress site offers."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from scrapy.settings import Settings

from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site
from insight_scraper.sites import (
    ProfileError,
    load_profile,
    parse_profile,
    profile_names,
    profile_settings,
    resolve,
)
from insight_scraper.sites.apply import apply_profile
from insight_scraper.sites.commands import as_toml
from insight_scraper.sites.probe import languages, probe

MINIMAL = {"base_url": "https://news.example/"}


def test_the_default_profile_is_bundled_and_matches_the_default_settings() -> None:
    from insight_scraper import settings as defaults  # noqa: PLC0415

    assert "afghaninsight" in profile_names()
    chosen = profile_settings(load_profile("afghaninsight"))
    assert chosen["INSIGHT_SITE_URL"] == defaults.INSIGHT_SITE_URL
    assert chosen["INSIGHT_SOURCES"] == defaults.INSIGHT_SOURCES
    assert chosen["INSIGHT_REST_PAGE_FIELDS"] == defaults.INSIGHT_REST_PAGE_FIELDS
    assert chosen["INSIGHT_LANGUAGES"] == defaults.INSIGHT_LANGUAGES


@pytest.mark.parametrize("name", profile_names())
def test_every_bundled_profile_loads(name: str) -> None:
    profile = load_profile(name)
    assert profile.base_url.endswith("/")
    assert profile.sources


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({**MINIMAL, "sourcez": {}}, "unknown key(s) sourcez"),
        ({"base_url": "ftp://x/"}, "base_url must be an http(s) URL"),
        ({**MINIMAL, "languages": {"dari": "/fa/"}}, "not an ISO 639-1 code"),
        ({**MINIMAL, "languages": {"fa": "fa"}}, "not an ISO 639-1 code"),
        (
            {**MINIMAL, "sources": dict.fromkeys(("rest", "feeds", "sitemaps", "listings"), False)},
            "every source is switched off",
        ),
        ({**MINIMAL, "sources": {"rss": True}}, "unknown key(s) rss"),
        ({**MINIMAL, "rest": {"page_fields": "breadcrumbs"}}, "expected a list of strings"),
        ({**MINIMAL, "politeness": {"download_delay": -1}}, "must be a number >= 0"),
        ({**MINIMAL, "selectors": {"headline": ["h1"]}}, "unknown key(s) headline"),
        ({**MINIMAL, "selectors": {"body": ["div..x"]}}, "bad CSS selector 'div..x'"),
        ({**MINIMAL, "name": "other"}, "says its name is 'other'"),
    ],
)
def test_a_malformed_profile_is_refused_with_its_reason(data: dict[str, Any], message: str) -> None:
    with pytest.raises(ProfileError, match=message.replace("(", r"\(").replace(")", r"\)")):
        parse_profile(data, "test")


def test_an_unknown_profile_names_the_known_ones() -> None:
    with pytest.raises(ProfileError, match=r"known: .*afghaninsight"):
        load_profile("no-such-site")


def test_a_profile_file_outside_the_package_is_a_site_with_no_new_code(tmp_path: Path) -> None:
    path = tmp_path / "kabulnews.toml"
    path.write_text(
        'base_url = "https://kabul.example/"\n[languages]\nfa = "/fa/"\nps = "/ps/"\n'
        "[sources]\nlistings = false\n[politeness]\ndownload_delay = 3\n",
        encoding="utf-8",
    )
    chosen = profile_settings(resolve(str(path)))
    assert chosen["INSIGHT_SITE_PROFILE"] == "kabulnews"
    assert chosen["INSIGHT_LANGUAGES"] == {"fa": "/fa/", "ps": "/ps/"}
    assert chosen["INSIGHT_SOURCES"] == ["rest", "feeds", "sitemaps"]
    assert chosen["DOWNLOAD_DELAY"] == 3.0


def test_a_url_is_a_profile_with_every_source_and_no_page_fields() -> None:
    profile = resolve("https://www.Kabul.example/fa")
    assert (profile.base_url, profile.name) == ("https://www.Kabul.example/fa/", "kabul.example")
    assert profile.page_fields == ()


def _project_settings(**chosen: Any) -> Settings:
    settings = Settings()
    settings.setmodule("insight_scraper.settings", priority="project")
    settings.setdict(chosen, priority="cmdline")
    return settings


def test_the_scrapy_route_applies_a_named_profile_below_the_command_line() -> None:
    settings = _project_settings(INSIGHT_SITE_PROFILE="afghaninsight", DOWNLOAD_DELAY=0)
    settings.set("INSIGHT_REST_PAGE_FIELDS", [], "project")  # a project default: the profile wins
    apply_profile(settings)
    assert settings.getlist("INSIGHT_REST_PAGE_FIELDS") == [
        "breadcrumbs",
        "authors",
        "reading_time_minutes",
    ]
    assert settings.getfloat("DOWNLOAD_DELAY") == 0  # -s DOWNLOAD_DELAY=0 keeps its value


def test_an_applied_profile_is_not_resolved_again() -> None:
    settings = _project_settings()
    profile = resolve("https://kabul.example/")
    settings.setdict({**profile_settings(profile), "INSIGHT_SOURCES": ["feeds"]}, "project")
    apply_profile(settings)
    assert settings.getlist("INSIGHT_SOURCES") == ["feeds"]


HOME = b"""<!DOCTYPE html><html lang="fa-AF" dir="rtl"><head>
<link rel="alternate" hreflang="fa" href="https://kabul.example/fa/" />
<link rel="alternate" href="https://kabul.example/ps/" hreflang="ps-AF" />
<link rel="alternate" hreflang="en" href="https://kabul.example/en/" />
<link rel="alternate" hreflang="x-default" href="https://kabul.example/" />
</head><body></body></html>"""


def test_languages_come_from_the_hreflang_alternates() -> None:
    found = languages(HOME, "https://kabul.example/")
    assert found == {"fa": "/fa/", "ps": "/ps/", "en": "/en/"}


def test_without_alternates_the_page_language_is_at_the_root() -> None:
    assert languages(b'<html lang="ps-AF"><body></body></html>', "https://x.example/") == {
        "ps": "/"
    }


def _fake_site(answers: dict[str, tuple[int, str, bytes]]) -> Any:
    return lambda url: answers.get(url, (404, "text/html", b"not found"))


def test_probe_switches_on_what_answers() -> None:
    base = "https://kabul.example/"
    index = json.dumps({"name": "Kabul", "namespaces": ["oembed/1.0", "wp/v2"]}).encode()
    fetch = _fake_site({
        base: (200, "text/html", HOME),
        base + "wp-json/": (200, "application/json", index),
        base + "sitemap_index.xml": (200, "application/xml", b"<?xml version='1.0'?><x/>"),
    })  # fmt: skip
    profile = probe(base, fetch)
    assert profile.sources == ("rest", "sitemaps", "listings")
    assert profile.languages == {"fa": "/fa/", "ps": "/ps/", "en": "/en/"}


def test_probe_takes_a_closed_rest_api_as_closed() -> None:
    base = "https://kabul.example/"
    closed = json.dumps({"code": "rest_cannot_access", "data": {"status": 401}}).encode()
    fetch = _fake_site({base: (200, "text/html", HOME),
                        base + "wp-json/": (401, "application/json", closed)})  # fmt: skip
    assert "rest" not in probe(base, fetch).sources


@pytest.mark.parametrize("rest", [True, False])
def test_probe_of_the_mirror_through_http(rest: bool) -> None:
    with MirrorServer(Site(BUNDLED_SITE, rest=rest)) as server:
        profile = probe("https://www.afghaninsight.com/", via=server.base_url)
    assert profile.base_url == "https://www.afghaninsight.com/"
    assert {"feeds", "sitemaps", "listings"} <= set(profile.sources)
    assert ("rest" in profile.sources) is rest


def test_a_probed_profile_prints_as_a_profile_file_that_loads_back(tmp_path: Path) -> None:
    base = "https://kabul.example/"
    fetch = _fake_site({base: (200, "text/html", HOME)})
    path = tmp_path / "kabul.toml"
    path.write_text(as_toml(probe(base, fetch)).replace('"kabul.example"', '"kabul"', 1), "utf-8")
    loaded = resolve(str(path))
    assert (loaded.base_url, loaded.sources) == (base, ("listings",))
    assert loaded.languages == {"fa": "/fa/", "ps": "/ps/", "en": "/en/"}


@pytest.mark.process
def test_the_sites_command_lists_the_profiles() -> None:
    done = subprocess.run([sys.executable, "-m", "insight_scraper.cli", "sites", "--json"],
                          capture_output=True, timeout=60, check=True)  # fmt: skip
    names = [json.loads(line)["name"] for line in done.stdout.decode().splitlines()]
    assert names == profile_names()


@pytest.mark.process
def test_crawl_refuses_an_unknown_profile_as_a_usage_error() -> None:
    done = subprocess.run([sys.executable, "-m", "insight_scraper.cli", "crawl", "--site", "nope"],
                          capture_output=True, timeout=60, check=False)  # fmt: skip
    assert done.returncode == 2
    assert b"no site profile named 'nope'" in done.stderr


def test_extract_reads_pages_of_the_site_it_is_told(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from insight_scraper.cli import main  # noqa: PLC0415

    profile = tmp_path / "kabul.toml"
    profile.write_text('base_url = "https://kabul.example/"\n', encoding="utf-8")
    page = next(
        path for path in BUNDLED_SITE.glob("*/input.html") if path.parent.name != "category"
    )
    url = "https://kabul.example/a-story/"
    assert main(["extract", str(page), "--url", url]) == 2  # not a page of the default site
    assert "is not a page of www.afghaninsight.com" in capsys.readouterr().err
    assert main(["extract", str(page), "--url", url, "--site", str(profile)]) == 0
    assert json.loads(capsys.readouterr().out)["url"] == url


def test_probe_finds_feeds_of_the_language_sections() -> None:
    base = "https://kabul.example/"
    rss = (200, "application/rss+xml", b'<?xml version="1.0"?><rss version="2.0"></rss>')
    fetch = _fake_site({base: (200, "text/html", HOME), base + "ps/feed/": rss})
    assert probe(base, fetch).sources == ("feeds", "listings")


def test_a_profiles_body_selector_finds_a_body_our_selectors_do_not_know() -> None:
    from insight_scraper.extract.article import extract_article  # noqa: PLC0415

    page = BUNDLED_SITE / "herat-earthquake-survivors-brace-for-winter-in-tents"
    url = "https://www.afghaninsight.com/herat-earthquake-survivors-brace-for-winter-in-tents/"
    html = (page / "input.html").read_text(encoding="utf-8")
    renamed = html.replace('class="entry-content rbct clearfix"', 'class="story-text"')
    assert renamed != html
    wanted = json.loads((page / "expected.json").read_text(encoding="utf-8"))
    guessed = extract_article(renamed, url)
    told = extract_article(renamed, url, body_selectors=["div.story-text"])
    assert guessed["extraction"]["body"] == "generic"
    assert told["extraction"]["body"] == "theme"
    assert (told["body"], told["tweets"]) == (wanted["body"], wanted["tweets"])


def test_a_setting_chosen_on_the_command_line_does_not_switch_the_profile_off(
    tmp_path: Path,
) -> None:
    path = tmp_path / "kabul.toml"
    path.write_text('base_url = "https://kabul.example/"\n', encoding="utf-8")
    settings = _project_settings(INSIGHT_SITE_PROFILE=str(path), INSIGHT_SOURCES=["feeds"])
    apply_profile(settings)
    assert settings["INSIGHT_SITE_URL"] == "https://kabul.example/"  # the profile's site
    assert settings.getlist("INSIGHT_SOURCES") == ["feeds"]  # the command line's choice
