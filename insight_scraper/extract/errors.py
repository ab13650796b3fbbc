"""The one error the extractors raise on purpose."""

from __future__ import annotations


class NotAnArticle(ValueError):
    """The page gives no record: not a single article (a listing, a 404 page, garbage, empty),
    or an article without a headline or a body. ``reason`` is a short code (``not_found_page``,
    ``listing_page``, ``no_article_markup``, ``truncated_document``, ``not_html``,
    ``empty_document``, ``unparsable``, ``missing_headline``, ``empty_body``, ``too_large``,
    ``too_deeply_nested``); ``detail`` says more.
    """

    def __init__(self, reason: str, detail: str = "") -> None:
        super().__init__(f"{reason}: {detail}" if detail else reason)
        self.reason = reason
        self.detail = detail
