"""Page chrome shared by every page: header + menus, mobile collapse, footer, login popup."""

from __future__ import annotations

from typing import TYPE_CHECKING
from urllib.parse import quote

from .textutil import esc

if TYPE_CHECKING:
    from .model import Article, Site

BODY_COMMON = (
    "wp-embed-responsive menu-ani-1 hover-ani-1 btn-ani-1 is-rm-1 lmeta-dot loader-1 is-hd-1"
)
COPYRIGHT_MENU = (
    ("Home", ""),
    ("Privacy Policy", "privacy-policy/"),
    ("About Afghan Insight", "about-afghan-insight/"),
    ("My Bookmarks", "my-bookmarks/"),
    ("Contact Us", "contact-us/"),
)


def logo(site: Site, cls: str = "logo") -> str:
    up = f"{site.base}wp-content/uploads/2023/12/"
    return (
        f'<a href="{site.base}" class="{cls}" title="{esc(site.name)}">'
        f'<img class="logo-default" data-mode="default" height="80" width="240" '
        f'src="{up}afghan-insight-logo.png" alt="{esc(site.name)}" decoding="async"/>'
        f'<img class="logo-dark" data-mode="dark" height="80" width="240" '
        f'src="{up}afghan-insight-logo-light.png" alt="{esc(site.name)}" decoding="async"/></a>'
    )


def menu_items(site: Site, current: set[str], home_current: bool = False, indent: str = "") -> str:
    """`li.menu-item` list of the primary menu; `current` = slugs marked current/ancestor."""
    home_cls = " current-menu-item current_page_item" if home_current else ""
    out = [
        f'{indent}<li id="menu-item-11" class="menu-item menu-item-type-custom '
        f'menu-item-object-custom{home_cls} menu-item-home menu-item-11">'
        f'<a href="{site.base}"><span>Home</span></a></li>'
    ]
    mid = 12
    for cat in site.categories.values():
        if cat.parent is not None:
            continue
        out.append(_menu_li(site, cat.slug, mid, current, indent))
        mid += 1 + len(cat.children)
    return "\n".join(out)


def _menu_li(site: Site, slug: str, mid: int, current: set[str], indent: str) -> str:
    cat = site.categories[slug]
    cls = "menu-item menu-item-type-taxonomy menu-item-object-category"
    if slug in current:
        cls += " current-menu-item"
    if cat.children:
        cls += " menu-item-has-children"
        if current & set(cat.children):
            cls += " current-menu-ancestor current-menu-parent"
    li = (
        f'{indent}<li id="menu-item-{mid}" class="{cls} menu-item-{mid}">'
        f'<a href="{cat.url}"><span>{esc(cat.name)}</span></a>'
    )
    if not cat.children:
        return li + "</li>"
    subs = "\n".join(
        _menu_li(site, child, mid + 1 + n, current, indent + "\t")
        for n, child in enumerate(cat.children)
    )
    return f'{li}\n{indent}<ul class="sub-menu">\n{subs}\n{indent}</ul>\n{indent}</li>'


def search_form(site: Site) -> str:
    return (
        f'<form role="search" method="get" action="{site.base}" class="rb-search-form" '
        'data-search="post" data-limit="0" data-follow="0">'
        '<div class="search-form-inner"><span class="search-icon"><i class="rbi rbi-search">'
        '</i></span><span class="search-text"><input type="text" class="field" '
        'placeholder="Search Headlines, News..." value="" name="s"/></span>'
        '<span class="rb-search-submit"><input type="submit" value="Search"/>'
        '<i class="rbi rbi-cright"></i></span></div></form>'
    )


