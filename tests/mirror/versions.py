"""Versions of the mirror for incremental crawls: the same site after k articles were added,
one was edited, one had only its modified time bumped, and one was deleted.

A version is built by the same generator from a changed copy of the content sources, so new
articles appear in their listings, feeds, sitemap and REST answers exactly as real ones do.
"""

from __future__ import annotations

import json
import shutil
import sys
from dataclasses import dataclass
from datetime import datetime, timedelta
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
if str(HERE) not in sys.path:
    sys.path.insert(0, str(HERE))

from gen.writer import build  # noqa: E402

ARTICLES = HERE / "content" / "articles"
# Articles each on the first page of a category listing, so that listings alone see changes.
EDITED = "regional-and-international-conferences-on-afghanistan-a-quest-for-human-rights-stability-and-recognition"
BUMPED = "health-clinics-close-across-afghanistan-as-aid-funding-shrinks"
DELETED = "band-e-amir-reopens-as-bamyan-sees-modest-rise-in-domestic-tourists"
TEMPLATE = "afghanistan-reach-t20-world-cup-semi-final-after-historic-win-over-bangladesh"


@dataclass(frozen=True)
class Changes:
    """What differs from the bundled mirror."""

    added: int = 0
    edited: str | None = None
    bumped: str | None = None
    deleted: str | None = None


def build_version(changes: Changes, out: Path, work: Path) -> Path:
    """Generate the changed site into ``out`` (``work`` holds the changed sources)."""
    sources = _copy_sources(work / "mirror-src")
    articles = {
        path.stem: _load(path) for path in sorted((sources / "content" / "articles").glob("*.json"))
    }
    # "Now" for this version: after every change the bundled site has seen, as on a live site.
    now = max(datetime.fromisoformat(article["modified"]) for article in articles.values())
    now += timedelta(days=1)
    top_id = max(article["post_id"] for article in articles.values())
    for index in range(changes.added):
        added = _new_article(articles[TEMPLATE], index, now, top_id)
        articles[added["slug"]] = added
    if changes.edited:
        _edit(articles[changes.edited], now)
    if changes.bumped:
        articles[changes.bumped]["modified"] = now.isoformat()
    if changes.deleted:
        _delete(articles, changes.deleted)
    _write_sources(sources, articles)
    build(out, mirror_dir=sources)
    return out


def _copy_sources(target: Path) -> Path:
    if target.exists():
        shutil.rmtree(target)
    (target / "content").mkdir(parents=True)
    shutil.copy(HERE / "site.json", target / "site.json")
    shutil.copytree(ARTICLES, target / "content" / "articles")
    return target


def _load(path: Path) -> dict[str, Any]:
    data: dict[str, Any] = json.loads(path.read_text(encoding="utf-8"))
    return data


def _new_article(
    template: dict[str, Any], index: int, now: datetime, top_id: int
) -> dict[str, Any]:
    article = json.loads(json.dumps(template))
    stamp = (now + timedelta(hours=index + 1)).isoformat()
    article.update(
        slug=f"{template['slug']}-follow-up-{index + 1}",
        post_id=top_id + index + 1,
        headline=f"{template['headline']}: Follow-up {index + 1}",
        published=stamp,
        modified=stamp,
    )
    article["body"].insert(0, {"p": f"This follow-up report number {index + 1} adds new details."})
    return article


def _edit(article: dict[str, Any], now: datetime) -> None:
    article["modified"] = now.isoformat()
    article["body"].append({"p": "Editor’s note: this article was updated with new information."})


def _delete(articles: dict[str, dict[str, Any]], slug: str) -> None:
    del articles[slug]
    spare = sorted(articles)
    for article in articles.values():
        related = [other for other in article.get("related", []) if other != slug]
        fillers = [other for other in spare if other not in related and other != article["slug"]]
        article["related"] = related + fillers[: 4 - len(related)]


def _write_sources(sources: Path, articles: dict[str, dict[str, Any]]) -> None:
    folder = sources / "content" / "articles"
    shutil.rmtree(folder)
    folder.mkdir()
    for slug, article in articles.items():
        (folder / f"{slug}.json").write_text(
            json.dumps(article, ensure_ascii=False, indent=1), encoding="utf-8"
        )
