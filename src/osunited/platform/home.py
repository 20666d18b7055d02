"""The home page, composed from the roles a person holds: one section per role, the one with the
most work waiting first, then the platform's figures. Each section reads through its app's own
selectors, in a fixed number of queries however much work waits."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from django.contrib.auth.models import AnonymousUser
from django.db.models import Count, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from osunited.accounts.models import User
from osunited.accounts.roles import Role, roles_of
from osunited.assessments.models import Assessment
from osunited.assessments.selectors import (
    AssessmentReport,
    EntityStanding,
    public_assessments,
    standings_of_representative,
)
from osunited.catalog.models import Project, ScanHealth
from osunited.catalog.review import review_queue
from osunited.catalog.selectors import projects_of_focal_point, visible_projects
from osunited.catalog.sunset import confirmation_due_at
from osunited.catalog.vulnerabilities import project_vulnerability_figures
from osunited.catalog.workflow import ProjectStatus
from osunited.dashboard.metrics import ALL, COVERAGE
from osunited.dashboard.selectors import latest_snapshot
from osunited.entities.models import Entity, OssibStatus
from osunited.framework import Item
from osunited.governance.selectors.board import open_petitions, open_votes_for, recent_decisions
from osunited.governance.selectors.meetings import next_meeting
from osunited.learning.selectors.events import (
    EventFilters,
    drafts_for,
    published_events,
    registrations_awaiting,
)
from osunited.licensing.selectors.office_hours import question_queue
from osunited.platform.work import WorkCounts, work_counts_for_request

QUEUE_SHOWN = 10
PETITIONS_SHOWN = 5
DECISIONS_SHOWN = 3
REGISTRATIONS_SHOWN = 10
QUESTIONS_SHOWN = 5
EVENTS_SHOWN = 5
GAPS_SHOWN = 8
CONFIRM_AHEAD_DAYS = 30


@dataclass(frozen=True)
class Section:
    """One part of the home page, rendered by `platform/home/_<key>.html` with `data`."""

    key: str
    waiting: int  # things that wait for this person's action: sections with more come first
    data: dict[str, Any] = field(default_factory=dict)


@dataclass(frozen=True)
class Need:
    """Something a project needs from its focal point, and the page where they do it."""

    text: str
    url: str


def home_sections(request: HttpRequest) -> list[Section]:
    """The sections of `request.user`'s home page, in the order they are shown."""
    user = request.user
    if not user.is_authenticated:
        return [overview_section()]
    counts = work_counts_for_request(request)
    assert counts is not None
    held = roles_of(user)
    sections = [build(user, counts) for roles, build in _SECTION_BUILDERS if roles & held]
    work = [section for section in sections if section is not None]
    work.sort(key=lambda section: -section.waiting)  # stable: the role order breaks ties
    if not work:
        work.append(Section("start", 0, {"un_staff": Role.UN_STAFF in held}))
    return [*work, overview_section()]


# -- a focal point ------------------------------------------------------------------------------


def focal_point_section(user: User, counts: WorkCounts) -> Section | None:
    now = timezone.now()
    rows = [(project, _project_needs(project, now)) for project in projects_of_focal_point(user)]
    if not rows:
        return None
    rows.sort(key=lambda row: -len(row[1]))  # stable: by name among equals
    waiting = sum(len(needs) for _, needs in rows)
    return Section("focal_point", waiting, {"rows": rows, "waiting": waiting})


def _project_needs(project: Project, now: datetime) -> list[Need]:
    """What the project waits for from its focal points, the most pressing first."""

    page = reverse("catalog:detail", kwargs={"slug": project.slug})
    needs = _status_needs(project, page, now)
    if project.failed_scans:  # type: ignore[attr-defined]
        scans = reverse("catalog:scan_list", kwargs={"slug": project.slug})
        needs.append(Need(_("A scan failed: see why, then scan again."), scans))
    needs.extend(_scan_needs(project, project_vulnerability_figures(project).total))
    unanswered: int = project.feedback_to_answer  # type: ignore[attr-defined]
    if unanswered:
        text = ngettext(
            "%(count)d piece of feedback waits for your answer.",
            "%(count)d pieces of feedback wait for your answer.",
            unanswered,
        ) % {"count": unanswered}
        needs.append(Need(text, f"{page}#feedback"))
    return needs


