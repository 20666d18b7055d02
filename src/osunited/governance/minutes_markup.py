"""Minutes are written as plain text with a little Markdown: headings (`#`), lists (`-`, `*`,
`1.`), **bold**, *emphasis*, `code` and [links](https://...). Everything is escaped first, so
that no HTML of the text ever reaches the page; only web and mail links become links."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

_HEADING = re.compile(r"^(#{1,3})\s+(.+?)\s*#*$")
_BULLET = re.compile(r"^[-*]\s+(.*)$")
_NUMBERED = re.compile(r"^\d+[.)]\s+(.*)$")
_CODE = re.compile(r"`([^`]+)`")
_STRONG = re.compile(r"\*\*(.+?)\*\*")
_EMPHASIS = re.compile(r"(?<![\w*])[*_](?![\s*_])(.+?)(?<![\s*_])[*_](?![\w*])")
# After escaping: a link's target has no quote, angle bracket or space left to break out with.
_LINK = re.compile(r"\[([^\]]+)\]\(((?:https?://|mailto:)[^\s)]+)\)")
# Minutes sit under the page's own h2: their headings start one level below.
_FIRST_HEADING_LEVEL = 3


def render_minutes(text: str) -> SafeString:
    """The minutes as HTML: paragraphs, headings from h3, lists, and safe inline markup."""
    blocks: list[str] = []
    for chunk in re.split(r"\n\s*\n", text.replace("\r\n", "\n").strip()):
        if chunk.strip():
            blocks.extend(_block(chunk.strip().split("\n")))
    return mark_safe("\n".join(blocks))


def _block(lines: list[str]) -> list[str]:
    html: list[str] = []
    paragraph: list[str] = []
    items: list[str] = []
    tag = ""

    def flush() -> None:
        nonlocal tag
        if paragraph:
            html.append(f"<p>{'<br>'.join(paragraph)}</p>")
            paragraph.clear()
        if items:
            html.append(f"<{tag}>{''.join(f'<li>{item}</li>' for item in items)}</{tag}>")
            items.clear()
        tag = ""

    for line in lines:
        heading, bullet, numbered = (p.match(line.strip()) for p in (_HEADING, _BULLET, _NUMBERED))
        if heading:
            flush()
            level = _FIRST_HEADING_LEVEL + len(heading.group(1)) - 1
            html.append(f"<h{level}>{_inline(heading.group(2))}</h{level}>")
        elif bullet or numbered:
            wanted = "ul" if bullet else "ol"
            if paragraph or tag != wanted:
                flush()
            tag = wanted
            items.append(_inline((bullet or numbered).group(1)))  # type: ignore[union-attr]
        else:
            if items:
                flush()
            paragraph.append(_inline(line.strip()))
    flush()
    return html


def _inline(text: str) -> str:
    text = escape(text)
    text = _CODE.sub(r"<code>\1</code>", text)
    text = _LINK.sub(r'<a href="\2" rel="nofollow noopener noreferrer">\1</a>', text)
    text = _STRONG.sub(r"<strong>\1</strong>", text)
    return _EMPHASIS.sub(r"<em>\1</em>", text)
