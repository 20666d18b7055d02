"""Stored scan reports carrying a whole project's license verdict, judged by the licenses
engine itself (never written by hand), for the compatibility pages, API and checklist tests."""

from __future__ import annotations

from typing import Any

from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.scanning import facts_of
from osunited.licenses import Component, ComponentKind, Use, judge_project, project_verdict_to_dict
from osunited.scanner import report_from_dict
from tests.factories import stored_report

EXPRESS = "pkg:npm/express@4.19.2"
GPL_LIB = "pkg:npm/gpl-lib@1.0.0"

# An Apache-2.0 project: MIT express requires a GPL-3.0-only package (in the ASF's Category X,
# https://www.apache.org/legal/resolved.html#category-x), a package states no license, and an
# MPL-2.0 program ships beside it (Category B: conditions).
APACHE_PROJECT = (
    Component(EXPRESS, ComponentKind.DEPENDENCY, "MIT", Use.DYNAMIC_LINKING, (EXPRESS,)),
    Component(
        GPL_LIB, ComponentKind.DEPENDENCY, "GPL-3.0-only", Use.DYNAMIC_LINKING, (EXPRESS, GPL_LIB)
    ),
    Component("pkg:npm/mystery@1.0.0", ComponentKind.DEPENDENCY, None, Use.DYNAMIC_LINKING),
    Component("tools/mpl-helper", ComponentKind.FILE, "MPL-2.0", Use.DISTINCT_COMPONENT, line=1),
)


def compatibility_report(outbound: str | None, components: tuple[Component, ...]) -> dict[str, Any]:
    verdict = judge_project(outbound, components)
    outcome = "not_available" if outbound is None else "fail" if verdict.conflicts else "pass"
    return stored_report(
        {
            "check_id": "license.compatibility",
            "outcome": outcome,
            "summary": "",
            "data": {"project_verdict": project_verdict_to_dict(verdict)},
        }
    )


def scanned(project: Project, report: dict[str, Any] | None) -> Scan:
    """A succeeded scan with this report, the project's latest."""
    try:
        facts = facts_of(report_from_dict(report)) if report is not None else {}
    except ValueError:
        facts = {}  # an unreadable report: the store would not have kept it so
    scan = Scan.objects.create(
        project=project, trigger="nightly", status=ScanStatus.SUCCEEDED, report=report, facts=facts
    )
    project.latest_scan = scan
    project.save(update_fields=["latest_scan"])
    return scan
