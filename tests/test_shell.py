"""``scrapy shell`` on a mirror (README "Mirrors"): a page is opened by its URL on the site with
INSIGHT_MIRROR_URL set; opening the mirror's own URL is refused with a log line that says so and
gives the command to use, instead of a silent ``response = None``."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from insight_scraper.mirror.server import MirrorServer
from tests.conftest import manifest

ROOT = Path(__file__).resolve().parents[1]


def _shell(*args: str) -> subprocess.CompletedProcess[str]:
    # No state and no dataset: a shell from the project root must not write into its output/.
    quiet = ["-s", "INSIGHT_STATE_PATH=", "-s", "INSIGHT_DATASET="]
    command = [sys.executable, "-m", "scrapy", "shell", *quiet, *args]
    return subprocess.run(
        command, capture_output=True, text=True, timeout=90, check=False, cwd=ROOT
    )


def test_shell_opens_a_mirror_page_by_its_site_url(mirror: MirrorServer) -> None:
    post = manifest()["posts"][0]
    done = _shell(
        "-s",
        f"INSIGHT_MIRROR_URL={mirror.base_url}",
        "-c",
        "(response.status, response.url)",
        str(post["url"]),
    )
    assert done.stdout.strip() == repr((200, post["url"])), done.stderr[-2000:]


def test_shell_on_the_mirrors_own_url_says_what_to_do(mirror: MirrorServer) -> None:
    post = manifest()["posts"][0]
    mirror_page = mirror.base_url + str(post["slug"]) + "/"
    done = _shell("-c", "response", mirror_page)
    assert done.stdout.strip() == "None"
    expected = f"scrapy shell -s INSIGHT_MIRROR_URL={mirror.base_url} {post['url']}"
    assert f"Refused {mirror_page}" in done.stderr and expected in done.stderr
