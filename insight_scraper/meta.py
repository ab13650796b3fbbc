"""Names shared by the spiders and the components that read what the spiders put on requests.

``Request.meta`` keys and their values are written in one place, so that a typo is a NameError
and not a silently missing value.
"""

from __future__ import annotations

from typing import Final

# Request.meta keys.
ROLE: Final = "insight_role"
"""Why a request was made: ``DISCOVERY`` or ``ARTICLE`` (anything else counts as ``other``)."""
VERDICT: Final = "insight_verdict"
"""Incremental mode: why an article is fetched (new, changed, unlisted); see state/planner.py."""
REFETCH: Final = "insight_refetch"
"""How many times a discovery page was fetched again after it failed or came back cut off."""
REST_RECORD: Final = "insight_rest_record"
"""REST-first crawls: the record REST gave, waiting for the page fields of its article page."""
SITE_URL: Final = "insight_site_url"
"""The real-site URL of a request that MirrorMiddleware sent to a mirror."""

# Values of ROLE.
DISCOVERY: Final = "discovery"
ARTICLE: Final = "article"

# The finish reason of a crawl that found the state locked by another run.
STATE_LOCKED: Final = "state_locked"
# The finish reason of a crawl whose state file cannot be read (see `insight-scraper state repair`).
STATE_CORRUPT: Final = "state_corrupt"
