"""The Scrapyd route for real: a local scrapyd, ``scrapyd-deploy``, ``schedule.json`` on the mirror.

The test starts ``scrapyd`` as a subprocess (with this venv's Python, so the egg's dependencies
resolve) in a temporary directory with its own ``scrapyd.conf``, deploys the project with
``scrapyd-deploy`` using the ``[deploy]`` target of ``scrapy.cfg`` (pointed at the test's port),
schedules ``afghaninsight`` on the bundled mirror and reads the job's feed.

``scrapyd-deploy`` writes a ``setup.py`` into the project directory and builds there (``build/``,
``*.egg-info``), so it runs in a temporary copy of the project, never in the working tree.
Skipped only where scrapyd or scrapyd-client is not installed (``pip install -e '.[test]'``).
"""

from __future__ import annotations

import configparser
import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest

from insight_scraper.feeds import feeds as project_feeds
from insight_scraper.mirror.server import BUNDLED_SITE, MirrorServer
from insight_scraper.record import validation_errors
from tests.conftest import manifest

# The second offline site (another theme, three languages), sharded to the second node.
SECOND_PROFILE = "paiwand"
SECOND_SITE = BUNDLED_SITE.parent / "sites" / SECOND_PROFILE

# Each test runs the command, Scrapy or Scrapyd as a process of its own.
pytestmark = pytest.mark.process

ROOT = Path(__file__).resolve().parents[1]
PROJECT = "insight_scraper"
SPIDER = "afghaninsight"
START_TIMEOUT = 30.0
JOB_TIMEOUT = 90.0
# What scrapyd-deploy needs to build the egg: the package, its metadata and the deploy target.
PROJECT_FILES = ("scrapy.cfg", "pyproject.toml", "README.md", "LICENSE")


def _scrapyd_deploy() -> str:
    try:
        import scrapyd  # noqa: F401, PLC0415
    except ImportError as error:
        pytest.skip(f"scrapyd not installed: {error}")
    bin_dir = str(Path(sys.executable).parent)
    found = shutil.which("scrapyd-deploy", path=bin_dir) or shutil.which("scrapyd-deploy")
    if found is None:
        pytest.skip("scrapyd not installed: no scrapyd-deploy executable (scrapyd-client)")
    return found


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        port: int = sock.getsockname()[1]
        return port