def _status_needs(project: Project, page: str, now: datetime) -> list[Need]:
    status = ProjectStatus(project.status)
    if status == ProjectStatus.CHANGES_REQUESTED:
        mine = reverse("catalog:mine")
        return [Need(_("The review committee asked for changes: read its feedback."), mine)]
    if status == ProjectStatus.DRAFT:
        return [Need(_("A draft: complete it and submit it for review."), page)]
    if status == ProjectStatus.APPROVED:
        return [Need(_("Approved: publish it in the catalog when it is ready."), page)]
    if status == ProjectStatus.SUNSET_NOTICE:
        deadline = _day(project.sunset_deadline)
        text = _("Sunset notice: confirm it is still maintained by %(date)s.") % {"date": deadline}
        return [Need(text, page)]
    due = confirmation_due_at(project)
    if status == ProjectStatus.PUBLISHED and due <= now + timedelta(days=CONFIRM_AHEAD_DAYS):
        text = _("Confirm that the entry is current by %(date)s.") % {"date": _day(due)}
        return [Need(text, page)]
    return []


def _scan_needs(project: Project, vulnerabilities: int | None) -> list[Need]:
    if project.latest_scan is None:
        return []
    scan = reverse(
        "catalog:scan_detail", kwargs={"slug": project.slug, "pk": project.latest_scan.pk}
    )
    needs = []
    if vulnerabilities:
        text = ngettext(
            "Its dependencies have %(count)d known vulnerability.",
            "Its dependencies have %(count)d known vulnerabilities.",
            vulnerabilities,
        ) % {"count": vulnerabilities}
        needs.append(Need(text, scan))
    if project.scan_health == ScanHealth.AT_RISK:
        needs.append(Need(_("The latest scan found problems to fix."), scan))
    return needs


def _day(moment: datetime | None) -> str:
    return date_format(timezone.localtime(moment), "DATE_FORMAT") if moment else "—"


# -- a reviewer ---------------------------------------------------------------------------------


def reviewer_section(user: User, counts: WorkCounts) -> Section | None:
    now = timezone.now()
    queue = review_queue().only("name", "slug", "status", "status_changed_at", "entity__acronym")
    rows = [
        {
            "project": project,
            "url": reverse("catalog:review", kwargs={"slug": project.slug}),
            "days": (now - (_submitted_at(project) or project.status_changed_at)).days,
            "own_entity": user.entity_id is not None and project.entity_id == user.entity_id,
        }
        for project in queue[:QUEUE_SHOWN]
    ]
    queued, feedback = counts.review_queue or 0, counts.feedback or 0
    data = {"rows": rows, "queued": queued, "feedback": feedback}
    return Section("reviewer", queued + feedback, data)


def _submitted_at(project: Project) -> datetime | None:
    return getattr(project, "submitted_at", None)  # review_queue's annotation


# -- an entity's representative -----------------------------------------------------------------


@dataclass(frozen=True)
class StandingRow:
    standing: EntityStanding
    gaps: list[Item]  # the first GAPS_SHOWN items not met for the next stage
    more_gaps: int
    url: str  # where to continue: the answers of a draft, the result of a submitted one


def representative_section(user: User, counts: WorkCounts) -> Section | None:
    rows = []
    for standing in standings_of_representative(user):
        gaps = _next_stage_gaps(standing.report)
        rows.append(
            StandingRow(
                standing,
                gaps[:GAPS_SHOWN],
                max(len(gaps) - GAPS_SHOWN, 0),
                _assessment_url(standing),
            )
        )
    if not rows:
        return None
    drafts = sum(1 for row in rows if _is_draft(row.standing.assessment))
    return Section("representative", drafts, {"rows": rows})


def _next_stage_gaps(report: AssessmentReport | None) -> list[Item]:
    """The items not met that the next stage requires (those of the stages before included)."""
    if report is None:
        return []
    return [item for _stage, items in report.gaps() for item in items]


def _is_draft(assessment: Assessment | None) -> bool:
    return assessment is not None and assessment.is_editable


def _assessment_url(standing: EntityStanding) -> str:
    if standing.assessment is None:
        return reverse("assessments:start", kwargs={"slug": standing.entity.slug})
    if standing.assessment.is_editable:
        return reverse("assessments:answers", kwargs={"pk": standing.assessment.pk})
    return reverse("assessments:detail", kwargs={"pk": standing.assessment.pk})


# -- the Board and its secretariat --------------------------------------------------------------


def board_section(user: User, counts: WorkCounts) -> Section | None:
    votes = list(open_votes_for(user))
    petitions = list(open_petitions()[: PETITIONS_SHOWN + 1])
    data = {
        "votes": votes,
        "votes_to_cast": counts.votes,
        "petitions": petitions[:PETITIONS_SHOWN],
        "more_petitions": len(petitions) > PETITIONS_SHOWN,
        "next_meeting": next_meeting(),
        "recent_decisions": list(recent_decisions(DECISIONS_SHOWN)),
    }
    return Section("board", (counts.votes or 0) + len(petitions), data)


# -- learning and licensing ---------------------------------------------------------------------


