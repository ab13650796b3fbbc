"""Site profiles: a WordPress news site described as data (``profiles/<name>.toml``).

A profile names the site's base URL and languages, which sources to use (REST, feeds,
sitemaps, listings), which fields the article page must add to a REST record, politeness and
selector overrides. ``profile_settings`` turns it into the ``INSIGHT_`` settings the spiders and
extractors read; nothing else in the package reads a profile. Never imports Scrapy.
"""

from __future__ import annotations

import tomllib
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from cssselect import GenericTranslator, SelectorError

DEFAULT_PROFILE = "afghaninsight"
SOURCES = ("rest", "feeds", "sitemaps", "listings")
SELECTOR_FIELDS = frozenset({"body"})
_POLITENESS = {
    "download_delay": "DOWNLOAD_DELAY",
    "concurrent_requests_per_domain": "CONCURRENT_REQUESTS_PER_DOMAIN",
}


class ProfileError(ValueError):
    """A profile that cannot be used: unknown name, bad TOML, or a key of the wrong shape."""


@dataclass(frozen=True, slots=True)
class Profile:
    """One site. ``languages`` maps an ISO 639-1 code to its section's path prefix."""

    name: str
    base_url: str
    title: str = ""
    theme: str = ""
    languages: Mapping[str, str] = field(default_factory=lambda: {"en": "/"})
    sources: tuple[str, ...] = SOURCES
    page_fields: tuple[str, ...] = ()
    politeness: Mapping[str, float] = field(default_factory=dict)
    selectors: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    probed: bool = False  # built by probing a URL, not read from a file


def profile_names() -> list[str]:
    """The bundled profiles, by name."""
    folder = resources.files(__package__).joinpath("profiles")
    return sorted(entry.name[:-5] for entry in folder.iterdir() if entry.name.endswith(".toml"))


def profiles() -> Iterator[Profile]:
    return (load_profile(name) for name in profile_names())


def load_profile(name: str) -> Profile:
    """The bundled profile ``name``; ProfileError when there is none or it is malformed."""
    if name not in profile_names():
        known = ", ".join(profile_names())
        raise ProfileError(f"no site profile named {name!r} (known: {known})")
    text = resources.files(__package__).joinpath("profiles", f"{name}.toml").read_text("utf-8")
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        raise ProfileError(f"profile {name!r} is not valid TOML: {error}") from error
    return parse_profile(data, name)


def parse_profile(data: Mapping[str, Any], name: str) -> Profile:
    """A profile from its TOML tables, every key checked (a typo must not pass silently)."""
    _known_keys(data, {"name", "title", "base_url", "theme", "languages", "sources", "rest",
                       "politeness", "selectors"}, name)  # fmt: skip
    if data.get("name", name) != name:
        raise ProfileError(f"profile {name!r} says its name is {data['name']!r}")
    return Profile(
        name=name,
        base_url=_base_url(data.get("base_url"), name),
        title=str(data.get("title", "")),
        theme=str(data.get("theme", "")),
        languages=_languages(data.get("languages", {"en": "/"}), name),
        sources=_sources(data.get("sources", {}), name),
        page_fields=tuple(_strings(_table(data, "rest", name).get("page_fields", []), name)),
        politeness=_politeness(_table(data, "politeness", name), name),
        selectors=_selectors(_table(data, "selectors", name), name),
    )


def _known_keys(table: Mapping[str, Any], known: set[str], name: str) -> None:
    unknown = sorted(set(table) - known)
    if unknown:
        raise ProfileError(f"profile {name!r}: unknown key(s) {', '.join(unknown)}")


def _table(data: Mapping[str, Any], key: str, name: str) -> Mapping[str, Any]:
    table = data.get(key, {})
    if not isinstance(table, Mapping):
        raise ProfileError(f"profile {name!r}: [{key}] must be a table")
    return table


def _base_url(value: Any, name: str) -> str:
    parts = urlsplit(str(value or ""))
    if parts.scheme not in ("http", "https") or not parts.hostname:
        raise ProfileError(f"profile {name!r}: base_url must be an http(s) URL, got {value!r}")
    return f"{parts.scheme}://{parts.netloc}{parts.path.rstrip('/')}/"


