"""Archive pagination: WordPress paginate_links() and the Foxiz simple / load-more variants."""

from __future__ import annotations

import json

END_SIZE, MID_SIZE = 1, 2


def page_url(base_url: str, n: int) -> str:
    return base_url if n == 1 else f"{base_url}page/{n}/"


def numbers(base_url: str, current: int, total: int) -> str:
    """`nav.pagination-wrap.pagination-number` exactly as paginate_links() orders its items."""
    items: list[str] = []
    if current > 1:
        items.append(
            f'<a class="prev page-numbers" href="{page_url(base_url, current - 1)}">'
            '<i class="rbi-cleft" aria-hidden="true"></i></a>'
        )
    dots = False
    for n in range(1, total + 1):
        if n == current:
            items.append(f'<span aria-current="page" class="page-numbers current">{n}</span>')
            dots = True
        elif n <= END_SIZE or current - MID_SIZE <= n <= current + MID_SIZE or n > total - END_SIZE:
            items.append(f'<a class="page-numbers" href="{page_url(base_url, n)}">{n}</a>')
            dots = True
        elif dots:
            items.append('<span class="page-numbers dots">&hellip;</span>')
            dots = False
    if current < total:
        items.append(
            f'<a class="next page-numbers" href="{page_url(base_url, current + 1)}">'
            '<i class="rbi-cright" aria-hidden="true"></i></a>'
        )
    return '<nav class="pagination-wrap pagination-number">\n' + "\n".join(items) + "\n</nav>"


def simple(base_url: str, current: int, total: int) -> str:
    newer = (
        f'<span class="newer"><a href="{page_url(base_url, current - 1)}">'
        '<i class="rbi rbi-cleft" aria-hidden="true"></i>Newer Articles</a></span>'
        if current > 1
        else ""
    )
    older = (
        f'<span class="older"><a href="{page_url(base_url, current + 1)}">Older Articles'
        '<i class="rbi rbi-cright" aria-hidden="true"></i></a></span>'
        if current < total
        else ""
    )
    return f'<nav class="pagination-wrap pagination-simple clearfix">{newer}{older}</nav>'


def loadmore(current: int, total: int) -> str:
    if current >= total:
        return ""
    return (
        '<div class="pagination-wrap pagination-loadmore"><a href="#" rel="nofollow" '
        'role="button" class="loadmore-trigger" aria-label="Show More"><span>Show More</span>'
        '<i class="loader-animation" aria-hidden="true"></i></a></div>'
    )


def loadmore_var(term_id: int, per_page: int, current: int, total: int) -> str:
    """The block settings exported by wp_localize_script for the AJAX 'Show More' button."""
    uid = f"uid_c{term_id}"
    data = {
        "uuid": uid,
        "category": str(term_id),
        "name": "grid_1",
        "order": "date_post",
        "posts_per_page": str(per_page),
        "pagination": "load_more",
        "unique": "1",
        "crop_size": "foxiz_crop_g1",
        "entry_meta": ["avatar", "author", "update"],
        "excerpt_length": "24",
        "paged": current,
        "page_max": total,
    }
    return f"var {uid} = {json.dumps(data, separators=(',', ':'))};\n"


def render(kind: str, base_url: str, current: int, total: int) -> str:
    if total <= 1:
        return ""
    if kind == "simple":
        return simple(base_url, current, total)
    if kind == "loadmore":
        return loadmore(current, total)
    return numbers(base_url, current, total)