def header(site: Site, current: set[str], home_current: bool = False, single: bool = False) -> str:
    menu = menu_items(site, current, home_current, "\t")
    reading = (
        '<div class="reading-indicator"><span id="reading-progress"></span></div>\n'
        if single
        else ""
    )
    return f"""<div id="site-header" class="header-wrap rb-section header-set-1 header-1 header-wrapper style-shadow">
{reading}<div id="navbar-outer" class="navbar-outer">
<div id="sticky-holder" class="sticky-holder">
<div class="navbar-wrap"><div class="rb-container edge-padding"><div class="navbar-inner">
<div class="navbar-left">
<div class="logo-wrap is-image-logo site-branding">{logo(site)}</div>
<nav id="site-navigation" class="main-menu-wrap" aria-label="main menu">
<ul id="menu-main-menu" class="main-menu rb-menu large-menu" itemscope itemtype="https://www.schema.org/SiteNavigationElement">
{menu}
</ul>
</nav>
</div>
<div class="navbar-right">
<div class="wnav-holder w-header-search header-dropdown-outer">
<a href="#" data-title="Search" class="icon-holder header-element search-btn search-trigger" aria-label="search"><i class="rbi rbi-search wnav-icon" aria-hidden="true"></i></a>
<div class="header-dropdown"><div class="header-search-form is-icon-layout">{search_form(site)}</div></div>
</div>
<div class="wnav-holder font-resizer">
<a href="#" class="font-resizer-trigger" data-title="Font Resizer"><span class="screen-reader-text">Font Resizer</span><strong>Aa</strong></a>
</div>
</div>
</div></div></div>
{mobile_header(site, current, home_current)}
</div>
</div>
</div>"""


def socials(site: Site) -> str:
    return (
        '<a class="social-link-facebook" aria-label="Facebook" data-title="Facebook" '
        'href="https://www.facebook.com/afghaninsight" target="_blank" rel="noopener nofollow">'
        '<i class="rbi rbi-facebook" aria-hidden="true"></i></a>'
        '<a class="social-link-twitter" aria-label="X" data-title="X" '
        'href="https://twitter.com/afghaninsight" target="_blank" rel="noopener nofollow">'
        '<i class="rbi rbi-twitter" aria-hidden="true"></i></a>'
    )


def mobile_header(site: Site, current: set[str], home_current: bool) -> str:
    menu = menu_items(site, current, home_current, "\t")
    return f"""<div id="header-mobile" class="header-mobile">
<div class="header-mobile-wrap"><div class="mbnav edge-padding">
<div class="navbar-left"><div class="mobile-toggle-wrap"><a href="#" class="mobile-menu-trigger" aria-label="mobile trigger"><span class="burger-icon"><span></span><span></span><span></span></span></a></div>
<div class="mobile-logo-wrap is-image-logo site-branding">{logo(site)}</div></div>
<div class="navbar-right"><a href="#" class="mobile-menu-trigger mobile-search-icon" aria-label="search"><i class="rbi rbi-search wnav-icon" aria-hidden="true"></i></a>
<div class="wnav-holder font-resizer"><a href="#" class="font-resizer-trigger" data-title="Font Resizer"><span class="screen-reader-text">Font Resizer</span><strong>Aa</strong></a></div></div>
</div></div>
<div class="mobile-collapse"><div class="collapse-holder"><div class="collapse-inner">
<div class="mobile-search-form edge-padding"><div class="header-search-form is-form-layout"><span class="h5">Search</span>{search_form(site)}</div></div>
<nav class="mobile-menu-wrap edge-padding">
<ul id="mobile-menu" class="mobile-menu">
{menu}
</ul>
</nav>
<div class="collapse-sections">
<div class="mobile-socials"><span class="mobile-social-title h6">Follow US</span>{socials(site)}</div>
</div>
</div></div></div>
</div>"""


def footer(site: Site) -> str:
    items = "\n".join(
        f'\t<li id="menu-item-{90 + n}" class="menu-item menu-item-type-'
        f"{'custom menu-item-object-custom menu-item-home' if not path else 'post_type menu-item-object-page'}"
        f' menu-item-{90 + n}"><a href="{site.base}{path}">{label}</a></li>'
        for n, (label, path) in enumerate(COPYRIGHT_MENU)
    )
    return f"""<footer class="footer-wrap rb-section left-dot">
<div class="footer-inner footer-has-bg">
<div class="bottom-footer-section"><div class="rb-container edge-padding">
{logo(site, "footer-logo")}
</div></div>
<div class="footer-copyright"><div class="rb-container edge-padding"><div class="copyright-inner">
<div class="copyright">AFGHANINSIGHT.COM Copyright © 2024 - Website by Afghaninsight.com</div>
<ul id="copyright-menu" class="copyright-menu">
{items}
</ul>
</div></div></div>
</div>
</footer>"""


