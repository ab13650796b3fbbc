"""A real HTTP server for offline mirrors of the site (tests, demo, benchmarks)."""

# The traps of hostile.py, named here so that the command line lists them without loading it.
TRAPS = (
    "infinite_pagination",
    "sitemap_bomb",
    "huge_headers",
    "slow_drip",
    "retry_after",
    "robots_disallow",
    "gzip_bomb",
)
