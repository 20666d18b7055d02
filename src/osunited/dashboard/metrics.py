"""Every dashboard metric: its definition, and how it is measured at a moment (docs/metrics.md).

Only public facts are read: projects in a public status at that moment, and assessments both
submitted and published. Measuring at a past moment (the backfill) reads the workflow history:
a project's status is the last transition before it, a scan the last one finished before it.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from django.db.models import Q
from django.utils.translation import gettext_lazy as _
from django_stubs_ext import StrOrPromise

from osunited.dashboard.forge_activity import (
    forge_activity_of,
    forge_coverage,
    measure_forge_activity,
)
from osunited.forges.adapters import ForgeActivity
from osunited.scanner import default_policy
from osunited.scanner.licenses import is_osi_approved, license_ids

ALL = "all"
TOP_KEYS = 15  # a distribution keeps its 15 largest keys and sums the rest under "other"
FRESHNESS = ((7, "7 days"), (30, "30 days"), (90, "90 days"), (365, "a year"))
BUS_FACTOR_BUCKETS = ((1, "1"), (2, "2"), (5, "3 to 5"))
ORG_BUCKETS = ((1, "1"), (3, "2 to 3"))
VULNERABILITY_SEVERITIES = ("critical", "high", "medium", "low", "unknown")


@dataclass(frozen=True)
class Metric:
    id: str
    group: str  # adoption, catalog, compliance, community
    title: StrOrPromise
    unit: str  # count, share (0 to 1), days
    keyed: bool = False  # a distribution over keys, not one number
    scopes: str = "all entity sdg"  # where it means something
    description: StrOrPromise = ""
    # What the figure is measured over: "" (nothing to say), "projects" (every public project of
    # the scope), "scans" (the projects whose latest scan could measure it) or "forge" (those
    # whose repositories on the platform's forge had their activity read). A figure that nothing
    # measured is None ("not measured"), never 0.
    over: str = ""


METRICS: tuple[Metric, ...] = (
    Metric(
        "entities_by_stage",
        "adoption",
        _("Entities by stage"),
        "count",
        keyed=True,
        scopes="all",
        description=_("Entities by the stage of their latest published assessment."),
    ),
    Metric(
        "entities_assessed",
        "adoption",
        _("Entities with a published assessment"),
        "count",
        scopes="all",
    ),
    Metric(
        "entities_with_liaison",
        "adoption",
        _("Entities with an open source liaison"),
        "count",
        scopes="all",
    ),
    Metric(
        "entities_with_structure",
        "adoption",
        _("Entities with an OSPO or similar structure"),
        "count",
        scopes="all",
        description=_("Latest published assessment rates G2 (a governance structure) full."),
    ),
    Metric("ossib_members", "adoption", _("OSSIB members"), "count", scopes="all"),
    Metric(
        "stage",
        "adoption",
        _("Stage"),
        "count",
        scopes="entity",
        description=_("The stage of the entity's latest published assessment."),
    ),
    Metric("projects", "catalog", _("Public projects"), "count"),
    Metric(
        "projects_by_entity",
        "catalog",
        _("Projects by entity"),
        "count",
        keyed=True,
        scopes="all sdg",
    ),
    Metric(
        "projects_by_sdg", "catalog", _("Projects by SDG"), "count", keyed=True, scopes="all entity"
    ),
    Metric(
        "projects_by_development_status",
        "catalog",
        _("Projects by development status"),
        "count",
        keyed=True,
    ),
    Metric("projects_by_license", "catalog", _("Projects by license"), "count", keyed=True),
    Metric("projects_by_language", "catalog", _("Projects by language"), "count", keyed=True),
    Metric(
        "registrations_by_month",
        "catalog",
        _("Registrations per month"),
        "count",
        keyed=True,
        description=_("Public projects by the month they were first submitted."),
    ),
    Metric(
        "median_days_to_decision",
        "catalog",
        _("Median days from submission to decision"),
        "days",
        description=_("Public projects decided in the last 365 days."),
    ),
    Metric("sunset_candidates", "catalog", _("Sunset candidates"), "count"),
    Metric("archived", "catalog", _("Archived projects"), "count"),
    Metric(
        "share_osi_approved",
        "compliance",
        _("Under an OSI-approved license"),
        "share",
        over="projects",
    ),
    Metric(
        "share_recommended_license",
        "compliance",
        _("Under a recommended license"),
        "share",
        over="projects",
    ),
    Metric(
        "share_security_policy",
        "compliance",
        _("With a security policy"),
        "share",
        description=_("Of the scanned projects."),
        over="scans",
    ),
    Metric(
        "open_vulnerabilities",
        "compliance",
        _("Open known vulnerabilities by severity"),
        "count",
        keyed=True,
        over="scans",
        description=_("Of the projects whose latest scan had a vulnerability database."),
    ),
    Metric("scan_coverage", "compliance", _("Scanned successfully"), "share", over="projects"),
    Metric("scan_freshness", "compliance", _("Age of the latest scan"), "count", keyed=True),
    Metric(
        "active_contributors_90d",
        "community",
        _("Active contributors (90 days)"),
        "count",
        over="scans",
    ),
    Metric("commits_90d", "community", _("Commits (90 days)"), "count", over="scans"),
    Metric(
        "bus_factor", "community", _("Projects by bus factor"), "count", keyed=True, over="scans"
    ),
    Metric(
        "organisational_diversity",
        "community",
        _("Projects by contributing organisations"),
        "count",
        keyed=True,
        over="scans",
    ),
    Metric("unmaintained", "community", _("Unmaintained projects"), "count", over="scans"),
    Metric(
        "merge_requests_merged_90d",
        "community",
        _("Merge requests merged on the platform's forge (90 days)"),
        "count",
        over="forge",
    ),
    Metric(
        "median_first_response_hours",
        "community",
        _("Median first response to a merge request (hours)"),
        "hours",
        over="forge",
        description=_(
            "The median over repositories of each one's median, on the platform's forge."
        ),
    ),
    Metric(
        "people_trained",
        "capacity",
        _("People trained"),
        "count",
        scopes="all entity",
        description=_("People with a completion of a module or an event recorded on the platform."),
    ),
    Metric(
        "completions_by_osee_category",
        "capacity",
        _("Completions by OSEE category"),
        "count",
        keyed=True,
        scopes="all entity",
        description=_("A completion counts once in each category of the OSEE modules it covers."),
    ),
    Metric(
        "entities_meeting_cb1",
        "capacity",
        _("Entities meeting CB1 by the platform's records"),
        "count",
        scopes="all",
        description=_("At least one of their people completed foundational training."),
    ),
)
METRIC_IDS = frozenset(metric.id for metric in METRICS)
# Not a metric: over how many projects each figure over scans was measured (its "coverage").
COVERAGE = "coverage"


def metric(metric_id: str) -> Metric:
    return next(m for m in METRICS if m.id == metric_id)


# -- facts at a moment ---------------------------------------------------------------------------


@dataclass
class ProjectFacts:
    id: int
    entity_id: int
    status: str
    licenses: str
    languages: list[str]
    development_status: str
    sdgs: list[int] = field(default_factory=list)
    submitted_at: datetime | None = None
    decided_at: datetime | None = None
    scan: dict[str, Any] | None = None  # facts, maintenance, finished_at of the latest scan
    # The activity of its repositories on the platform's forge; None: not read (a past day).
    forge: list[ForgeActivity] | None = None


@dataclass
class EntityFacts:
    id: int
    stage: int | None  # latest published assessment
    structure: bool
    liaison: bool
    ossib_member: bool


def project_facts(at: datetime, *, live: bool) -> list[ProjectFacts]:
    """The public projects at `at`. `live`: the stored status and latest scan are those of now."""
    from osunited.catalog.models import Project, ProjectEvent, ProjectSdg, Scan, ScanStatus
    from osunited.catalog.workflow import PUBLIC_STATUSES, ProjectStatus

    # In a fixed order, so that ties in a distribution (two licenses with one project each) keep
    # the same order from one snapshot, one database and one run to the next.
    rows = (
        Project.objects.filter(created_at__lte=at)
        .order_by("pk")
        .values_list(
            "id",
            "entity_id",
            "status",
            "licenses",
            "languages",
            "development_status",
            "vulnerabilities",
        )
    )
    events: dict[int, list[tuple[datetime, str, str]]] = defaultdict(list)
    for project_id, when, from_status, to_status in ProjectEvent.objects.order_by(
        "project_id", "created_at", "pk"
    ).values_list("project_id", "created_at", "from_status", "to_status"):
        events[project_id].append((when, from_status, to_status))
    projects = {}
    over_sources: dict[int, dict[str, Any]] = {}
    for pid, entity_id, status, licenses, languages, development, vulnerabilities in rows:
        over_sources[pid] = vulnerabilities or {}
        history = [(when, reached) for when, _before, reached in events.get(pid, []) if when <= at]
        if not live:
            status = status_at(events.get(pid, []), at, now=status)
        if status not in PUBLIC_STATUSES:
            continue
        submitted = next((w for w, s in history if s == ProjectStatus.SUBMITTED), None)
        decided = next(
            (w for w, s in history if s in (ProjectStatus.APPROVED, ProjectStatus.REJECTED)), None
        )
        projects[pid] = ProjectFacts(
            pid,
            entity_id,
            status,
            licenses,
            list(languages or []),
            development,
            submitted_at=submitted,
            decided_at=decided,
        )
    for pid, goal in ProjectSdg.objects.filter(project_id__in=projects).values_list(
        "project_id", "goal"
    ):
        projects[pid].sdgs.append(goal)
    scans = Scan.objects.filter(status=ScanStatus.SUCCEEDED, project_id__in=projects)
    if live:
        scans = scans.filter(pk__in=Project.objects.values("latest_scan_id"))
    else:
        scans = scans.filter(finished_at__lte=at)
    oldest_first = scans.order_by("project_id", "finished_at")  # the latest is kept
    for pid, facts, maintenance, finished in oldest_first.values_list(
        "project_id", "facts", "maintenance", "finished_at"
    ):
        projects[pid].scan = {"facts": facts, "maintenance": maintenance, "finished_at": finished}
    if live:
        for pid, activity in forge_activity_of(list(projects)).items():
            projects[pid].forge = activity
    if live:  # known vulnerabilities over every source, not only the scan that finished last
        for pid, project in projects.items():
            if project.scan is not None:
                project.scan["facts"] = _with_vulnerabilities(
                    project.scan["facts"], over_sources[pid]
                )
    return list(projects.values())


_VULNERABILITY_KEYS = ("vulnerabilities", "vulnerabilities_not_measured", "vulnerability_database")


def _with_vulnerabilities(facts: dict[str, Any], over_sources: dict[str, Any]) -> dict[str, Any]:
    kept = {k: v for k, v in (facts or {}).items() if k not in _VULNERABILITY_KEYS}
    return kept | {k: over_sources[k] for k in _VULNERABILITY_KEYS if k in over_sources}


def status_at(events: list[tuple[datetime, str, str]], at: datetime, *, now: str) -> str:
    """A project's status at `at` from its transitions (when, from, to), oldest first: reached
    by the last one before `at`, else left by the first one after; without any, as it is now
    (a project imported in its status)."""
    before = [reached for when, _left, reached in events if when <= at]
    if before:
        return before[-1]
    return events[0][1] if events else now


def entity_facts(at: datetime) -> list[EntityFacts]:
    from osunited.assessments.models import Answer
    from osunited.assessments.selectors import public_assessments
    from osunited.entities.models import Entity, OssibStatus

    latest: dict[int, tuple[int, int | None]] = {}
    for pk, entity_id, stage in (
        public_assessments()
        .filter(submitted_at__lte=at)
        .order_by("submitted_at", "pk")
        .values_list("pk", "entity_id", "stage")
    ):
        latest[entity_id] = (pk, stage)
    structured = set(
        Answer.objects.filter(
            assessment_id__in=[pk for pk, _stage in latest.values()], item_id="G2", rating="full"
        ).values_list("assessment__entity_id", flat=True)
    )
    member = Q(ossib_status=OssibStatus.MEMBER) & (
        Q(ossib_member_since__isnull=True) | Q(ossib_member_since__lte=at.date())
    )
    members = set(Entity.objects.filter(member).values_list("pk", flat=True))
    return [
        EntityFacts(
            id=pk,
            stage=latest.get(pk, (0, None))[1],
            structure=pk in structured,
            liaison=liaison is not None,
            ossib_member=pk in members,
        )
        for pk, liaison in Entity.objects.values_list("pk", "liaison_id")
    ]


# -- measuring -----------------------------------------------------------------------------------


def _share(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def _top(counts: Counter[str], limit: int = TOP_KEYS) -> dict[str, int]:
    top = dict(counts.most_common(limit))
    rest = sum(counts.values()) - sum(top.values())
    return {**top, "other": rest} if rest else top


def _bucket(value: int, edges: Iterable[tuple[int, str]], above: str) -> str:
    return next((label for limit, label in edges if value <= limit), above)


def measure_projects(projects: list[ProjectFacts], at: datetime) -> dict[str, Any]:
    """The catalog, compliance and community metrics of a set of public projects, with the
    coverage of each figure measured over scans."""
    scanned = [p.scan for p in projects if p.scan]
    return {
        **_catalog(projects, at),
        **_compliance(projects, at),
        **_community(scanned),
        **measure_forge_activity(projects),
        COVERAGE: _coverage(projects, scanned) | forge_coverage(projects),
    }


# Which scan facts each figure over scans reads: a scan without them did not measure it.
_MEASURED_BY: dict[str, Callable[[dict[str, Any]], bool]] = {
    "share_security_policy": lambda scan: "security_policy" in scan["facts"],
    "open_vulnerabilities": lambda scan: "vulnerabilities" in scan["facts"],
    "active_contributors_90d": lambda scan: "contributors_90d" in scan["facts"],
    "commits_90d": lambda scan: "commits_90d" in scan["facts"],
    "bus_factor": lambda scan: "bus_factor" in scan["facts"],
    "organisational_diversity": lambda scan: "organisations" in scan["facts"],
    "unmaintained": lambda scan: scan["maintenance"] in ("maintained", "unmaintained"),
}


def _coverage(projects: list[ProjectFacts], scanned: list[dict[str, Any]]) -> dict[str, Any]:
    """{metric: {"measured": projects whose scan measured it, "not_scanned": without a scan}}"""
    not_scanned = len(projects) - len(scanned)
    return {
        metric_id: {"measured": sum(1 for s in scanned if measured(s)), "not_scanned": not_scanned}
        for metric_id, measured in _MEASURED_BY.items()
    }


def _catalog(projects: list[ProjectFacts], at: datetime) -> dict[str, Any]:
    goals = Counter(g for p in projects for g in p.sdgs)
    months = Counter(f"{p.submitted_at:%Y-%m}" for p in projects if p.submitted_at)
    decided = [
        (p.decided_at - p.submitted_at).total_seconds() / 86400
        for p in projects
        if p.decided_at and p.submitted_at and p.decided_at >= at - timedelta(days=365)
    ]
    return {
        "projects": len(projects),
        "projects_by_entity": _top(Counter(str(p.entity_id) for p in projects), 1000),
        "projects_by_sdg": {str(goal): goals[goal] for goal in sorted(goals)},
        "projects_by_development_status": dict(Counter(p.development_status for p in projects)),
        "projects_by_license": _top(Counter(p.licenses or "none" for p in projects)),
        "projects_by_language": _top(Counter(lang for p in projects for lang in p.languages)),
        "registrations_by_month": dict(sorted(months.items())),
        "median_days_to_decision": round(median(decided), 1) if decided else None,
        "sunset_candidates": sum(1 for p in projects if p.status == "sunset_notice"),
        "archived": sum(1 for p in projects if p.status == "archived"),
    }


def _compliance(projects: list[ProjectFacts], at: datetime) -> dict[str, Any]:
    recommended = default_policy().recommended_licenses
    ids = [license_ids(p.licenses) if p.licenses.strip() else () for p in projects]
    facts = [p.scan["facts"] for p in projects if p.scan]
    with_policy = [f["security_policy"] for f in facts if "security_policy" in f]
    osi = sum(1 for i in ids if i and all(map(is_osi_approved, i)))
    recommended_only = sum(1 for i in ids if i and all(x in recommended for x in i))
    return {
        "share_osi_approved": _share(osi, len(projects)),
        "share_recommended_license": _share(recommended_only, len(projects)),
        "share_security_policy": _share(sum(with_policy), len(with_policy)),
        "open_vulnerabilities": _vulnerabilities(facts),
        "scan_coverage": _share(len(facts), len(projects)),
        "scan_freshness": _freshness(projects, at),
    }


def _vulnerabilities(facts: list[dict[str, Any]]) -> dict[str, int] | None:
    """By severity over the scans that had a vulnerability database; None if none had one."""
    measured = [f["vulnerabilities"] for f in facts if isinstance(f.get("vulnerabilities"), dict)]
    if not measured:
        return None
    counts: Counter[str] = Counter()
    for found in measured:
        counts.update(found)
    return {k: counts.get(k, 0) for k in VULNERABILITY_SEVERITIES}


def _community(scanned: list[dict[str, Any]]) -> dict[str, Any]:
    facts = [s["facts"] for s in scanned]
    judged = [s for s in scanned if _MEASURED_BY["unmaintained"](s)]
    return {
        "active_contributors_90d": _sum(facts, "contributors_90d"),
        "commits_90d": _sum(facts, "commits_90d"),
        "bus_factor": _distribution(facts, "bus_factor", BUS_FACTOR_BUCKETS, "6+"),
        "organisational_diversity": _distribution(facts, "organisations", ORG_BUCKETS, "4+"),
        "unmaintained": (
            sum(1 for s in judged if s["maintenance"] == "unmaintained") if judged else None
        ),
    }


def _sum(facts: list[dict[str, Any]], name: str) -> int | None:
    measured = [int(f[name]) for f in facts if name in f]
    return sum(measured) if measured else None


def _freshness(projects: list[ProjectFacts], at: datetime) -> dict[str, int]:
    buckets = Counter(
        _bucket((at - p.scan["finished_at"]).days, FRESHNESS, "older") if p.scan else "never"
        for p in projects
    )
    labels = [*(label for _, label in FRESHNESS), "older", "never"]
    return {label: buckets.get(label, 0) for label in labels}


def _distribution(
    facts: list[dict[str, Any]], name: str, edges: tuple[tuple[int, str], ...], above: str
) -> dict[str, int] | None:
    measured = [int(f[name]) for f in facts if name in f]
    if not measured:
        return None
    counts = Counter(_bucket(value, edges, above) for value in measured)
    return {label: counts.get(label, 0) for label in [*(b for _, b in edges), above]}


def measure_entities(entities: list[EntityFacts]) -> dict[str, Any]:
    stages = Counter(str(e.stage) for e in entities if e.stage is not None)
    return {
        "entities_by_stage": {str(k): stages.get(str(k), 0) for k in range(5)},
        "entities_assessed": sum(stages.values()),
        "entities_with_liaison": sum(1 for e in entities if e.liaison),
        "entities_with_structure": sum(1 for e in entities if e.structure),
        "ossib_members": sum(1 for e in entities if e.ossib_member),
    }


def measure_all(at: datetime, *, live: bool) -> dict[str, dict[str, Any]]:
    """Every scope's values at `at`: "all", then "e<id>" per entity, "g<goal>" per SDG."""
    projects = project_facts(at, live=live)
    entities = entity_facts(at)
    by_entity: dict[int, list[ProjectFacts]] = defaultdict(list)
    by_goal: dict[int, list[ProjectFacts]] = defaultdict(list)
    for project in projects:
        by_entity[project.entity_id].append(project)
        for goal in project.sdgs:
            by_goal[goal].append(project)
    capacity = measure_capacity(at)
    scopes = {
        ALL: {**measure_projects(projects, at), **measure_entities(entities), **capacity[ALL]}
    }
    for entity in entities:
        values = measure_projects(by_entity.get(entity.id, []), at)
        untrained = {"people_trained": 0, "completions_by_osee_category": {}}
        trained = capacity.get(f"e{entity.id}", untrained)
        scopes[f"e{entity.id}"] = {**_only(values, "entity"), "stage": entity.stage, **trained}
    for goal in range(1, 18):
        scopes[f"g{goal}"] = _only(measure_projects(by_goal.get(goal, []), at), "sdg")
    return scopes


def measure_capacity(at: datetime) -> dict[str, dict[str, Any]]:
    """Capacity building (CPF 4.5) from the learning app's completions, per scope."""
    from osunited.learning.selectors.capacity import capacity_figures

    return capacity_figures(at)


def _only(values: dict[str, Any], scope_kind: str) -> dict[str, Any]:
    kept = {m.id for m in METRICS if scope_kind in m.scopes.split()}
    shown = {k: v for k, v in values.items() if k in kept}
    return {**shown, COVERAGE: {k: v for k, v in values[COVERAGE].items() if k in kept}}


def day_end(day: date) -> datetime:
    """The last moment of `day` in the platform's time zone: what a snapshot of that day saw."""
    from django.utils import timezone

    start = timezone.make_aware(datetime.combine(day, datetime.min.time()))
    return start + timedelta(days=1) - timedelta(microseconds=1)
