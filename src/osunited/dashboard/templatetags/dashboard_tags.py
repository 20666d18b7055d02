from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from osunited.dashboard.forge_activity import FORGE_METRICS
from osunited.dashboard.selectors import Coverage

register = template.Library()


@register.filter
def figure(value: Any, unit: str) -> str:
    """A metric's value as people read it: shares as percentages, none as a dash."""
    if value is None:
        return "-"
    if unit == "share":
        return f"{float(value) * 100:.1f}%"
    if isinstance(value, float) and not value.is_integer():
        return f"{value:.1f}"
    return f"{int(value):,}"


@register.simple_tag
def reading(value: Any, unit: str, over: str = "") -> str:
    """`figure`, except that a figure over scans or the forge that nothing measured says so:
    never a 0 or a dash that reads like one."""
    if value is None and over in ("scans", "forge"):
        return _("not measured")
    return figure(value, unit)


@register.inclusion_tag("dashboard/_coverage.html")
def coverage(found: Coverage | None) -> dict[str, Any]:
    """Over how many projects a figure was measured, and why the others were not."""
    return {
        "coverage": found,
        "no_database": found is not None and found.metric_id == "open_vulnerabilities",
        "on_forge": found is not None and found.metric_id in FORGE_METRICS,
    }


@register.filter
def get_item(mapping: dict[str, Any], key: str) -> Any:
    return mapping.get(key)
