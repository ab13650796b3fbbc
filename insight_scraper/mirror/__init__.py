"""A real HTTP server for offline mirrors of the sites (tests, demo, benchmarks)."""

from __future__ import annotations

from pathlib import Path

# In a checkout, site/ and sites/ are symlinks into tests/fixtures/ (the one copy in git); a wheel
# holds the files themselves (package data), so demo and serve work installed.
_HERE = Path(__file__).parent


def bundled_mirror(profile: str = "afghaninsight") -> Path:
    """The offline mirror bundled for a site profile; FileNotFoundError when there is none."""
    folder = _HERE / "site" if profile == "afghaninsight" else _HERE / "sites" / profile
    if not (folder / "_manifest.json").is_file():
        raise FileNotFoundError(f"no bundled mirror for the site profile {profile!r}")
    return folder.resolve()


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
