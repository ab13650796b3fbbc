"""The crawl's components driven directly, without a crawl: pipelines, the state owner, the
incremental planner, the retry delay, charset repair, the run summary and the exit codes."""

from __future__ import annotations

import json
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pytest
from scrapy import Request
from scrapy.crawler import Crawler
from scrapy.exceptions import CloseSpider, DropItem
from scrapy.http import HtmlResponse
from scrapy.settings import Settings
from scrapy.utils.test import get_crawler

from insight_scraper.exitcodes import (
    EXIT_COVERAGE,
    EXIT_ERRORS,
    EXIT_INCOMPLETE,
    EXIT_LOCKED,
    EXIT_OK,
    exit_code,
)
from insight_scraper.extract.article import extract_article
from insight_scraper.extract.discovery import Entry
from insight_scraper.items import ArticleItem
from insight_scraper.meta import STATE_LOCKED
from insight_scraper.middlewares import BackoffRetryMiddleware, CharsetRepairMiddleware
from insight_scraper.mirror.server import BUNDLED_SITE
from insight_scraper.output import Layout, merge_runs
from insight_scraper.pipelines import DedupPipeline, StatePipeline, ValidatePipeline
from insight_scraper.record import export, make_reject, utc_now
from insight_scraper.runner import (
    RUN_MARKER,
    CrawlOptions,
    expand_paths,
    prepare_resume,
    project_settings,
)
from insight_scraper.spiders.full import FullCrawlSpider
from insight_scraper.spiders.incremental import IncrementalCrawlSpider
from insight_scraper.state.owner import CrawlState
from insight_scraper.state.planner import CHANGED, NEW, UNCHANGED, Planner
from insight_scraper.state.store import Known
from insight_scraper.summary import RunSummary, SummarySink, build_summary
from tests.conftest import manifest

SEED = manifest()["posts"][0]


class Stats:
    def __init__(self) -> None:
        self.values: dict[str, int] = {}

    def inc_value(self, key: str, count: int = 1, start: int = 0) -> None:
        self.values[key] = self.values.get(key, start) + count

    def set_value(self, key: str, value: int) -> None:
        self.values[key] = value

    def get_value(self, key: str, default: int = 0) -> int:
        return self.values.get(key, default)


def _article(**changes: Any) -> ArticleItem:
    html = (BUNDLED_SITE / SEED["slug"] / "input.html").read_text(encoding="utf-8")
    return replace(
        ArticleItem(**extract_article(html, SEED["url"]), scraped_at=utc_now()), **changes
    )


# --- Pipelines ---------------------------------------------------------------------------------


def test_validate_passes_a_record_and_rejects_a_broken_one() -> None:
    stats = Stats()
    pipeline = ValidatePipeline(stats)
    assert isinstance(pipeline.process_item(_article()), ArticleItem)
    reject = pipeline.process_item(_article(headline=""))
    assert (reject.stage, reject.reason) == ("validate", "invalid_record")
    assert stats.values == {"insight/validate/ok": 1, "insight/validate/invalid_record": 1}


def test_dedup_rejects_a_second_url_of_the_same_post() -> None:
    pipeline = DedupPipeline(Stats())
    assert isinstance(pipeline.process_item(_article()), ArticleItem)
    again = pipeline.process_item(_article(url=SEED["url"] + "?amp=1", canonical_url=None))
    assert again.reason == "duplicate" and str(SEED["post_id"]) in again.detail


def _owner(out: Path, run_id: str) -> CrawlState:
    return CrawlState(
        str(out / "state.sqlite"), Layout(out / "articles.jsonl", out / "runs"), run_id, Stats()
    )


def _written(out: Path, run_id: str, item: ArticleItem) -> None:
    """What FEEDS and the Dataset extension do: the record in the run's own file, merged."""
    layout = Layout(out / "articles.jsonl", out / "runs")
    layout.runs.mkdir(parents=True, exist_ok=True)
    with layout.run_articles(run_id).open("a", encoding="utf-8") as handle:
        handle.write(json.dumps(export(item), ensure_ascii=False) + "\n")
    merge_runs(layout, [run_id])


def _seen_once(out: Path) -> None:
    """A first run that fetched and wrote the seed article."""
    first = _owner(out, "run-1")
    _written(
        out,
        "run-1",
        StatePipeline(first, incremental=False, stats=Stats()).process_item(_article()),
    )
    first.close("finished")


@pytest.fixture
def owner(tmp_path: Path) -> Iterator[CrawlState]:
    state = _owner(tmp_path, "run-1")
    yield state
    state.close("finished")


