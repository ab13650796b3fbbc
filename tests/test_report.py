"""``insight-scraper report`` opened in a real browser: Debian's Chromium through Selenium and
Debian's chromedriver (nothing downloads a browser). Skipped, with the reason, where either is
missing. Every chart must draw its data, the console must stay clean, and Dari/Pashto text must
run right to left. The screenshot goes to the test's tmp dir (and to INSIGHT_REPORT_SCREENSHOT
when set)."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.analysis.export import export
from insight_scraper.analysis.report import report
from insight_scraper.mirror.faults import FaultySite, uniform_rates
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer, Site
from tests.analysis_data import demo_output

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")
DRIVER = shutil.which("chromedriver")
CHARTS = ("category-months", "article-languages", "tweet-languages", "top-accounts",
          "tweet-months", "run-articles", "run-rejects", "run-requests")  # fmt: skip


@pytest.fixture(scope="module")
def output(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The demo crawl, then a second crawl of the mirror with faults: a history with rejects."""
    out = demo_output(tmp_path_factory.mktemp("report") / "output")
    export(
        out
    )  # as a monitoring job would after each crawl (the next crawl may rewrite the dataset)
    faulty = FaultySite(Site(BUNDLED_SITE), 1, uniform_rates(0.2), slow=1.0)
    with MirrorServer(faulty) as server:
        subprocess.run(
            [sys.executable, "-m", "insight_scraper.cli", "crawl", "--output", str(out / "articles.jsonl"),
             "--mirror", server.base_url, "--state", str(out / "state.sqlite"), "--log-level", "ERROR",
             "--set", "DOWNLOAD_TIMEOUT=0.5"],
            capture_output=True, timeout=300, check=False,
        )  # fmt: skip
    return out


def test_report_is_one_self_contained_file(output: Path) -> None:
    html = report(output).read_text(encoding="utf-8")
    assert "<script src" not in html and "<link" not in html and "http-equiv" not in html
    assert "@import" not in html and "url(" not in html  # no stylesheet, font or image fetched
    for chart in CHARTS:
        assert f'id="{chart}"' in html


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    if CHROMIUM is None or DRIVER is None:
        pytest.skip(
            "Debian's chromium and chromium-driver are not installed (apt-get install chromium chromium-driver)"
        )
    webdriver = pytest.importorskip("selenium.webdriver")
    service = pytest.importorskip("selenium.webdriver.chrome.service")

    options = webdriver.ChromeOptions()
    options.binary_location = CHROMIUM
    for flag in ("--headless=new", "--no-sandbox", "--disable-gpu", "--window-size=900,1200"):
        options.add_argument(flag)
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    driver = webdriver.Chrome(service=service.Service(DRIVER), options=options)
    yield driver
    driver.quit()


_DRAWN = """
return Array.from(document.querySelectorAll('figure.chart')).map(function (f) {
  var marks = Array.from(f.querySelectorAll('.mark')).filter(function (m) {
    var box = m.getBoundingClientRect(); return box.width > 0 && box.height > 0; });
  return [f.id, Number(f.dataset.points), marks.length];
});"""
_RTL = """
return Array.from(document.querySelectorAll('#articles td[lang=fa], #articles td[lang=ps]'))
  .map(function (td) { return [td.matches(':dir(rtl)'), getComputedStyle(td).direction,
                               td.textContent.trim().length]; });"""


def test_every_chart_draws_its_data_in_chromium(output: Path, browser: Any, tmp_path: Path) -> None:
    page = report(output, tmp_path / "report.html")
    browser.get(page.as_uri())
    drawn = {key: (points, marks) for key, points, marks in browser.execute_script(_DRAWN)}
    assert set(drawn) == set(CHARTS)
    for key, (points, marks) in drawn.items():
        assert points > 0, f"{key} has no data"
        assert marks >= points, f"{key}: {marks} marks drawn for {points} data points"
    errors = [e for e in browser.get_log("browser") if e["level"] in ("SEVERE", "ERROR")]
    assert errors == []
    _screenshot(browser, tmp_path / "report.png")


def test_dari_and_pashto_text_runs_right_to_left(
    output: Path, browser: Any, tmp_path: Path
) -> None:
    browser.get(report(output, tmp_path / "report.html").as_uri())
    cells = browser.execute_script(_RTL)
    assert cells, "the mirror has Dari and Pashto articles"
    assert all(rtl and direction == "rtl" and length for rtl, direction, length in cells)


def test_search_box_finds_both_yeh_spellings(output: Path, browser: Any, tmp_path: Path) -> None:
    browser.get(report(output, tmp_path / "report.html").as_uri())
    rows = browser.execute_script(
        "return Array.from(document.querySelectorAll('#articles tbody tr[data-lang=fa]'))"
        ".map(function (r) { return r.dataset.search; });"
    )
    word = next((w for text in rows for w in text.split() if "ی" in w and len(w) > 3), None)
    assert word is not None, "the mirror has a Dari article with a Persian yeh in its headline"
    found = []
    for spelling in (word, word.replace("ی", "ي")):
        box = browser.find_element("id", "search")
        box.clear()
        box.send_keys(spelling)
        found.append(int(browser.find_element("id", "shown").text))
    assert found[0] == found[1] >= 1


def _screenshot(browser: Any, path: Path) -> None:
    height = browser.execute_script("return document.body.scrollHeight")
    browser.set_window_size(900, height + 40)
    browser.save_screenshot(str(path))
    assert path.stat().st_size > 10_000
    extra = os.environ.get("INSIGHT_REPORT_SCREENSHOT")
    if extra:
        shutil.copyfile(path, extra)
