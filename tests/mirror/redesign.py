"""A "redesign" of the theme: the same pages with the Foxiz class names renamed, so that every
field must come through its fallback chain (tests/test_drift.py, tests/wheel_smoke.sh).

Standard library only: ``python tests/mirror/redesign.py < page.html > redesigned.html``.
"""

from __future__ import annotations

import re
import sys

# The Foxiz class names a redesign would change; WordPress core's (postid-N, wp-block-*) stay.
RENAMED = {
    "s-title": "post-title", "fw-headline": "big", "entry-content": "post-body", "rbct": "prose",
    "updated-date": "changed-on", "meta-author": "byline", "meta-job": "role", "meta-read": "read",
    "breadcrumb-wrap": "trail", "s-cats": "topics", "p-categories": "topic-list",
    "p-category": "topic", "efoot": "post-foot", "tag-bar": "tag-row", "s-feat-outer": "hero-box",
    "s-feat": "hero", "single-header": "post-header", "single-meta": "post-meta", "ubox": "card",
    "single-updated-info": "changed-info", "meta-date": "posted",
}  # fmt: skip
_CLASS_ATTR = re.compile(r'class="([^"]*)"')


def redesign(html: str) -> str:
    def rename(match: re.Match[str]) -> str:
        tokens = [RENAMED.get(token, token) for token in match.group(1).split()]
        return f'class="{" ".join(tokens)}"'

    return _CLASS_ATTR.sub(rename, html)


if __name__ == "__main__":
    sys.stdout.write(redesign(sys.stdin.read()))
