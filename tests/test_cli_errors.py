"""The command line never answers a user's mistake with a traceback: bad values exit 2 with one
line, before anything starts; unexpected errors exit 1 with one line. Run in-process through
``insight_scraper.cli.main``, except where the real entry point or a fresh interpreter matters."""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
from collections.abc import Sequence
from pathlib import Path

import pytest

from insight_scraper import __version__, cli, cli_types
from insight_scraper.mirror.server import BUNDLED_SITE
from tests.conftest import SITE_URL, manifest, page_url

ARTICLE = BUNDLED_SITE / str(manifest()["posts"][0]["slug"])
LISTING = BUNDLED_SITE / "category" / "afghan-sports"


def _run(argv: Sequence[str], capsys: pytest.CaptureFixture[str]) -> tuple[int, str, str]:
    """Exit status, stdout and stderr of one in-process run (argparse exits by SystemExit)."""
    try:
        code = cli.main(list(argv))
    except SystemExit as exc:
        code = int(exc.code or 0)
    captured = capsys.readouterr()
    return code, captured.out, captured.err


def _usage_error(argv: Sequence[str], capsys: pytest.CaptureFixture[str], needle: str) -> None:
    code, out, err = _run(argv, capsys)
    assert code == 2, err
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert needle in err and "Traceback" not in err


@pytest.mark.parametrize(
    ("argv", "needle"),
    [
        (["crawl", "--since", "2024-13-01"], "--since"),
        (["crawl", "--since", "yesterday"], "--since"),
        (["crawl", "--max-pages", "-3"], "--max-pages"),
        (["crawl", "--max-pages", "0"], "--max-pages"),
        (["crawl", "--log-level", "verbose"], "--log-level"),
        (["crawl", "--set", "FOO"], "NAME=VALUE"),
        (["crawl", "--set", "lower=1"], "NAME=VALUE"),
        (["crawl", "--set", "DOWNLOAD_TIMEOUT=abc"], "DOWNLOAD_TIMEOUT"),
        (["crawl", "--set", "CONCURRENT_REQUESTS=2.5"], "an integer"),
        (["crawl", "--set", "ROBOTSTXT_OBEY=maybe"], "boolean"),
        (["crawl", "--set", "INSIGHT_COVERAGE_THRESHOLDS=[1]"], "JSON object"),
        (["crawl", "--incremental", "--state", ""], "--state"),
        (["crawl", "--mirror", "ftp://127.0.0.1/"], "--mirror"),
        (["crawl", "--mirror", "http://[::1"], "--mirror"),
        (["crawl", "--category", ""], "--category"),
        (["crawl", "--output", "out/"], "--output"),
        (["extract", "--url", "http://[::1", str(ARTICLE / "input.html")], "--url"),
        (
            ["extract", "--url", "https://example.com/a/", str(ARTICLE / "input.html")],
            "not a page of",
        ),
        (["extract", "no-such-page.html"], "no such file"),
        (["extract"], "give saved pages"),
        (["extract", "--listing", str(LISTING)], "is a folder"),
        (
            ["extract", "--listing", str(LISTING / "input.html"), str(ARTICLE / "input.html")],
            "not both",
        ),
        (["serve", "--port", "70000"], "--port"),
        (["serve", "--faults", "2"], "--faults"),
        (["serve", "no-such-dir"], "no such directory"),
        (["no-such-command"], "invalid choice"),
    ],
)
def test_bad_values_exit_2_with_one_line(
    argv: list[str], needle: str, capsys: pytest.CaptureFixture[str]
) -> None:
    _usage_error(argv, capsys, needle)


