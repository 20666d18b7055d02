"""The demo catalog: projects in every part of their life, with real scans of repositories
generated on this machine (see repositories.py)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils import timezone

from osunited.accounts.models import User
from osunited.catalog.models import Project, Scan, ScanStatus, ScanTrigger
from osunited.catalog.scanning import scan_execute, scan_request
from osunited.catalog.services import project_create, project_review_submit, project_transition
from osunited.demo.repositories import (
    SECOND_SCAN_CHANGE,
    apply_commit,
    build_repository,
    demo_repositories,
)
from osunited.entities.models import Entity

PUBLIC_BASE_URL = "https://code.demo.example/un"  # what the demo publiccode.yml files claim


@dataclass(frozen=True)
class DemoProject:
    name: str
    repository: str
    entity: str
    purpose: str
    description: str
    sdgs: tuple[tuple[int, str], ...]
    stage: str  # published, sunset_notice, in_review, draft
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    licenses: str = "Apache-2.0"
    dependencies: tuple[str, ...] = ()


DEMO_PROJECTS = (
    DemoProject(
        "Field Survey",
        "field-survey",
        "WFP",
        "Offline-first household surveys for field offices.",
        "Field staff collect household surveys on phones without a connection; answers are "
        "checked, synchronised and exported with a full audit trail.",
        (
            (2, "Food security assessments in 40 country offices."),
            (17, "Shared with partner NGOs under Apache-2.0."),
        ),
        "published",
        ("data collection", "surveys"),
        ("Python",),
        "Apache-2.0",
        ("django", "requests", "pyyaml"),
    ),
    DemoProject(
        "School Connect",
        "school-connect",
        "UNICEF",
        "Maps the internet connectivity of schools.",
        "A web map of schools and their connection speed, fed by daily measurements, used to "
        "plan where connectivity investments reach the most children.",
        (
            (4, "Plans connectivity for 1.2 million schools."),
            (9, "Guides investment in digital infrastructure."),
        ),
        "published",
        ("maps", "connectivity", "education"),
        ("JavaScript",),
        "MIT",
        ("leaflet", "lodash"),
    ),
    DemoProject(
        "Crop Forecast",
        "crop-forecast",
        "FAO",
        "Forecasts crop yields from rainfall records.",
        "A statistical model that forecasts yields of staple crops from rainfall series.",
        ((2, "Early warning of poor harvests."),),
        "sunset_notice",
        ("agriculture", "forecasting"),
        ("Python",),
        "GPL-3.0-only",
    ),
    DemoProject(
        "Supply Tracker",
        "supply-tracker",
        "WHO",
        "Follows medical supplies from warehouse to clinic.",
        "Barcode scanning at each hand-over shows where supplies are and what is running low.",
        ((3, "Keeps essential medicines in stock at rural clinics."),),
        "in_review",
        ("logistics", "health"),
        ("Python",),
        "Apache-2.0",
        ("flask",),
    ),
    DemoProject(
        "Cash Ledger",
        "cash-ledger",
        "WFP",
        "Reconciles cash transfers to households.",
        "A ledger that reconciles cash transfers with payment provider reports.",
        ((1, "Cash assistance reaches the households it is meant for."),),
        "draft",
        ("finance",),
        ("Go",),
        "",
    ),
)

FOCAL_POINT = "focalpoint@wfp.org"
REVIEWER = "reviewer@undp.org"


def load_catalog() -> None:
    root = Path(settings.VAR_DIR) / "demo-repos"
    now = timezone.now()
    paths = {
        repository.name: build_repository(root, repository, now=now)
        for repository in demo_repositories(PUBLIC_BASE_URL)
    }
    focal_point = User.objects.get(email=FOCAL_POINT)
    reviewer = User.objects.get(email=REVIEWER)
    for demo in DEMO_PROJECTS:
        project = _register(demo, paths[demo.repository], focal_point)
        _advance(project, demo, focal_point, reviewer, paths[demo.repository])


def _register(demo: DemoProject, path: Path, focal_point: User) -> Project:
    """A staff member of the project's entity registers it (CPF 4.3.2), with the demo's focal
    point beside them."""
    entity = Entity.objects.get(acronym=demo.entity)
    registrant = User.objects.filter(entity=entity).order_by("pk").first() or focal_point
    return project_create(
        entity=entity,
        created_by=registrant,
        focal_points=list(dict.fromkeys([focal_point, registrant])),
        repositories=[path.as_uri()],
        sdgs=demo.sdgs,
        name=demo.name,
        purpose=demo.purpose,
        description=demo.description,
        development_status="stable" if demo.stage != "draft" else "development",
        hosting="external",
        topics=list(demo.topics),
        languages=list(demo.languages),
        licenses=demo.licenses,
        dependencies=list(demo.dependencies),
        website=f"{PUBLIC_BASE_URL}/{demo.repository}",
        documentation_url=f"{PUBLIC_BASE_URL}/{demo.repository}/docs",
        features=["Works offline", "Audit trail", "Export to CSV"],
    )


def _advance(
    project: Project, demo: DemoProject, focal_point: User, reviewer: User, path: Path
) -> None:
    if demo.stage == "draft":
        return
    _transition(project, "submit", focal_point, "Ready for the committee's review.")
    _run_queued_scans(project)
    if demo.stage == "in_review":
        return
    if demo.repository == "field-survey":
        # A change between the scan on submission and the one on approval: the project page
        # shows what it fixed and what it broke.
        apply_commit(path, SECOND_SCAN_CHANGE, now=timezone.now())
    project_review_submit(
        project=project,
        reviewer=reviewer,
        decision="approve",
        checklist={},
        comment="Meets the minimum requirements: OSI license, focal point, documentation.",
    )
    _run_queued_scans(project)
    _transition(project, "publish", focal_point, "Published after the committee's approval.")
    if demo.stage == "sunset_notice":
        _transition(
            project,
            "give_sunset_notice",
            None,
            "The latest scan found no commit in the last 365 days: the repository reads "
            "unmaintained. Confirm the project is maintained, or it may be archived.",
        )


def _transition(project: Project, action: str, user: User | None, comment: str) -> None:
    project_transition(
        project=Project.objects.get(pk=project.pk), action=action, user=user, comment=comment
    )


def _run_queued_scans(project: Project) -> None:
    """Scans run at once here, so the catalog shows results on first start; the worker will
    find them done (scan_execute is idempotent)."""
    queued = Scan.objects.filter(project=project, status=ScanStatus.QUEUED)
    for scan_id in queued.values_list("pk", flat=True):
        scan_execute(scan_id)
    if not Scan.objects.filter(project=project).exists():
        for scan in scan_request(project=project, trigger=ScanTrigger.ON_DEMAND):
            scan_execute(scan.pk)
