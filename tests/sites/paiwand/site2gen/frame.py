"""The Newspaper (tagDiv) page frame: <head>, header with menu and Polylang switcher, footer.
Markup notes: docs/site2-markup.md §1."""

from __future__ import annotations

from typing import TYPE_CHECKING

from gen.textutil import esc

from .model import LANG_ORDER

if TYPE_CHECKING:
    from .model import Site

THEME_CSS = "wp-content/themes/Newspaper/style.css?ver=12.6.5"
LANG_LABELS = {"fa": "دری", "ps": "پښتو", "en": "English"}


def head(site: Site, lang: str, title: str, canonical: str, extra: str = "") -> str:
    return (
        "<head>\n"
        '<meta charset="UTF-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1.0">\n'
        f"<title>{esc(title)}</title>\n"
        f'<link rel="stylesheet" id="td-theme-css" href="{site.base}{THEME_CSS}" type="text/css" media="all">\n'
        f'<link rel="canonical" href="{canonical}">\n'
        + _hreflang(site)
        + f'<link rel="alternate" type="application/rss+xml" title="{esc(site.langs[lang].site_title)} &raquo; Feed" href="{site.home(lang)}feed/">\n'
        + extra
        + "</head>\n"
    )


def _hreflang(site: Site) -> str:
    return "".join(
        f'<link rel="alternate" href="{site.home(code)}" hreflang="{site.langs[code].locale}">\n'
        for code in LANG_ORDER
    )


def html_open(site: Site, lang: str) -> str:
    spec = site.langs[lang]
    rtl = ' dir="rtl"' if spec.dir == "rtl" else ""
    return f'<!doctype html>\n<html lang="{spec.locale}"{rtl}>\n'


def menu(site: Site, lang: str) -> str:
    items = "".join(
        f'<li id="menu-item-{c.term_id}" class="menu-item menu-item-type-taxonomy '
        f'menu-item-object-category td-menu-item td-normal-menu menu-item-{c.term_id}">'
        f'<a href="{c.url}">{esc(c.name)}</a></li>'
        for c in site.categories.values()
        if c.lang == lang
    )
    switcher = "".join(
        f'<li class="lang-item lang-item-{code}{" current-lang" if code == lang else ""}">'
        f'<a lang="{site.langs[code].locale}" hreflang="{site.langs[code].locale}" '
        f'href="{site.home(code)}">{LANG_LABELS[code]}</a></li>'
        for code in LANG_ORDER
    )
    home = site.langs[lang].home
    return (
        '<div class="td-header-wrap td-header-style-1">\n'
        '<div class="td-header-top-menu-full td-container-wrap"><div class="top-bar-style-1">'
        f'<ul class="top-header-menu td-menu-lang">{switcher}</ul></div></div>\n'
        '<div class="td-banner-wrap-full td-logo-wrap-full td-container-wrap">'
        f'<div class="td-header-sp-logo"><a class="td-main-logo" href="{site.home(lang)}">'
        f'<span class="td-visual-hidden">{esc(site.langs[lang].site_title)}</span></a></div></div>\n'
        '<div class="td-header-menu-wrap-full td-container-wrap"><div class="td-header-menu-wrap">'
        '<div id="td-header-menu" role="navigation"><div class="menu-main-menu-container">'
        f'<ul id="menu-main-menu-{lang}" class="sf-menu">'
        f'<li class="menu-item menu-item-type-custom menu-item-home td-menu-item">'
        f'<a href="{site.home(lang)}">{esc(home)}</a></li>{items}</ul></div></div></div></div>\n'
        "</div>\n"
    )


def footer(site: Site, lang: str) -> str:
    return (
        '<div class="td-footer-wrapper td-container-wrap"><div class="td-container">'
        f'<div class="footer-text-wrap">© {esc(site.langs[lang].site_title)} 2024</div>'
        "</div></div>\n"
        '<div class="td-sub-footer-container td-container-wrap"><div class="td-sub-footer-menu">'
        f'<a href="{site.home(lang)}feed/">RSS</a></div></div>\n'
    )


def page(site: Site, lang: str, head_html: str, body_class: str, main: str) -> str:
    return (
        html_open(site, lang)
        + head_html
        + f'<body class="{body_class} global-block-template-1 td-newspaper-pro tdb-template td-full-layout" itemscope="itemscope" itemtype="https://schema.org/WebPage">\n'
        + '<div id="td-outer-wrap" class="td-theme-wrap">\n'
        + menu(site, lang)
        + main
        + footer(site, lang)
        + "</div>\n"
        + '<script type="text/javascript" src="'
        + site.base
        + 'wp-content/themes/Newspaper/js/tagdiv_theme.min.js?ver=12.6.5" id="td-site-min-js"></script>\n'
        + "</body>\n</html>\n"
    )
