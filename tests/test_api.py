"""The public Python API: lazy imports, typed DataFrames, and a notebook-like script that uses it
from a plain ``pip install`` (no extras) in a fresh virtual environment."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
import venv
from pathlib import Path

import pandas as pd
import pytest

import insight_scraper
from insight_scraper.analysis.api import crawl_argv
from insight_scraper.cli import _parser
from tests.analysis_data import demo_output, records

ROOT = Path(__file__).resolve().parents[1]
HEAVY = ("scrapy", "bs4", "pandas", "duckdb", "twisted")


def _imported_after(statement: str) -> list[str]:
    code = f"import sys\n{statement}\nprint(' '.join(m for m in {HEAVY!r} if m in sys.modules))"
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    return done.stdout.split()


def test_importing_the_package_and_the_extractor_stays_light() -> None:
    assert _imported_after("import insight_scraper") == []
    assert _imported_after("from insight_scraper import extract_article") == []
    # the loaders import DuckDB and pandas when called, not when imported
    assert _imported_after("from insight_scraper import load_articles, load_tweets, crawl") == []


@pytest.mark.crawl  # reads a demo crawl's output (tests/analysis_data.py)
def test_loaders_return_typed_frames(tmp_path: Path) -> None:
    output = demo_output(tmp_path / "output")
    articles = insight_scraper.load_articles(output)
    tweets = insight_scraper.load_tweets(output)
    assert len(articles) == len(records(output))
    assert str(articles.post_id.dtype) == "Int64" and articles.schema_version.eq("1.0").all()
    assert isinstance(articles.published_utc.dtype, pd.DatetimeTZDtype)
    assert str(articles.published_utc.dt.tz) == "UTC" and articles.published_local.dt.tz is None
    assert len(tweets) == sum(len(r["tweets"]) for r in records(output))
    assert str(tweets.tweet_id.dtype) == "Int64" and str(tweets.position.dtype) == "Int32"
    assert list(insight_scraper.load_table("article_tags", output, refresh=False).columns) == [
        "post_id", "url", "position", "tag"]  # fmt: skip


def test_crawl_runs_the_cli_with_the_same_options(tmp_path: Path) -> None:
    argv = crawl_argv(
        tmp_path / "a.jsonl", categories=["education"], max_pages=2, since="2024-01-01",
        mirror="http://127.0.0.1:1/", incremental=True, state=tmp_path / "s.sqlite", resume=None,
        metrics_file=None, settings={"DOWNLOAD_DELAY": 2}, log_level="ERROR",
    )  # fmt: skip
    assert argv[:4] == [sys.executable, "-m", "insight_scraper.cli", "crawl"]
    parsed = _parser().parse_args(argv[3:])
    assert (parsed.category, parsed.max_pages, parsed.since, parsed.incremental) == (
        ["education"], 2, "2024-01-01", True)  # fmt: skip
    assert parsed.set == [("DOWNLOAD_DELAY", "2")] and parsed.state == tmp_path / "s.sqlite"


NOTEBOOK = """
import json, sys
from pathlib import Path
from insight_scraper import crawl, extract_article, load_articles, load_tweets
from insight_scraper.mirror.server import MirrorServer, Site

site, out = Path(sys.argv[1]), Path(sys.argv[2])
with MirrorServer(Site(site)) as server:
    run = crawl(out / "articles.jsonl", mirror=server.base_url, state=out / "state.sqlite")
articles, tweets = load_articles(out), load_tweets(out)
page = next(site.glob("*/input.html"))
record = extract_article(page.read_bytes(), "https://www.afghaninsight.com/" + page.parent.name + "/")
print(json.dumps({"exit": run.exit_code, "new": run.summary["articles"]["new"],
                  "articles": len(articles), "tweets": len(tweets),
                  "post_id": str(articles.post_id.dtype), "utc": str(articles.published_utc.dtype),
                  "headline": bool(record["headline"])}))
"""


@pytest.mark.skipif(
    os.environ.get("INSIGHT_SKIP_INSTALL_TEST") == "1", reason="INSIGHT_SKIP_INSTALL_TEST=1"
)
@pytest.mark.wheel  # a fresh venv and a plain install (~60 s): CI runs it with make wheel-check
def test_api_from_a_plain_pip_install(tmp_path: Path) -> None:
    """A fresh venv, ``pip install <checkout>`` with no extras, then a notebook-like script."""
    venv.create(tmp_path / "venv", with_pip=True)
    python = tmp_path / "venv" / "bin" / "python"
    install = subprocess.run([python, "-m", "pip", "install", "--quiet", str(ROOT)],
                             capture_output=True, text=True, timeout=900, check=False)  # fmt: skip
    assert install.returncode == 0, install.stderr[-2000:]
    script = tmp_path / "notebook.py"
    script.write_text(textwrap.dedent(NOTEBOOK), encoding="utf-8")
    site = ROOT / "tests" / "fixtures" / "site"
    done = subprocess.run([python, script, site, tmp_path / "out"], capture_output=True, text=True,
                          timeout=600, check=False, cwd=tmp_path)  # fmt: skip
    assert done.returncode == 0, done.stderr[-2000:]
    result = json.loads(done.stdout.splitlines()[-1])
    expected = json.loads((site / "_manifest.json").read_text(encoding="utf-8"))
    assert result["exit"] == 0 and result["headline"]
    assert result["articles"] == result["new"] == len(expected["posts"])
    assert result["tweets"] > 0
    assert (result["post_id"], result["utc"]) == ("Int64", "datetime64[us, UTC]")