def popup(site: Site) -> str:
    return f"""<div id="rb-user-popup-form" class="rb-user-popup-form mfp-animation mfp-hide">
<div class="logo-popup-outer"><div class="logo-popup">
<div class="login-popup-header">
<span class="logo-popup-heading h3">Welcome Back!</span>
<p class="logo-popup-description is-meta">Sign in to your account</p>
</div>
<div class="user-login-form">
<form name="loginform" id="popup-form" action="{site.base}wp-login.php" method="post">
<p class="login-username"><label for="user_login">Username or Email Address</label><input type="text" name="log" id="user_login" autocomplete="username" class="input" value="" size="20"/></p>
<p class="login-password"><label for="user_pass">Password</label><input type="password" name="pwd" id="user_pass" autocomplete="current-password" spellcheck="false" class="input" value="" size="20"/></p>
<p class="login-remember"><label><input name="rememberme" type="checkbox" id="rememberme" value="forever"/> Remember Me</label></p>
<p class="login-submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary" value="Log In"/><input type="hidden" name="redirect_to" value="{site.base}"/></p>
</form>
<div class="login-form-footer is-meta"><a href="{site.base}wp-login.php?action=lostpassword">Lost your password?</a></div>
</div>
</div></div>
</div>"""


def document(
    site: Site,
    *,
    lang: str,
    rtl: bool,
    head: str,
    body_class: str,
    header_html: str,
    content: str,
    tail: str = "",
) -> str:
    dir_attr = ' dir="rtl"' if rtl else ""
    return f"""<!DOCTYPE html>
<html lang="{lang}"{dir_attr}>
<head>
{head}
</head>
<body class="{body_class}" data-theme="default">
<div class="site-outer">
{header_html}
<div class="site-wrap">
{content}
</div>
{footer(site)}
</div>
{popup(site)}
{tail}
</body>
</html>
"""


def share_links(art: Article, site: Site, names: bool) -> str:
    u = quote(art.url, safe="")
    t = quote(art.headline, safe="")

    def label(text: str) -> str:
        return f"<span>{text}</span>" if names else ""

    return (
        f'<a class="share-action share-trigger icon-facebook" aria-label="Share on Facebook" '
        f'href="https://www.facebook.com/sharer.php?u={u}" data-title="Facebook" '
        f'rel="nofollow"><i class="rbi rbi-facebook"></i>{label("Facebook")}</a>'
        f'<a class="share-action share-trigger icon-twitter" aria-label="Share on Twitter" '
        f'href="https://twitter.com/intent/tweet?text={t}&amp;url={u}&amp;via=afghaninsight" '
        f'data-title="Twitter" rel="nofollow"><i class="rbi rbi-twitter"></i>{label("Twitter")}</a>'
        f'<a class="share-action icon-copy copy-trigger" aria-label="Copy Link" href="#" '
        f'data-copied="Copied!" data-link="{art.url}" data-copy="Copy Link" rel="nofollow">'
        f'<i class="rbi rbi-link-o"></i>{label("Copy Link")}</a>'
        '<a class="share-action icon-print" aria-label="Print" rel="nofollow" '
        'href="javascript:if(window.print)window.print()" data-title="Print">'
        f'<i class="rbi rbi-print"></i>{label("Print")}</a>'
        f'<a class="share-action native-share-trigger more-icon" aria-label="More" href="#" '
        f'data-link="{art.url}" data-ptitle="{esc(art.headline)}" data-title="More" '
        'rel="nofollow"><i class="rbi rbi-more"></i></a>'
    )
