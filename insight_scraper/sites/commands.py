"""``insight-scraper sites``: the bundled profiles, or the profile probed from a URL (printed
as TOML, ready to save as a profile file)."""

from __future__ import annotations

import json
from typing import Any

from insight_scraper.sites import Profile, ProfileError, profiles


def sites_command(as_json: bool, probe_url: str | None, mirror: str | None) -> int:
    """Print the profiles (a table, or JSON Lines), or one probed profile as TOML."""
    if probe_url is not None:
        from insight_scraper.sites.probe import probe  # noqa: PLC0415 - only for --probe

        print(as_toml(probe(probe_url, via=mirror)), end="")
        return 0
    try:
        known = list(profiles())
    except ProfileError as error:
        raise SystemExit(f"insight-scraper sites: {error}") from error
    for profile in known:
        print(json.dumps(as_dict(profile), ensure_ascii=False) if as_json else as_line(profile))
    return 0


def as_dict(profile: Profile) -> dict[str, Any]:
    return {
        "name": profile.name, "title": profile.title, "base_url": profile.base_url,
        "theme": profile.theme, "languages": dict(profile.languages),
        "sources": list(profile.sources), "page_fields": list(profile.page_fields),
    }  # fmt: skip


def as_line(profile: Profile) -> str:
    languages = ",".join(f"{code}={prefix}" for code, prefix in profile.languages.items())
    return f"{profile.name:<16} {profile.base_url:<36} {languages:<24} {'+'.join(profile.sources)}"


def as_toml(profile: Profile) -> str:
    """The profile as a TOML file (only strings, lists and flat tables: no TOML writer needed)."""
    languages = "".join(
        f"{code} = {_string(prefix)}\n" for code, prefix in profile.languages.items()
    )
    sources = "".join(f"{source} = {str(source in profile.sources).lower()}\n"
                      for source in ("rest", "feeds", "sitemaps", "listings"))  # fmt: skip
    return (
        f"name = {_string(profile.name)}\ntitle = {_string(profile.title)}\n"
        f"base_url = {_string(profile.base_url)}\ntheme = {_string(profile.theme)}\n\n"
        f"[languages]\n{languages}\n[sources]\n{sources}\n"
        f"[rest]\npage_fields = {json.dumps(list(profile.page_fields))}\n"
    )


def _string(value: str) -> str:
    return json.dumps(value, ensure_ascii=False)  # a JSON string is a TOML basic string