def _isolated_env(home: Path) -> dict[str, str]:
    """This environment, without anything that would point Scrapy or scrapyd elsewhere."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("SCRAPY_", "SCRAPYD_"))}
    env.pop("XDG_CONFIG_HOME", None)
    # ~/.scrapyd.conf, ~/.scrapy.cfg and ~/.netrc would override the test's config.
    env["HOME"] = str(home)
    env["PYTHONUNBUFFERED"] = "1"
    return env


@dataclass
class Scrapyd:
    """A running scrapyd subprocess and the files it writes."""

    url: str
    workdir: Path
    process: subprocess.Popen[bytes]
    console: Path
    env: dict[str, str]

    def get(self, endpoint: str, **params: str) -> dict[str, Any]:
        query = f"?{urllib.parse.urlencode(params)}" if params else ""
        with urllib.request.urlopen(self.url + endpoint + query, timeout=10) as response:
            data: dict[str, Any] = json.load(response)
        return data

    def post(self, endpoint: str, fields: list[tuple[str, str]]) -> dict[str, Any]:
        body = urllib.parse.urlencode(fields).encode()
        with urllib.request.urlopen(self.url + endpoint, data=body, timeout=60) as response:
            data: dict[str, Any] = json.load(response)
        return data

    def diagnostics(self) -> str:
        logs = sorted((self.workdir / "logs").rglob("*.log"))
        parts = [f"--- scrapyd console ---\n{_tail(self.console)}"]
        parts += [f"--- {log.name} ---\n{_tail(log)}" for log in logs]
        return "\n".join(parts)


def _tail(path: Path, lines: int = 60) -> str:
    if not path.is_file():
        return "(missing)"
    return "\n".join(path.read_text(encoding="utf-8", errors="replace").splitlines()[-lines:])


def _write_config(workdir: Path, port: int) -> None:
    config = configparser.ConfigParser()
    config["scrapyd"] = {
        "bind_address": "127.0.0.1",
        "http_port": str(port),
        "eggs_dir": str(workdir / "eggs"),
        "logs_dir": str(workdir / "logs"),
        # Empty on purpose: a non-empty items_dir makes scrapyd replace the job's FEEDS setting.
        "items_dir": "",
        "dbs_dir": str(workdir / "dbs"),
        "poll_interval": "0.2",
        "max_proc": "1",
    }
    for name in ("eggs", "logs", "items", "dbs"):
        (workdir / name).mkdir(exist_ok=True)
    with (workdir / "scrapyd.conf").open("w", encoding="utf-8") as handle:
        config.write(handle)


def _start_scrapyd(workdir: Path) -> Scrapyd:
    """Start scrapyd on a free port; retried once if the port was taken in between."""
    env = _isolated_env(workdir)
    for attempt in range(2):
        port = _free_port()
        _write_config(workdir, port)
        console = workdir / f"scrapyd-console-{attempt}.log"
        with console.open("wb") as out:
            process = subprocess.Popen(
                [sys.executable, "-m", "scrapyd", "--pidfile="],
                cwd=workdir,
                env=env,
                stdout=out,
                stderr=subprocess.STDOUT,
            )
        daemon = Scrapyd(f"http://127.0.0.1:{port}/", workdir, process, console, env)
        if _wait_until_up(daemon):
            return daemon
        _stop(process)
    pytest.fail(f"scrapyd did not answer daemonstatus.json\n{daemon.diagnostics()}")


def _wait_until_up(daemon: Scrapyd) -> bool:
    deadline = time.monotonic() + START_TIMEOUT
    while time.monotonic() < deadline:
        if daemon.process.poll() is not None:
            return False
        try:
            if daemon.get("daemonstatus.json").get("status") == "ok":
                return True
        except (OSError, ValueError):
            pass
        time.sleep(0.2)
    return False


def _stop(process: subprocess.Popen[bytes]) -> None:
    if process.poll() is None:
        process.terminate()
        try:
            process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=5)


@pytest.fixture
def scrapyd(tmp_path: Path) -> Iterator[Scrapyd]:
    _scrapyd_deploy()  # skip before starting anything
    workdir = tmp_path / "scrapyd"
    workdir.mkdir()
    daemon = _start_scrapyd(workdir)
    try:
        yield daemon
    finally:
        _stop(daemon.process)


def _project_copy(destination: Path, scrapyd_url: str) -> Path:
    """The project as scrapyd-deploy sees it, with the [deploy] target's url set to the test's."""
    for name in PROJECT_FILES:
        shutil.copy2(ROOT / name, destination / name)
    shutil.copytree(
        ROOT / "insight_scraper",
        destination / "insight_scraper",
        ignore=shutil.ignore_patterns("__pycache__", "*.pyc"),
    )
    config = configparser.ConfigParser()
    config.read(destination / "scrapy.cfg", encoding="utf-8")
    assert config.has_section("deploy"), "scrapy.cfg has no [deploy] target"
    assert config["deploy"]["project"] == PROJECT
    config["deploy"]["url"] = scrapyd_url
    with (destination / "scrapy.cfg").open("w", encoding="utf-8") as handle:
        config.write(handle)
    return destination


def _deploy(daemon: Scrapyd, project_dir: Path) -> None:
    result = subprocess.run(
        [_scrapyd_deploy(), "--version", "test-1"],
        cwd=project_dir,
        env=daemon.env,
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    answer = result.stdout.strip()
    detail = f"stdout: {answer}\nstderr: {result.stderr[-3000:]}\n{daemon.diagnostics()}"
    assert result.returncode == 0, f"scrapyd-deploy failed ({result.returncode})\n{detail}"
    data = json.loads(answer.splitlines()[-1])
    assert data["status"] == "ok" and data["spiders"] >= 1, detail


def _schedule(daemon: Scrapyd, mirror_url: str, feed: Path, **extra: str) -> str:
    # The project's own FEEDS (records, rejects), moved to the test's directory.
    feeds = project_feeds(feed.as_uri(), feed.with_name("rejects.jsonl").as_uri())
    assert feeds[feed.as_uri()]["item_classes"] == ["insight_scraper.items.ArticleItem"]
    settings = {
        "INSIGHT_MIRROR_URL": mirror_url,
        "AUTOTHROTTLE_ENABLED": "0",
        "DOWNLOAD_DELAY": "0",
        "CONCURRENT_REQUESTS_PER_DOMAIN": "16",
        "FEEDS": json.dumps(feeds),
        **extra,
    }
    fields = [("project", PROJECT), ("spider", SPIDER)]
    fields += [("setting", f"{name}={value}") for name, value in settings.items()]
    answer = daemon.post("schedule.json", fields)
    assert answer.get("status") == "ok", f"{answer}\n{daemon.diagnostics()}"
    job: str = answer["jobid"]
    return job


def _wait_finished(daemon: Scrapyd, job: str) -> dict[str, Any]:
    deadline = time.monotonic() + JOB_TIMEOUT
    while time.monotonic() < deadline:
        jobs = daemon.get("listjobs.json", project=PROJECT)
        for finished in jobs.get("finished", []):
            if finished["id"] == job:
                return dict(finished)
        time.sleep(0.3)
    pytest.fail(f"job {job} not finished after {JOB_TIMEOUT:.0f} s\n{daemon.diagnostics()}")


def _rejects_summary(feed: Path) -> str:
    """Why pages gave no record: rejects by (stage, reason), with one detail each."""
    path = feed.with_name("rejects.jsonl")
    rejects = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line]
    details = {(r["stage"], r["reason"]): r["detail"] for r in rejects}
    counts = Counter((r["stage"], r["reason"]) for r in rejects)
    return "rejects: " + "; ".join(f"{k} x{n}: {details[k]}" for k, n in counts.items())


def test_deploy_and_schedule_on_the_mirror(scrapyd: Scrapyd, tmp_path: Path) -> None:
    project_dir = tmp_path / "project"
    project_dir.mkdir()
    _deploy(scrapyd, _project_copy(project_dir, scrapyd.url))
    # One spider per mode; `afghaninsight -a incremental=1` runs the incremental one too.
    assert scrapyd.get("listspiders.json", project=PROJECT)["spiders"] == [
        SPIDER,
        f"{SPIDER}_incremental",
    ]

    feed = tmp_path / "feed" / "articles.jsonl"
    with MirrorServer(BUNDLED_SITE, port=0) as mirror:
        job = _schedule(scrapyd, mirror.base_url, feed)
        _wait_finished(scrapyd, job)

    log = scrapyd.workdir / "logs" / PROJECT / SPIDER / f"{job}.log"
    diagnostics = scrapyd.diagnostics()
    assert "Spider closed (finished)" in _tail(log, 200), diagnostics
    assert feed.is_file(), f"no feed at {feed}\n{diagnostics}"

    records = [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line]
    urls = Counter(record["url"] for record in records)
    assert [url for url, n in urls.items() if n > 1] == [], "an article was written twice"
    expected = {post["url"] for post in manifest()["posts"]}
    assert set(urls) == expected, f"{_rejects_summary(feed)}\n{diagnostics}"
    invalid = {r["url"]: errors for r in records if (errors := validation_errors(r))}
    assert invalid == {}, json.dumps(invalid, indent=1)[:3000]


def _records(feed: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in feed.read_text(encoding="utf-8").splitlines() if line]


def _node(tmp_path: Path, name: str) -> Scrapyd:
    workdir = tmp_path / name
    workdir.mkdir()
    return _start_scrapyd(workdir)


def test_two_nodes_crawl_two_sites_at_once(tmp_path: Path) -> None:
    """Sharding by site (docs/scheduling.md): each node runs one site's job, with its own
    profile, state file and politeness; both jobs run at the same time."""
    _scrapyd_deploy()
    nodes = [_node(tmp_path, "node-a"), _node(tmp_path, "node-b")]
    try:
        _crawl_both(nodes, tmp_path)
    finally:
        for node in nodes:
            _stop(node.process)


def _crawl_both(nodes: list[Scrapyd], tmp_path: Path) -> None:
    shards = [("afghaninsight", BUNDLED_SITE), (SECOND_PROFILE, SECOND_SITE)]
    for node in nodes:
        project_dir = tmp_path / f"project-{node.workdir.name}"
        project_dir.mkdir()
        _deploy(node, _project_copy(project_dir, node.url))
    with MirrorServer(shards[0][1]) as first, MirrorServer(shards[1][1]) as second:
        jobs = []
        for node, (profile, _), mirror in zip(nodes, shards, (first, second), strict=True):
            out = tmp_path / profile
            state = out / "state.sqlite"
            job = _schedule(
                node,
                mirror.base_url,
                out / "articles.jsonl",
                INSIGHT_SITE_PROFILE=profile,
                INSIGHT_STATE_PATH=str(state),
            )
            jobs.append((node, job, profile, out))
        finished = [_wait_finished(node, job) for node, job, _, _ in jobs]
    starts = [datetime.fromisoformat(str(job["start_time"])) for job in finished]
    ends = [datetime.fromisoformat(str(job["end_time"])) for job in finished]
    assert max(starts) < min(ends), f"the jobs did not overlap: {finished}"
    for (node, _, profile, out), (_, site) in zip(jobs, shards, strict=True):
        records = _records(out / "articles.jsonl")
        expected = {post["url"] for post in manifest(site)["posts"]}
        detail = f"{_rejects_summary(out / 'articles.jsonl')}\n{node.diagnostics()}"
        assert sorted(r["url"] for r in records) == sorted(expected), detail
        assert (out / "state.sqlite").is_file(), f"{profile}: no state of its own"