def learning_section(user: User, counts: WorkCounts) -> Section | None:
    registrations = list(registrations_awaiting(user)[: REGISTRATIONS_SHOWN + 1])
    if not registrations:
        return None
    rows = [
        {
            "registration": registration,
            "url": reverse(
                "learning:events_entity_registrations", kwargs={"entity_slug": entity.slug}
            ),
        }
        for registration in registrations[:REGISTRATIONS_SHOWN]
        if (entity := registration.entity) is not None  # always: awaited by an entity
    ]
    more = len(registrations) > REGISTRATIONS_SHOWN
    return Section("learning", len(registrations), {"rows": rows, "more": more})


def capacity_section(user: User, counts: WorkCounts) -> Section | None:
    """The capacity-building team: drafts to publish, and the coming events, with their
    check-in and attendance pages."""
    drafts = drafts_for(user)
    upcoming, _past = published_events(EventFilters())
    data = {"drafts": drafts, "upcoming": upcoming[:EVENTS_SHOWN]}
    return Section("capacity", len(drafts), data)


def licensing_section(user: User, counts: WorkCounts) -> Section | None:
    questions = list(question_queue()[: QUESTIONS_SHOWN + 1])
    data = {"questions": questions[:QUESTIONS_SHOWN], "more": len(questions) > QUESTIONS_SHOWN}
    return Section("licensing", len(questions), data)


# -- everyone: the platform's figures -----------------------------------------------------------


@dataclass(frozen=True)
class Figure:
    text: str  # the figure in words, its number included ("12 projects in the catalog")
    url: str
    note: str = ""


def overview_section() -> Section:
    """The catalog, the dashboard and the framework, with the figures that are measured (a
    figure nobody measured is left out, never shown as 0)."""
    entities = Entity.objects.aggregate(
        all=Count("pk"), members=Count("pk", filter=Q(ossib_status=OssibStatus.MEMBER))
    )
    projects = visible_projects(AnonymousUser()).count()
    assessments = public_assessments().count()
    figures = [
        Figure(
            ngettext(
                "%(count)d project in the catalog", "%(count)d projects in the catalog", projects
            )
            % {"count": projects},
            reverse("catalog:list"),
        ),
        Figure(
            ngettext("%(count)d UN entity", "%(count)d UN entities", entities["all"])
            % {"count": entities["all"]},
            reverse("entities:list"),
        ),
        Figure(
            ngettext(
                "%(count)d entity on the OSSIB",
                "%(count)d entities on the OSSIB",
                entities["members"],
            )
            % {"count": entities["members"]},
            reverse("entities:ossib"),
        ),
        Figure(
            ngettext(
                "%(count)d published self-assessment",
                "%(count)d published self-assessments",
                assessments,
            )
            % {"count": assessments},
            reverse("dashboard:public"),
        ),
        *_snapshot_figures(),
    ]
    return Section("overview", 0, {"figures": figures})


def _snapshot_figures() -> list[Figure]:
    """The dashboard's latest measures of what is costly to count live: vulnerabilities over the
    projects whose scans measured them."""
    snapshot = latest_snapshot(ALL)
    found = (snapshot.values if snapshot else {}).get("open_vulnerabilities")
    if snapshot is None or not isinstance(found, dict):
        return []
    measured = snapshot.values.get(COVERAGE, {}).get("open_vulnerabilities", {}).get("measured")
    note = ngettext(
        "over the %(count)d project whose scan measured them, on %(date)s",
        "over the %(count)d projects whose scans measured them, on %(date)s",
        measured or 0,
    ) % {"count": measured or 0, "date": _day_of(snapshot.day)}
    total = sum(int(count) for count in found.values())
    text = ngettext(
        "%(count)d known vulnerability open", "%(count)d known vulnerabilities open", total
    ) % {"count": total}
    return [Figure(text, reverse("dashboard:public"), note)]


def _day_of(day: date) -> str:
    return date_format(day, "DATE_FORMAT")


Builder = Callable[[User, WorkCounts], Section | None]
# Each section, in the order shown when they wait equally, with the roles that give it.
_SECTION_BUILDERS: tuple[tuple[frozenset[Role], Builder], ...] = (
    (frozenset({Role.REVIEWER}), reviewer_section),
    (frozenset({Role.FOCAL_POINT}), focal_point_section),
    (frozenset({Role.ENTITY_REPRESENTATIVE}), representative_section),
    (frozenset({Role.OSSIB_MEMBER, Role.BOARD_SECRETARIAT}), board_section),
    (frozenset({Role.LEARNING_FOCAL_POINT, Role.ENTITY_REPRESENTATIVE}), learning_section),
    (frozenset({Role.CAPACITY_TEAM}), capacity_section),
    (frozenset({Role.LICENSING_GROUP}), licensing_section),
)
