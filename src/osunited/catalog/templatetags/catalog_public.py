"""Template filters of the public catalog pages."""

from __future__ import annotations

from urllib.parse import urlsplit

from django import template

register = template.Library()


@register.filter
def http_url(value: object) -> str:
    """The URL if it is an absolute http(s) URL, else "": only those become links."""
    url = str(value or "").strip()
    parts = urlsplit(url)
    return url if parts.scheme.lower() in {"http", "https"} and parts.netloc else ""


@register.filter
def checklist_label(item_id: object) -> str:
    """The committee checklist item's label, for its id in a stored review."""
    from osunited.catalog.review import CHECKLIST

    labels = {item.id: str(item.label) for item in CHECKLIST}
    return labels.get(str(item_id), str(item_id))
