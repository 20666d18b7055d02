"""The known-vulnerability figures of a scan, as the project page and the scan page show them."""

from __future__ import annotations

from typing import Any

from django import template

from osunited.catalog.models import Project, Scan
from osunited.catalog.vulnerabilities import (
    project_vulnerability_figures,
    vulnerability_figures,
    vulnerability_findings,
)

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


@register.inclusion_tag("catalog/_vulnerabilities.html")
def project_vulnerabilities(project: Project) -> dict[str, Any]:
    """The same pair for a project: its figures over the latest scan of each source, and the
    first advisories found in those scans."""
    figures = project_vulnerability_figures(project)
    scans = list(Scan.objects.filter(pk__in=project.vulnerabilities.get("scans") or []))
    found = list(vulnerability_findings(scans)[: ADVISORIES_SHOWN + 1]) if scans else []
    latest = project.latest_scan
    return {
        "figures": figures,
        "scan": latest,
        "project": project,
        "advisories": found[:ADVISORIES_SHOWN],
        "more": len(found) > ADVISORIES_SHOWN and latest is not None,
    }