def test_state_labels_new_then_unchanged_then_updated(tmp_path: Path) -> None:
    changes = []
    for run, item in enumerate(
        [_article(), _article(), _article(content_hash="sha256:" + "0" * 64)]
    ):
        owner = _owner(tmp_path, f"run-{run}")
        labelled = StatePipeline(owner, incremental=False, stats=Stats()).process_item(item)
        changes.append(labelled.change)
        _written(tmp_path, f"run-{run}", labelled)
        owner.close("finished")
    assert changes == ["new", "unchanged", "updated"]


def test_a_record_never_written_is_not_seen_by_the_next_run(tmp_path: Path) -> None:
    owner = _owner(tmp_path, "run-1")
    assert (
        StatePipeline(owner, incremental=False, stats=Stats()).process_item(_article()).change
        == "new"
    )
    owner.close("finished")  # the feed never wrote it (a full disk)
    again = _owner(tmp_path, "run-2")
    assert (
        StatePipeline(again, incremental=False, stats=Stats()).process_item(_article()).change
        == "new"
    )
    again.close("finished")


def test_incremental_state_drops_a_date_bump(tmp_path: Path) -> None:
    _seen_once(tmp_path)
    owner, stats = _owner(tmp_path, "run-2"), Stats()
    with pytest.raises(DropItem):
        StatePipeline(owner, incremental=True, stats=stats).process_item(_article())
    owner.close("finished")
    assert stats.values["insight/state/date_bump"] == 1


def test_a_known_article_gone_404_is_marked_removed(tmp_path: Path) -> None:
    _seen_once(tmp_path)
    owner = _owner(tmp_path, "run-2")
    reject = StatePipeline(owner, incremental=True, stats=Stats()).process_item(
        make_reject(SEED["url"], "download", "http_404", "gone", 404)
    )
    assert reject.reason == "removed"
    assert owner.require().find(SEED["url"], None).status == "removed"  # type: ignore[union-attr]
    owner.close("finished")


# --- The state's one owner ---------------------------------------------------------------------


def test_a_second_owner_finds_the_state_locked_and_closes_its_crawl(
    owner: CrawlState, tmp_path: Path
) -> None:
    second = _owner(tmp_path, "run-2")
    with pytest.raises(CloseSpider) as closed:
        second.require()
    assert closed.value.reason == STATE_LOCKED
    owner.close("finished")
    third = _owner(tmp_path, "run-3")
    assert third.require() is not None
    third.close("finished")


def test_the_mode_reaches_components_through_the_settings() -> None:
    crawler = Crawler(FullCrawlSpider, Settings({"INSIGHT_SITE_URL": "https://example.org/"}))
    assert crawler.settings["INSIGHT_CRAWL_MODE"] == "full"
    spider = FullCrawlSpider.from_crawler(crawler, incremental="1")
    assert isinstance(spider, IncrementalCrawlSpider)
    assert crawler.settings["INSIGHT_CRAWL_MODE"] == "incremental"


# --- Planner -----------------------------------------------------------------------------------


def test_planner_tells_new_changed_unchanged_and_unlisted() -> None:
    known = [
        Known("https://s/a/", 1, "2024-05-01T10:00:00+04:30", "h", "live", "t"),
        Known("https://s/b/", 2, "2024-05-01T10:00:00+04:30", "h", "live", "t"),
        Known("https://s/c/", 3, None, "h", "live", "t"),
    ]
    planner = Planner(known)
    assert planner.verdict(Entry("https://s/a/", 1, "2024-05-02T10:00:00+04:30")) == CHANGED
    assert (
        planner.verdict(Entry("https://s/b-renamed/", 2, "2024-05-01T10:00:00+04:30")) == UNCHANGED
    )
    assert planner.verdict(Entry("https://s/d/", 4, None)) == NEW
    assert planner.unlisted() == ["https://s/c/"]


# --- Retry delay and charset repair ------------------------------------------------------------


def test_retry_delay_obeys_retry_after_then_backs_off_exponentially_with_a_cap() -> None:
    settings = Settings(
        {"INSIGHT_RETRY_BACKOFF_BASE": 2.0, "INSIGHT_RETRY_BACKOFF_MAX": 30.0,
         "INSIGHT_RETRY_AFTER_MAX": 300.0}
    )  # fmt: skip
    middleware = BackoffRetryMiddleware(settings)
    assert [middleware.delay(n, None) for n in range(5)] == [2.0, 4.0, 8.0, 16.0, 30.0]
    assert middleware.delay(0, b"7") == 7.0
    # The server's own wait is honoured past the backoff cap, up to INSIGHT_RETRY_AFTER_MAX
    # (a longer one is not waited for at all: the URL is left for a later run, test_hostile.py).
    assert middleware.delay(0, b"200") == 200.0
    assert middleware.delay(0, b"3600") == 300.0


