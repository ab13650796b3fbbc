"""Every example of docs/working-with-data.md, run against an export of the mirror's crawl."""

from __future__ import annotations

import contextlib
import io
import os
import re
from collections.abc import Iterator
from pathlib import Path

import duckdb
import pytest

from insight_scraper.analysis.export import export
from tests.analysis_data import demo_output

DOC = Path(__file__).resolve().parents[1] / "docs" / "working-with-data.md"
BLOCKS = re.findall(r"```(python|sql)\n(.*?)```", DOC.read_text(encoding="utf-8"), re.DOTALL)


@pytest.fixture(scope="module")
def workdir(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Path]:
    """A directory holding ``output/`` (the demo crawl, exported), as the examples expect."""
    root = tmp_path_factory.mktemp("docs")
    export(demo_output(root / "output"))
    before = Path.cwd()
    os.chdir(root)
    yield root
    os.chdir(before)


def test_the_page_has_examples_of_each_kind() -> None:
    kinds = [kind for kind, _ in BLOCKS]
    assert kinds.count("python") >= 5 and kinds.count("sql") >= 4
    assert any("polars" in code for _, code in BLOCKS)


@pytest.mark.parametrize(("kind", "code"), [b for b in BLOCKS if b[0] == "python"])
def test_python_example_runs_and_prints_results(workdir: Path, kind: str, code: str) -> None:
    printed = io.StringIO()
    with contextlib.redirect_stdout(printed):
        exec(compile(code, str(DOC), "exec"), {"__name__": "docs_example"})
    assert printed.getvalue().strip(), "every example prints what it found"
    assert "Empty DataFrame" not in printed.getvalue()


@pytest.mark.parametrize(("kind", "code"), [b for b in BLOCKS if b[0] == "sql"])
def test_sql_example_returns_rows(workdir: Path, kind: str, code: str) -> None:
    con = duckdb.connect()
    con.execute("SET TimeZone = 'UTC'")
    assert con.execute(code).fetchall()
