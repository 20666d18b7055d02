"""The known-vulnerability figures of a scan, as the project page and the scan page show them."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.catalog.models import Scan
from osunited.catalog.vulnerabilities import vulnerability_figures, vulnerability_findings

register = template.Library()

ADVISORIES_SHOWN = 10


@register.inclusion_tag("catalog/_vulnerabilities.html", takes_context=True)
def vulnerabilities(
    context: template.Context, scan: Scan | None, *, advisories: bool = False
) -> dict[str, Any]:
    """A `<dt>`/`<dd>` pair for a facts list: the counts with the database's date and sources,
    or "not measured" and why; with `advisories`, the first advisories found."""
    figures = vulnerability_figures(scan)
    found = list(vulnerability_findings(scan)[: ADVISORIES_SHOWN + 1]) if advisories else []
    return {
        "figures": figures,
        "scan": scan,
        "project": context.get("project"),
        "advisories": found[:ADVISORIES_SHOWN],
        "more": len(found) > ADVISORIES_SHOWN,
    }
