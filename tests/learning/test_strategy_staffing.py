"""An entity's OSPO staffing plan: the OSEE roles sized by its portfolio (projects, open findings
of their latest scans, people to train), with the reasoning, for those who plan its staffing."""

from __future__ import annotations

from datetime import date

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project, Scan, ScanStatus, ScanTrigger
from osunited.learning.models import Completion, CompletionSource, LearningModule
from osunited.osee import load_osee
from osunited.strategy import SIZING_RULES
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory

URL = "/learning/strategy/staffing/unicef/"


def with_scan(project: Project, *, warnings: int, licensing_errors: int) -> None:
    summary = {
        "total": warnings + licensing_errors + 3,
        "by_severity": {"info": 3, "warning": warnings, "error": licensing_errors},
        "by_pillar": {
            "licensing": {"error": licensing_errors, "info": 3},
            "security": {"warning": warnings},
        },
    }
    now = timezone.now()
    scan = Scan.objects.create(
        project=project,
        trigger=ScanTrigger.ON_DEMAND,
        status=ScanStatus.SUCCEEDED,
        started_at=now,
        finished_at=now,
        summary=summary,
    )
    project.latest_scan = scan
    project.save(update_fields=["latest_scan"])


@pytest.fixture
def portfolio(cast: Cast) -> None:
    """UNICEF: two projects in the catalogue (and a draft left out), 7 warnings and 5 licensing
    errors; five active accounts, one of whom completed a module."""
    for index, status in enumerate(("published", "submitted", "draft")):
        project = ProjectFactory(slug=f"unicef-{index}", entity=cast.unicef, status=status)
        with_scan(project, warnings=3 + index, licensing_errors=2 + index)
    for number in range(3):
        UserFactory(email=f"staff{number}@unicef.org")
    module = LearningModule.objects.create(
        slug="intro", title="Intro", summary="S", kind="cpf_basic", level="introductory"
    )
    Completion.objects.create(
        user=cast.alice,
        module=module,
        entity=cast.unicef,
        source=CompletionSource.SELF_PACED,
        completed_on=date(2026, 1, 5),
    )


def test_every_role_of_the_osee_table_has_a_rule_of_ours() -> None:
    roles = {" ".join(role.role.lower().split()) for role in load_osee().ospo_roles}
    assert roles == set(SIZING_RULES)


def test_the_representative_sees_the_portfolio_and_the_reasoning(
    cast: Cast, portfolio: None
) -> None:
    response = client_for(cast.erin).get(URL)
    assert response.status_code == 200
    page = response.content.decode()
    assert "2 projects in the catalogue" in page
    assert "12 warnings and errors in the latest successful scan of each project, 5 of" in page
    assert "4 of the entity's 5 active accounts have completed no event or module" in page
    assert (
        "0.5 FTE to hold the role, plus 0.02 FTE for each of the 2 projects in the catalogue: "
        "0.6 FTE, rounded up to a tenth." in page
    )
    assert "0.2 FTE to hold the role, plus 0.01 FTE for each of the 5 open licensing" in page
    assert "The sizing rules are ours, not the OSEE framework's" in page
    assert "Chief Information Officer (CIO)" in page


def test_a_learning_focal_point_of_the_entity_and_the_capacity_team_may_plan(
    cast: Cast, portfolio: None
) -> None:
    role_grant(
        user=cast.frank, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.unicef, actor=None
    )
    assert client_for(cast.frank).get(URL).status_code == 200
    team = UserFactory(email="team@un.org")
    role_grant(user=team, role=GrantedRole.CAPACITY_TEAM, actor=None)
    assert client_for(team).get("/learning/strategy/staffing/who/").status_code == 200


def test_another_entitys_learning_focal_point_is_refused(cast: Cast) -> None:
    role_grant(user=cast.grace, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.who, actor=None)
    assert client_for(cast.grace).get(URL).status_code == 403
    assert client_for(cast.grace).get("/learning/strategy/staffing/who/").status_code == 200


def test_the_public_and_other_people_are_refused(cast: Cast) -> None:
    assert client_for(None).get(URL).status_code == 302
    assert client_for(cast.carol).get(URL).status_code == 403
    assert client_for(cast.bob).get(URL).status_code == 403


def test_an_unknown_entity_is_a_404(cast: Cast) -> None:
    assert client_for(cast.heidi).get("/learning/strategy/staffing/nowhere/").status_code == 404


def test_the_number_of_queries_does_not_grow_with_the_portfolio(
    cast: Cast, portfolio: None
) -> None:
    client: Client = client_for(cast.erin)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for index in range(5):
        project = ProjectFactory(slug=f"more-{index}", entity=cast.unicef, status="published")
        with_scan(project, warnings=1, licensing_errors=1)
        UserFactory(email=f"more{index}@unicef.org")
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)
