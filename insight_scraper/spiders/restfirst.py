"""The REST-first road of a full crawl (issue 12): records from
``/wp-json/wp/v2/posts?_embed&per_page=100`` pages, about one request per 100 articles.

With "rest" in ``INSIGHT_SOURCES`` the crawl starts at page 1 of the posts, newest modification
first, then asks for pages 2..``X-WP-TotalPages``. Each post becomes a record through the pure
``extract_rest_post``. ``INSIGHT_REST_PAGE_FIELDS`` names the fields REST lacks for the site
(afghaninsight: breadcrumbs, the authors' job titles, the page's reading time): the article page
is then fetched and exactly those fields come from its HTML record. When REST is closed
(401/403/404/410, not JSON, unreachable) the crawl takes the HTML road, exactly as without REST.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator, Mapping
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

import scrapy
from scrapy.http import Response, TextResponse
from twisted.python.failure import Failure

from insight_scraper.extract.errors import NotAnArticle
from insight_scraper.extract.rest import extract_rest_post
from insight_scraper.extract.urls import section_language
from insight_scraper.items import ArticleItem, RejectItem
from insight_scraper.meta import DISCOVERY, REST_RECORD, ROLE
from insight_scraper.record import utc_now
from insight_scraper.spiders.base import FIRST_PRIORITY, SiteSpider
from insight_scraper.spiders.responses import header

logger = logging.getLogger(__name__)
REST_FULL_PATH = "wp-json/wp/v2/posts?_embed&per_page=100&orderby=modified&order=desc&page={page}"
_CLOSED = [401, 403, 404, 410]  # what security plugins answer for a closed REST API
ALL_SOURCES = ("rest", "feeds", "sitemaps", "listings")


class RestFirstSpider(SiteSpider):
    """A spider that reads records from the REST API when the site's sources allow it;
    ``html_route`` is the road it takes otherwise (the subclass's own crawl)."""

    def html_route(self) -> Iterator[scrapy.Request]:
        raise NotImplementedError

    @property
    def rest_first(self) -> bool:
        return "rest" in _names(self.settings.getlist("INSIGHT_SOURCES", list(ALL_SOURCES)))

    rest_pending = 0  # REST pages asked for and not answered yet
    rest_matched = 0  # posts of the chosen categories

    def rest_request(self, page: int) -> scrapy.Request:
        self.rest_pending += 1
        return scrapy.Request(
            self.site_url + REST_FULL_PATH.format(page=page), callback=self.parse_rest_page,
            errback=self.on_rest_error, priority=FIRST_PRIORITY, cb_kwargs={"page": page},
            meta={ROLE: DISCOVERY, "handle_httpstatus_list": _CLOSED},
        )  # fmt: skip

    def parse_rest_page(
        self, response: Response, page: int
    ) -> Iterator[scrapy.Request | ArticleItem | RejectItem]:
        self.rest_pending -= 1
        posts = _post_list(response)
        if posts is None:
            yield from self._rest_unusable(response, page)
            return
        self.crawler.stats.inc_value("insight/spider/rest_pages")
        recent = False
        for post in posts:
            recent = recent or self._recent(post)
            if self._wanted(post):
                self.rest_matched += 1
                yield from self.rest_items(post)
        yield from self._more_pages(response, page, recent)
        if self.rest_pending == 0 and self.wanted and not self.rest_matched:
            detail = "no post of the REST API is in the categories asked for"
            yield self.reject(self.site_url, "listing", "no_categories", detail, None)

    def _rest_unusable(self, response: Response, page: int) -> Iterator[Any]:
        if page == 1:
            logger.info("REST API closed (HTTP %s): taking the HTML road", response.status)
            self.crawler.stats.inc_value(f"insight/discovery/rest/closed_{response.status}")
            yield from self.html_route()
            return
        detail = f"REST page {page}: HTTP {response.status}, not a list of posts"
        yield self.reject(response.url, "listing", "rest_page_unreadable", detail, response.status)

    def _more_pages(self, response: Response, page: int, recent: bool) -> Iterator[Any]:
        """Pages 2..X-WP-TotalPages at once from page 1; with ``since``, one at a time while
        a page still holds recent posts (newest modification first: the rest are older)."""
        total = int(header(response, "X-WP-TotalPages") or 1)
        limit = self.settings.getint("INSIGHT_MAX_LISTING_PAGES", 500)
        cap = min(total, self.max_pages or total, limit)
        if self.since is not None:
            if recent and page < cap:
                yield self.rest_request(page + 1)
        elif page == 1:
            yield from (self.rest_request(number) for number in range(2, cap + 1))
        if page == 1 and cap < total:
            detail = f"{total - cap} REST pages past max_pages / INSIGHT_MAX_LISTING_PAGES"
            yield self.reject(response.url, "listing", "listing_cap", detail, None)

    def on_rest_error(self, failure: Failure) -> Iterator[Any]:
        """REST unreachable (after retries): page 1 takes the HTML road, a later page is a
        reject like any discovery page that failed."""
        request = failure.request  # type: ignore[attr-defined]
        self.rest_pending -= 1
        if request.cb_kwargs.get("page") == 1:
            logger.info("REST API unreachable (%s): taking the HTML road", failure.value)
            self.crawler.stats.inc_value("insight/discovery/rest/unreachable")
            yield from self.html_route()
            return
        yield from self.on_error(failure)

    # --- Posts ---------------------------------------------------------------------------------

    def _wanted(self, post: Any) -> bool:
        """A post of the chosen categories, modified since ``since``."""
        if not isinstance(post, Mapping):
            return True  # not filtered out: extract_rest_post rejects it with its reason
        if self.wanted and not self.wanted & post_category_slugs(post):
            self.crawler.stats.inc_value("insight/spider/rest_other_category")
            return False
        return self._recent(post)

    def _recent(self, post: Any) -> bool:
        if self.since is None or not isinstance(post, Mapping):
            return True
        return _modified_since(post, self.since)

    def rest_items(self, post: Any) -> Iterator[scrapy.Request | ArticleItem | RejectItem]:
        """The post's record, or the request for its page fields, or a reject."""
        try:
            record = extract_rest_post(post, site_url=self.site_url, lang=self.post_lang(post))
        except NotAnArticle as exc:
            yield self._page_or_reject(post, exc)
            return
        except Exception as exc:  # a bug in one extractor must cost one post, never the crawl
            logger.exception("REST extraction failed on %s", _link(post, self.site_url))
            detail = f"{type(exc).__name__}: {exc}"
            yield self.reject(_link(post, self.site_url), "extract", "extract_error", detail, 200)
            return
        self.crawler.stats.inc_value("insight/rest/records")
        if self.page_fields:
            yield self.article_request(record["url"], **{REST_RECORD: record})
        else:
            self.crawler.stats.inc_value("insight/extract/ok")
            yield rest_item(record)

    def _page_or_reject(self, post: Any, exc: NotAnArticle) -> scrapy.Request | RejectItem:
        """A post whose REST answer lacks what a record needs (no content or no title: a
        plugin trimmed the answer) is read from its page; anything else is a reject."""
        url = _link(post, self.site_url)
        if exc.reason in _PAGE_CAN_TELL and url != self.site_url:
            self.crawler.stats.inc_value(f"insight/rest/page_instead/{exc.reason}")
            return self.article_request(url)
        return self.reject(url, "extract", exc.reason, exc.detail, 200)

    def post_lang(self, post: Any) -> str | None:
        """The profile's language whose path prefix is the longest match of the post's link."""
        languages = self.settings.getdict("INSIGHT_LANGUAGES", {})
        return section_language(_link(post, self.site_url), languages)


def rest_item(
    record: dict[str, Any], etag: str | None = None, modified: str | None = None
) -> ArticleItem:
    """An item of a record (the article page's validators when the page was fetched)."""
    return ArticleItem(**record, scraped_at=utc_now(), etag=etag, last_modified=modified)


def _names(values: list[str]) -> tuple[str, ...]:
    """Names of a list setting (``--set NAME=`` gives ``[""]``: no name)."""
    return tuple(value.strip() for value in values if value.strip())


def _post_list(response: Response) -> list[Any] | None:
    """The page's posts; None when the answer is not a JSON list (a closed or broken API)."""
    if response.status != 200 or not isinstance(response, TextResponse):
        return None
    try:
        data = json.loads(response.text)
    except ValueError:
        return None
    return data if isinstance(data, list) else None


def post_category_slugs(post: Mapping[str, Any]) -> frozenset[str]:
    """The slugs of the post's categories and of their parents: WordPress's category links
    spell the ancestors (``/category/parent/child/``), as a parent's listing includes its
    children's posts."""
    embedded = post.get("_embedded")
    groups = embedded.get("wp:term") if isinstance(embedded, Mapping) else None
    slugs: set[str] = set()
    for group in groups if isinstance(groups, list) else ():
        for term in group if isinstance(group, list) else ():
            if isinstance(term, Mapping) and term.get("taxonomy") == "category":
                slugs.add(str(term.get("slug")))
                slugs.update(_category_path(str(term.get("link") or "")))
    return frozenset(slugs)


def _category_path(link: str) -> list[str]:
    parts = [part for part in urlsplit(link).path.split("/") if part]
    return parts[parts.index("category") + 1 :] if "category" in parts else []


def _modified_since(post: Mapping[str, Any], since: Any) -> bool:
    stamp = post.get("modified_gmt") or post.get("modified")
    try:
        return bool(datetime.fromisoformat(str(stamp)).date() >= since)
    except ValueError:
        return True  # an unreadable date filters nothing out


# REST gave the post's link but not enough to build its record: the page may.
_PAGE_CAN_TELL = frozenset({"empty_body", "missing_headline"})


def _link(post: Any, site_url: str) -> str:
    link = post.get("link") if isinstance(post, Mapping) else None
    return link if isinstance(link, str) and link else site_url