def _languages(value: Any, name: str) -> dict[str, str]:
    if not isinstance(value, Mapping) or not value:
        raise ProfileError(f"profile {name!r}: [languages] maps codes to path prefixes")
    for code, prefix in value.items():
        if len(code) != 2 or not str(prefix).startswith("/") or not str(prefix).endswith("/"):
            raise ProfileError(f"profile {name!r}: language {code!r} = {prefix!r} is not "
                               "an ISO 639-1 code with a /prefix/")  # fmt: skip
    return {str(code): str(prefix) for code, prefix in value.items()}


def _sources(value: Any, name: str) -> tuple[str, ...]:
    if not isinstance(value, Mapping):
        raise ProfileError(f"profile {name!r}: [sources] must be a table")
    _known_keys(value, set(SOURCES), name)
    chosen = tuple(source for source in SOURCES if value.get(source, True))
    if not chosen:
        raise ProfileError(f"profile {name!r}: every source is switched off")
    return chosen


def _strings(value: Any, name: str) -> list[str]:
    if not isinstance(value, list) or not all(isinstance(item, str) for item in value):
        raise ProfileError(f"profile {name!r}: expected a list of strings, got {value!r}")
    return list(value)


def _politeness(table: Mapping[str, Any], name: str) -> dict[str, float]:
    _known_keys(table, set(_POLITENESS), name)
    for key, value in table.items():
        if not isinstance(value, int | float) or value < 0:
            raise ProfileError(f"profile {name!r}: {key} must be a number >= 0")
    return {key: float(value) for key, value in table.items()}


def _selectors(table: Mapping[str, Any], name: str) -> dict[str, tuple[str, ...]]:
    _known_keys(table, set(SELECTOR_FIELDS), name)
    chosen = {key: tuple(_strings(value, name)) for key, value in table.items()}
    for selector in (css for selectors in chosen.values() for css in selectors):
        try:  # refused now, not on the first page of a crawl
            GenericTranslator().css_to_xpath(selector)
        except SelectorError as error:
            detail = f"bad CSS selector {selector!r}: {error}"
            raise ProfileError(f"profile {name!r}: {detail}") from error
    return chosen


def profile_settings(profile: Profile) -> dict[str, Any]:
    """The INSIGHT_ (and politeness) settings that make the package crawl this site."""
    settings: dict[str, Any] = {
        "INSIGHT_SITE_PROFILE": profile.name,
        # Applied: the spider must not resolve the name again (a probed profile has no file).
        "INSIGHT_PROFILE_APPLIED": True,
        "INSIGHT_SITE_URL": profile.base_url,
        "INSIGHT_LANGUAGES": dict(profile.languages),
        "INSIGHT_SOURCES": list(profile.sources),
        "INSIGHT_REST_PAGE_FIELDS": list(profile.page_fields),
        "INSIGHT_SELECTORS": {key: list(value) for key, value in profile.selectors.items()},
    }
    for key, value in profile.politeness.items():
        setting = _POLITENESS[key]
        settings[setting] = int(value) if setting.startswith("CONCURRENT") else value
    return settings


def url_profile(url: str) -> Profile:
    """An unprobed profile for any WordPress URL: every source on (each falls back on its own
    when the site does not offer it), no page fields, the package's default politeness."""
    base = _base_url(url, url)
    host = (urlsplit(base).hostname or "site").removeprefix("www.")
    return Profile(name=host, base_url=base, title=host)


def profile_file(path: Path) -> Profile:
    """A profile kept outside the package: a site added with no new code."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ProfileError(f"cannot read profile {path}: {error}") from error
    return parse_profile(data, str(data.get("name") or path.stem))


def resolve(site: str) -> Profile:
    """A profile by name, from a ``.toml`` file, or the profile of a URL (unprobed)."""
    if "://" in site:
        return url_profile(site)
    if site.endswith(".toml"):
        return profile_file(Path(site))
    return load_profile(site)
