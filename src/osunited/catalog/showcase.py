"""What a scan keeps for the project's card and page beyond its findings (`ScanShowcase`): the
README, the publiccode.yml's logo and the git history's figures, from the scanner's checks
docs.showcase and health.history; and the cards' facts, read for a page of projects at once.

The README and the logo are kept once, in the showcase, and left out of the stored report; a
source's older showcases are dropped when a newer scan of it succeeds."""

from __future__ import annotations

import base64
import binascii
import hashlib
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.paginator import Page
from django.db.models import Q, QuerySet
from django.urls import reverse
from django.utils.dateparse import parse_datetime

from osunited.catalog.models import Project, Scan, ScanHealth, ScanShowcase
from osunited.scanner import Outcome

SHOWCASE_CHECK, HISTORY_CHECK = "docs.showcase", "health.history"
LOGO_TYPES = frozenset({"image/png", "image/svg+xml"})
_BODIES = {"readme": "text", "logo": "base64"}  # kept in the showcase, not in the report


# Keeping -----------------------------------------------------------------------------------


def showcase_keep(*, scan: Scan, report: dict[str, Any]) -> ScanShowcase:
    """Store what `report` (the scan's report in its JSON form, as stored) measured for `scan`
    (a rerun replaces it), and drop the showcases of the same source's earlier scans: pages
    show the latest only."""
    shown = _data(report, SHOWCASE_CHECK)
    fields = _readme_fields(shown) | _logo_fields(shown.get("logo"))
    fields |= _history_fields(_data(report, HISTORY_CHECK))
    showcase, _ = ScanShowcase.objects.update_or_create(scan=scan, defaults=fields)
    if scan.repository_id is None:  # the uploaded archive
        same_source = Q(scan__repository__isnull=True)
    else:
        same_source = Q(scan__repository_id=scan.repository_id)
    ScanShowcase.objects.filter(
        same_source, scan__project_id=scan.project_id, scan_id__lt=scan.pk
    ).delete()
    return showcase


def report_without_kept_bodies(report: dict[str, Any]) -> dict[str, Any]:
    """The report's JSON form without the README's text and the logo's bytes, which the
    showcase keeps: the stored report stays small. Changes `report` in place."""
    for result in report.get("results") or ():
        if result.get("check_id") != SHOWCASE_CHECK:
            continue
        for part, body in _BODIES.items():
            if isinstance(result["data"].get(part), dict):
                result["data"][part].pop(body, None)
    return report


def _data(report: dict[str, Any], check_id: str) -> dict[str, Any]:
    for result in report.get("results") or ():
        if result.get("check_id") == check_id and result.get("outcome") == Outcome.PASS:
            data = result.get("data")
            return data if isinstance(data, dict) else {}
    return {}


def _readme_fields(data: dict[str, Any]) -> dict[str, Any]:
    readme = data.get("readme") or {}
    return {
        "readme_path": str(readme.get("path") or "")[:500],
        "readme_format": str(readme.get("format") or "")[:12],
        "readme": str(readme.get("text") or ""),
        "readme_truncated": bool(readme.get("truncated")),
    }


def _logo_fields(logo: Any) -> dict[str, Any]:
    none = {"logo": b"", "logo_media_type": "", "logo_sha256": ""}
    if not isinstance(logo, dict) or logo.get("media_type") not in LOGO_TYPES:
        return none
    try:
        content = base64.b64decode(str(logo.get("base64") or ""), validate=True)
    except (binascii.Error, ValueError):
        return none
    if not content:
        return none
    digest = hashlib.sha256(content).hexdigest()
    return {"logo": content, "logo_media_type": logo["media_type"], "logo_sha256": digest}


def _history_fields(data: dict[str, Any]) -> dict[str, Any]:
    if not data:
        return {"last_commit": None, "history": {}}
    last = parse_datetime(str(data.get("last_commit") or ""))
    return {"last_commit": last, "history": data}


# Reading -----------------------------------------------------------------------------------


def showcase_of(project: Project) -> ScanShowcase | None:
    """The showcase of the project's latest successful scan, without the logo's bytes."""
    if project.latest_scan_id is None:
        return None
    return ScanShowcase.objects.defer("logo").filter(scan_id=project.latest_scan_id).first()


def logo_url(project: Project, showcase: ScanShowcase | None) -> str:
    """The address of the project's stored logo, changing with its content; "" without one."""
    if showcase is None or not showcase.logo_media_type:
        return ""
    address = reverse("catalog:logo", kwargs={"slug": project.slug})
    return f"{address}?v={showcase.logo_sha256[:16]}"


@dataclass(frozen=True)
class ProjectCard:
    """The facts of a project's card in the catalog beyond its own fields."""

    logo_url: str
    monogram: str
    monogram_colour: int
    last_activity: datetime | None
    scanned: bool


MONOGRAM_COLOURS = 8


def monogram(name: str) -> str:
    """The initials of the project's first two words, in any script ("Supply Tracker": "ST")."""
    words = [word for word in name.split() if word[:1].isalnum()]
    letters = "".join(word[0] for word in words[:2]) or (name.strip()[:1] or "?")
    return letters.upper()


def monogram_colour(slug: str) -> int:
    """One of the stylesheet's monogram colours, the same for a project every time."""
    return int(hashlib.sha256(slug.encode()).hexdigest()[:8], 16) % MONOGRAM_COLOURS


def attach_cards(page: Page) -> None:  # type: ignore[type-arg]
    """Give each project of `page` its `card`, with one query for the whole page."""
    page.object_list = list(page.object_list)
    showcases = _showcases_by_scan(p.latest_scan_id for p in page.object_list)
    for project in page.object_list:
        showcase = showcases.get(project.latest_scan_id or 0)
        project.card = ProjectCard(
            logo_url=logo_url(project, showcase),
            monogram=monogram(project.name),
            monogram_colour=monogram_colour(project.slug),
            last_activity=showcase.last_commit if showcase else None,
            scanned=project.scan_health != ScanHealth.NOT_SCANNED,
        )


def _showcases_by_scan(scan_ids: Iterable[int | None]) -> dict[int, ScanShowcase]:
    wanted = [scan_id for scan_id in scan_ids if scan_id is not None]
    if not wanted:
        return {}
    rows: QuerySet[ScanShowcase] = ScanShowcase.objects.filter(scan_id__in=wanted).only(
        "scan_id", "logo_media_type", "logo_sha256", "last_commit"
    )
    return {row.scan_id: row for row in rows}
