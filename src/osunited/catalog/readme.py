"""A project's README as HTML for its page: Markdown rendered by markdown-it-py (CommonMark,
tables, strikethrough), then sanitised by nh3 (Ammonia) with an allow-list.

A README is someone else's text. What survives: structure (headings, lists, tables, code,
quotes, details) and links to http(s) and mailto addresses, which open without the referrer.
What does not: scripts, styles, event handlers, forms, frames, ids and classes (no page part
can be imitated), links of any other scheme (javascript:, data:) and relative links (the
repository's files are not on this site). Images are never loaded, from the repository or
elsewhere: each shows as its alternative text. Headings move down three levels, under the page's
own "README" heading."""

from __future__ import annotations

from collections.abc import Sequence
from functools import lru_cache
from typing import Any
from urllib.parse import urlsplit

import nh3
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from markdown_it import MarkdownIt
from markdown_it.token import Token

MARKDOWN = "markdown"
LINK_SCHEMES = frozenset({"http", "https", "mailto"})
HEADING_SHIFT = 3  # a README's h1 sits under the page's h1 and its h2 "README"
_TAGS = {
    *("a", "abbr", "b", "blockquote", "br", "code", "dd", "del", "details", "div", "dl", "dt"),
    *("em", "h1", "h2", "h3", "h4", "h5", "h6", "hr", "i", "ins", "kbd", "li", "mark", "ol"),
    *("p", "pre", "q", "s", "samp", "small", "span", "strong", "sub", "summary", "sup"),
    *("table", "tbody", "td", "tfoot", "th", "thead", "tr", "ul", "var"),
}
_ATTRIBUTES = {
    "a": {"href", "title"},
    "abbr": {"title"},
    "ol": {"start"},
    "td": {"colspan", "rowspan"},
    "th": {"colspan", "rowspan"},
}


def _kept_link(tag: str, attribute: str, value: str) -> str | None:
    if tag == "a" and attribute == "href":
        parts = urlsplit(value.strip())
        absolute = parts.scheme.lower() in LINK_SCHEMES and (parts.netloc or parts.path)
        return value if absolute else None
    return value


_CLEANER = nh3.Cleaner(
    tags=_TAGS,
    clean_content_tags={"script", "style", "template", "textarea", "title", "noscript"},
    attributes=_ATTRIBUTES,
    attribute_filter=_kept_link,
    url_schemes=set(LINK_SCHEMES),
    link_rel="nofollow noopener noreferrer",
    allowed_classes={"span": {"readme-image"}},
    strip_comments=True,
)


def _image_as_text(
    renderer: Any, tokens: Sequence[Token], index: int, options: Any, env: Any
) -> str:
    alt = renderer.renderInlineAsText(tokens[index].children or [], options, env)
    return str(format_html('<span class="readme-image">{}</span>', alt)) if alt.strip() else ""


def _markdown() -> MarkdownIt:
    parser = MarkdownIt("commonmark", {"html": True}).enable(["table", "strikethrough"])
    parser.add_render_rule("image", _image_as_text)
    return parser


_MARKDOWN = _markdown()


@lru_cache(maxsize=16)
def readme_html(text: str, text_format: str) -> SafeString:
    """The README as safe HTML: rendered when it is Markdown, as preformatted text otherwise."""
    if text_format != MARKDOWN:
        return format_html('<pre class="readme-text">{}</pre>', text)
    clean = _CLEANER.clean(_MARKDOWN.render(text))
    return mark_safe(_shift_headings(clean))  # sanitised by the allow-list above


def _shift_headings(html: str) -> str:
    # The sanitiser leaves headings bare (<h2>, no attribute), so their tags are exact.
    for level in range(6, 0, -1):
        shifted = min(6, level + HEADING_SHIFT)
        html = html.replace(f"<h{level}>", f"<h{shifted}>").replace(
            f"</h{level}>", f"</h{shifted}>"
        )
    return html