def test_paths_that_are_directories_or_files_are_refused(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    _usage_error(["crawl", "--metrics-file", str(tmp_path)], capsys, "is a directory")
    _usage_error(["crawl", "--output", str(tmp_path)], capsys, "is a directory")
    (tmp_path / "file").write_text("x")
    _usage_error(["crawl", "--resume", str(tmp_path / "file")], capsys, "not a directory")
    _usage_error(["state", "show", "--state", str(tmp_path)], capsys, "is a directory")


def test_url_names_one_page(capsys: pytest.CaptureFixture[str]) -> None:
    pages = [
        str(BUNDLED_SITE / str(post["slug"]) / "input.html") for post in manifest()["posts"][:2]
    ]
    _usage_error(["extract", "--url", page_url(ARTICLE), *pages], capsys, "--url names one page")


@pytest.mark.parametrize(
    "value",
    ["DOWNLOAD_TIMEOUT=2.5", "DOWNLOAD_DELAY=0", "ROBOTSTXT_OBEY=False", "USER_AGENT=a b/1.0",
     'INSIGHT_COVERAGE_THRESHOLDS={"body": 0.5}', "SOME_EXTENSION_SETTING=anything", "LOG_FILE=x.log"],
)  # fmt: skip
def test_good_settings_pass_through_as_given(value: str) -> None:
    assert cli_types.setting(value) == tuple(value.split("=", 1))


def test_valid_values_are_normalised() -> None:
    args = cli._parser().parse_args(
        [
            "crawl",
            "-vv",
            "--since",
            "2024-05-01",
            "--log-level",
            "warning",
            "--category",
            "/education/",
        ]
    )
    assert (args.since, args.log_level, args.category, args.verbose) == (
        "2024-05-01",
        "WARNING",
        ["education"],
        2,
    )
    assert cli._parser().parse_args(["-q", "extract", "-"]).quiet == 1  # before the command too
    assert cli_types.shifted_level("WARNING", 2, 0) == "DEBUG"
    assert cli_types.shifted_level("WARNING", 0, 1) == "ERROR"
    assert cli_types.shifted_level("INFO", 0, 9) == "CRITICAL"


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, _ = _run(["--version"], capsys)
    assert (code, out.strip()) == (0, f"insight-scraper {__version__}")


def _commands() -> dict[str, argparse.ArgumentParser]:
    parser = cli._parser()
    (subparsers,) = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(subparsers.choices)


@pytest.mark.parametrize("name", sorted(_commands()))
def test_every_option_has_help_and_shows_its_default(name: str) -> None:
    command = _commands()[name]
    text = " ".join(command.format_help().split())
    for action in command._actions:
        assert action.help, f"{name} {action.dest} has no help text"
        shown = action.default not in (None, False, [], 0, argparse.SUPPRESS)
        if shown and not isinstance(action, argparse._CountAction):
            assert f"default: {action.default}" in text, f"{name} {action.dest}"


def test_unexpected_error_is_one_line_exit_1(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> int:
        raise RuntimeError("boom\nsecond line")

    monkeypatch.setattr("insight_scraper.extract_cli.extract_command", broken)
    code, out, err = _run(["extract", str(ARTICLE / "input.html")], capsys)
    assert code == 1 and out == ""
    assert err.splitlines() == [
        "insight-scraper: unexpected error: RuntimeError: boom (run with -v for the traceback)"
    ]
    code, _, err = _run(["extract", "-v", str(ARTICLE / "input.html")], capsys)
    assert code == 1 and "Traceback" in err


def test_unexpected_error_names_the_log_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    def broken(*args: object) -> None:
        raise OSError("disk on fire")

    monkeypatch.setattr("insight_scraper.runner.run_crawl", broken)
    log = tmp_path / "crawl.log"
    code, _, err = _run(
        ["crawl", "--set", f"LOG_FILE={log}", "--output", str(tmp_path / "a.jsonl")], capsys
    )
    assert code == 1
    assert err.splitlines() == [
        f"insight-scraper: unexpected error: OSError: disk on fire (traceback in {log})"
    ]
    assert "Traceback" in log.read_text()


# --- extract: many pages, JSON Lines, rejects as JSON on stderr -------------------------------------


def _copy_pages(folder: Path, *pages: Path) -> None:
    for page in pages:
        target = folder / (page.relative_to(BUNDLED_SITE).as_posix().replace("/", "_") + ".html")
        shutil.copy(page / "input.html", target)


def test_extract_a_folder_gives_json_lines_and_json_rejects(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    posts = manifest()["posts"][:3]
    _copy_pages(tmp_path, *(BUNDLED_SITE / str(p["slug"]) for p in posts), LISTING)
    code, out, err = _run(["extract", str(tmp_path)], capsys)
    records = [json.loads(line) for line in out.splitlines()]
    assert sorted(r["url"] for r in records) == sorted(str(p["url"]) for p in posts)
    assert [json.loads(line)["reason"] for line in err.splitlines()] == ["listing_page"]
    assert code == 2  # the worst page's status


def test_extract_takes_the_pages_own_url(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, err = _run(["extract", str(ARTICLE / "input.html")], capsys)
    assert (code, err) == (0, "")
    expected = json.loads((ARTICLE / "expected.json").read_text(encoding="utf-8"))
    assert json.loads(out)["url"] == expected["url"] == page_url(ARTICLE)


def test_extract_without_a_stated_url_or_with_an_offsite_one(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    html = (ARTICLE / "input.html").read_text(encoding="utf-8")
    bare = tmp_path / "bare.html"
    bare.write_text(
        html.replace('rel="canonical"', 'rel="x"').replace('property="og:url"', 'property="x"')
    )
    offsite = tmp_path / "offsite.html"
    offsite.write_text(
        html.replace(
            f'rel="canonical" href="{SITE_URL}', 'rel="canonical" href="https://example.com/'
        )
    )
    code, out, err = _run(["extract", str(bare), str(offsite)], capsys)
    assert (code, out) == (2, "")
    assert [json.loads(line)["reason"] for line in err.splitlines()] == ["no_url", "offsite_url"]
    code, out, _ = _run(["extract", str(bare), "--url", page_url(ARTICLE)], capsys)
    assert code == 0 and json.loads(out)["post_id"] == manifest()["posts"][0]["post_id"]


def test_extract_exit_3_prints_the_record_and_the_schema_errors(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from insight_scraper import extract_cli  # noqa: PLC0415

    real = extract_cli.extract_article
    monkeypatch.setattr(
        extract_cli,
        "extract_article",
        lambda html, url, **kw: {**real(html, url, **kw), "post_id": "x"},
    )
    code, out, err = _run(["extract", str(ARTICLE / "input.html")], capsys)
    assert code == 3 and json.loads(out)["post_id"] == "x"
    reject = json.loads(err)
    assert (reject["stage"], reject["reason"]) == (
        "validate",
        "invalid_record",
    ) and "post_id" in reject["detail"]


@pytest.mark.parametrize(
    ("content", "reason"), [(b"", "empty_document"), (bytes(range(256)) * 40, "not_html")]
)
def test_extract_listing_refuses_empty_and_binary_input(
    content: bytes, reason: str, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    page = tmp_path / "listing.html"
    page.write_bytes(content)
    code, out, err = _run(
        ["extract", "--listing", str(page), "--url", f"{SITE_URL}category/education/"], capsys
    )
    assert (code, out) == (2, "")
    assert json.loads(err)["reason"] == reason


def test_extract_listing_of_an_article_lists_nothing(capsys: pytest.CaptureFixture[str]) -> None:
    code, out, err = _run(["extract", "--listing", str(ARTICLE / "input.html")], capsys)
    assert (code, out) == (2, "")
    assert json.loads(err)["reason"] == "empty_listing"


# --- the real entry point, in fresh interpreters -----------------------------------------------------


def test_extract_and_help_import_neither_scrapy_nor_bs4() -> None:
    script = (
        "import sys\n"
        "from insight_scraper.cli import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "loaded_by_help = sorted(m for m in ('scrapy', 'bs4', 'twisted') if m in sys.modules)\n"
        f"code = main(['extract', {str(ARTICLE / 'input.html')!r}])\n"
        "loaded = sorted(m for m in ('scrapy', 'bs4', 'twisted') if m in sys.modules)\n"
        "print(repr((code, loaded_by_help, loaded)), file=sys.stderr)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script], capture_output=True, timeout=60, check=False
    )
    assert done.stderr.decode().strip().splitlines()[-1] == "(0, [], [])"


def test_a_bad_crawl_option_exits_2_without_a_traceback() -> None:
    command = [sys.executable, "-m", "insight_scraper.cli", "crawl", "--since", "yesterday"]
    done = subprocess.run(command, capture_output=True, timeout=60, check=False)
    assert done.returncode == 2
    assert done.stderr.decode().splitlines() == [
        "insight-scraper crawl: error: argument --since: expected a date YYYY-MM-DD, got 'yesterday'"
        " (see insight-scraper crawl --help)"
    ]