def test_charset_repair_decodes_a_mislabelled_page_for_every_callback() -> None:
    text = "<html><body><p>امنیت و صلح</p></body></html>"
    url = "https://www.afghaninsight.com/category/x/"
    wrong = HtmlResponse(
        url, body=text.encode("utf-8"), encoding="windows-1252", request=Request(url)
    )
    stats = Stats()
    fixed = CharsetRepairMiddleware(stats).process_response(wrong.request, wrong)
    assert "امنیت و صلح" in fixed.text and stats.values == {"insight/decode/utf-8": 1}


# --- Run summary and exit codes -----------------------------------------------------------------


def _summary(reason: str = "finished", **stats: Any) -> dict[str, Any]:
    run = RunSummary(SummarySink(Path("unused")), mode="incremental")
    run.request_reached(Request("https://s/", meta={"insight_role": "article"}))
    return build_summary(run, {"downloader/request_count": 2, **stats}, reason)


def test_summary_counts_requests_by_role_and_states_no_exit_code() -> None:
    summary = _summary(**{"insight/state/new": 1, "insight/dedup/unique": 1})
    assert summary["mode"] == "incremental"
    assert summary["requests"] == {"discovery": 0, "article": 1, "other": 1, "total": 2}
    assert summary["articles"]["new"] == 1 and summary["articles"]["emitted"] == 1
    assert "exit_code" not in summary


def test_exit_codes_are_decided_from_the_summary() -> None:
    assert exit_code(_summary(), "finished") == EXIT_OK
    assert exit_code(_summary(**{"log_count/ERROR": 2}), "finished") == EXIT_ERRORS
    assert exit_code(_summary("shutdown"), "shutdown") == EXIT_INCOMPLETE
    assert exit_code(_summary("state_corrupt"), "state_corrupt") == EXIT_ERRORS
    assert exit_code(None, STATE_LOCKED) == EXIT_LOCKED
    breach = _summary()
    breach["coverage"]["breaches"] = ["body: 0% from the theme markup"]
    assert exit_code(breach, "finished") == EXIT_COVERAGE


def test_the_summary_sink_writes_the_run_file_and_metrics(tmp_path: Path) -> None:
    summary = {**_summary(), "exit_code": 0}
    SummarySink(tmp_path / "runs", tmp_path / "m.prom", to_stdout=False).write(summary)
    assert json.loads((tmp_path / "runs" / f"{summary['run_id']}.json").read_text()) == summary
    assert "insight_scraper_exit_code 0" in (tmp_path / "m.prom").read_text()


def test_components_are_built_from_a_crawler() -> None:
    crawler = get_crawler(FullCrawlSpider, {"INSIGHT_STATE_PATH": ""})
    assert isinstance(ValidatePipeline.from_crawler(crawler), ValidatePipeline)


def test_time_and_name_in_the_output_path_apply_to_state_and_metrics_too() -> None:
    options = CrawlOptions(
        output=Path("/data/%(name)s/%(time)s/articles.jsonl"),
        state=Path("/data/%(name)s/%(time)s/state.sqlite"),
        metrics_file=Path("/metrics/%(name)s.prom"),
    )
    when = datetime(2024, 5, 8, 14, 30, 5, 123, tzinfo=UTC)
    expanded = expand_paths(options, "afghaninsight", when)
    assert expanded.output == Path("/data/afghaninsight/2024-05-08T14-30-05+00-00/articles.jsonl")
    assert expanded.state == expanded.output.with_name("state.sqlite")
    assert expanded.layout.runs == expanded.output.with_name("runs")
    assert expanded.metrics_file == Path("/metrics/afghaninsight.prom")


def test_a_job_whose_run_failed_is_not_trusted_on_resume(tmp_path: Path) -> None:
    job = tmp_path / "job"
    job.mkdir()
    (job / "requests.seen").write_text("fingerprints of requests whose records were never written")
    (job / RUN_MARKER).write_text(json.dumps({"status": "failed", "runs": ["run-1"]}))
    prepare_resume(job, "run-2")
    assert not (job / "requests.seen").exists()  # its queue is rebuilt from the listings
    assert json.loads((job / RUN_MARKER).read_text()) == {
        "status": "running",
        "runs": ["run-1", "run-2"],
    }


def test_scrapys_remote_control_is_off() -> None:
    # It leaves job files holding a bearer token under $HOME, and an ERROR where HOME is read-only.
    assert project_settings(CrawlOptions()).getbool("REMOTE_CONTROL_ENABLED") is False
