"""Reads of the OSPO strategy tools: what the latest scan measured of a project's size, an
entity's portfolio for its staffing plan, and who may plan an entity's staffing."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext as _

from osunited.accounts.models import User
from osunited.accounts.roles import CAPACITY_TEAM, learning_entities_of
from osunited.accounts.types import Viewer
from osunited.catalog.models import Project, Scan
from osunited.catalog.selectors import visible_projects
from osunited.catalog.workflow import ProjectStatus
from osunited.entities.models import Entity
from osunited.learning.models import Completion
from osunited.learning.selectors.events import may_decide_for_entity
from osunited.strategy import Portfolio

# Drafts, rejected and archived projects are not part of what an OSPO looks after.
OUTSIDE_PORTFOLIO = (ProjectStatus.DRAFT, ProjectStatus.REJECTED, ProjectStatus.ARCHIVED)
OPEN_SEVERITIES = ("warning", "error")  # info findings ask nothing of anyone
PROJECTS_OFFERED = 20


@dataclass(frozen=True)
class ScanSize:
    """What the project's latest succeeded scan measured of its size. `lines_of_code` is None
    when the scan did not count them: `code_not_counted` says why (`older_scan`: it was made
    before the scanner counted lines; `no_code_in_a_counted_language`)."""

    scan_id: int
    finished_at: datetime | None
    revision: str
    files: int | None
    bytes: int | None
    lines_of_code: int | None = None
    lines_of_code_in_tests: int | None = None
    languages: tuple[tuple[str, int], ...] = ()  # code lines by language, most first
    code_not_counted: str = ""


def latest_scan_size(project: Project) -> ScanSize | None:
    """None while no scan of the project has succeeded. Reads a few figures of the stored
    report and the lines of code its facts keep, never the whole report (a monorepo's runs to
    megabytes)."""
    if project.latest_scan_id is None:
        return None
    row = (
        Scan.objects.filter(pk=project.latest_scan_id)
        .values(
            "pk",
            "finished_at",
            "revision",
            "report__stats__files",
            "report__stats__bytes",
            "facts__lines_of_code",
            "facts__lines_of_code_in_tests",
            "facts__lines_of_code_by_language",
            "facts__lines_of_code_not_measured",
        )
        .first()
    )
    if row is None:
        return None
    lines = _count(row["facts__lines_of_code"])
    return ScanSize(
        scan_id=row["pk"],
        finished_at=row["finished_at"],
        revision=row["revision"],
        files=_count(row["report__stats__files"]),
        bytes=_count(row["report__stats__bytes"]),
        lines_of_code=lines,
        lines_of_code_in_tests=_count(row["facts__lines_of_code_in_tests"]),
        languages=_languages(row["facts__lines_of_code_by_language"]),
        code_not_counted=_not_counted(lines, row["facts__lines_of_code_not_measured"]),
    )


def _languages(value: object) -> tuple[tuple[str, int], ...]:
    if not isinstance(value, dict):
        return ()
    counted = [(str(name), lines) for name, lines in value.items() if _count(lines) is not None]
    return tuple(sorted(counted, key=lambda item: (-item[1], item[0])))


def _not_counted(lines: int | None, reason: object) -> str:
    if lines is not None:
        return ""
    return "no_code_in_a_counted_language" if reason else "older_scan"


def _count(value: object) -> int | None:
    return value if isinstance(value, int) and not isinstance(value, bool) else None


def scanned_projects_for(viewer: Viewer) -> QuerySet[Project]:
    """The most recently scanned projects `viewer` may see, for the replacement value."""
    return (
        visible_projects(viewer)
        .filter(latest_scan__isnull=False)
        .order_by("-latest_scan__finished_at", "pk")
        .only("name", "slug")[:PROJECTS_OFFERED]
    )


def may_plan_staffing(viewer: Viewer, entity: Entity) -> bool:
    """The capacity-building team for every entity; an entity's representatives and learning
    focal points (and platform admins) for theirs."""
    return CAPACITY_TEAM.allows(viewer) or may_decide_for_entity(viewer, entity)


def get_entity_for_staffing(viewer: Viewer, slug: str) -> Entity:
    entity = Entity.objects.filter(slug=slug).first()
    if entity is None:
        raise Http404(_("No such entity."))
    if not may_plan_staffing(viewer, entity):
        raise PermissionDenied(
            _("Only the entity's representatives, its learning focal points and the capacity team.")
        )
    return entity


def entities_to_plan_for(viewer: Viewer) -> QuerySet[Entity]:
    if viewer.is_authenticated and CAPACITY_TEAM.allows(viewer):
        return Entity.objects.order_by("acronym")
    return learning_entities_of(viewer)


def entity_portfolio(entity: Entity) -> Portfolio:
    """The entity's projects, the open findings (warnings and errors) of each project's latest
    succeeded scan, and its active people, with those who have completed nothing."""
    projects = Project.objects.filter(entity=entity).exclude(status__in=OUTSIDE_PORTFOLIO)
    summaries = Scan.objects.filter(
        pk__in=projects.exclude(latest_scan=None).values("latest_scan_id")
    ).values_list("summary", flat=True)
    open_findings = licensing = 0
    for summary in summaries:
        open_findings += _open(summary.get("by_severity") or {})
        licensing += _open((summary.get("by_pillar") or {}).get("licensing") or {})
    people = User.objects.filter(entity=entity, is_active=True)
    learnt = Completion.objects.filter(revoked_at__isnull=True).values("user_id")
    return Portfolio(
        projects=projects.count(),
        open_findings=open_findings,
        licensing_findings=licensing,
        people=people.count(),
        people_to_train=people.exclude(pk__in=learnt).count(),
    )


def _open(counts: dict[str, object]) -> int:
    return sum(_count(counts.get(severity)) or 0 for severity in OPEN_SEVERITIES)
