"""Authors: the byline (single and co-authors), the author boxes, then JSON-LD and meta."""

from __future__ import annotations

import re
from typing import Any

from insight_scraper.extract.dom import Element, first, first_of, select, text
from insight_scraper.extract.fields import strip_job_prefix
from insight_scraper.extract.metadata import Head, as_list, as_text
from insight_scraper.extract.sources import (
    JSON_LD,
    META,
    THEME,
    Sourced,
    first_found,
)
from insight_scraper.extract.text import or_none
from insight_scraper.extract.urls import absolute_url

Author = dict[str, Any]
_URL_LIKE = re.compile(r"^(?:https?:)?//|^www\.", re.IGNORECASE)
_AUTHOR_LABEL = re.compile(r"author|written by|^by\b|autor|auteur", re.IGNORECASE)


def authors(root: Element, head: Head, url: str) -> Sourced[list[Author]]:
    """Byline order; role and bio joined from the author boxes by author URL."""
    none: list[Author] = []
    found, source = first_found(
        [
            (THEME, lambda: _byline(root, url)),
            (JSON_LD, lambda: _json_ld_authors(head, url)),
            (META, lambda: _meta_author(head)),
        ],
        none,
    )
    boxes = _author_boxes(root, url)
    for author in found:
        box = boxes.get(author["url"] or "", {}) if author["url"] else boxes.get(author["name"], {})
        author["role"] = author["role"] or box.get("role")
        author["bio"] = box.get("bio")
    return found, source


def _byline(root: Element, url: str) -> list[Author]:
    byline = first_of(
        root,
        ".single-header .meta-author",
        ".single-meta .meta-author",
        ".td-post-header .td-post-author-name",
    )
    if byline is None:
        return []
    groups = select(byline, ".meta-separate") or [byline]
    result: list[Author] = []
    for group in groups:
        for link in select(group, "a"):
            name = text(link)
            if name:
                result.append(_author(name, absolute_url(link.get("href"), url), None))
        if result and len(groups) == 1 and len(result) > 1:
            continue  # one shared job label cannot be told apart between several names
        job = or_none(strip_job_prefix(text(first(group, ".meta-job"))))
        if result and job and result[-1]["role"] is None:
            result[-1]["role"] = job
    return result


def _author(name: str, url: str | None, role: str | None) -> Author:
    return {"name": name, "url": url, "role": role, "bio": None}


def _author_boxes(root: Element, url: str) -> dict[str, dict[str, str | None]]:
    boxes: dict[str, dict[str, str | None]] = {}
    for box in select(root, ".usr-holder .ubox, .ubox, .author-box-wrap"):
        link = first_of(
            box, "a.nice-name", ".meta-author a", "a.author-avatar", ".td-author-name a"
        )
        if link is None:
            continue
        details = {
            "role": or_none(text(first(box, ".author-job"))),
            "bio": or_none(text(first(box, ".ubio, .td-author-description"))),
        }
        key = absolute_url(link.get("href"), url) or text(link)
        boxes.setdefault(key, details)
        boxes.setdefault(text(link), details)
    return boxes


def _json_ld_authors(head: Head, url: str) -> list[Author]:
    result: list[Author] = []
    for item in as_list(head.article().get("author")):
        person = head.resolve(item)
        # A Person without a name (an unresolved reference) is no author: not its URL either.
        name = or_none(as_text(person.get("name") if isinstance(person, dict) else person))
        if name:
            link = person.get("url") if isinstance(person, dict) else None
            result.append(_author(name, absolute_url(link, url) if link else None, None))
    return result


def _meta_author(head: Head) -> list[Author]:
    """meta author → article:author → Dublin Core → a Twitter card pair labelled as author."""
    for key in ("author", "article:author", "dc.creator", "dcterms.creator", "sailthru.author"):
        name = or_none(head.meta.get(key))
        if name and not _URL_LIKE.match(name):  # article:author is often a profile URL
            return [_author(name, None, None)]
    for number in "1234":  # twitter:label1/twitter:data1 … ("Written by" / "Est. reading time")
        if _AUTHOR_LABEL.search(head.meta.get(f"twitter:label{number}", "")):
            name = or_none(head.meta.get(f"twitter:data{number}"))
            return [_author(name, None, None)] if name else []
    return []
