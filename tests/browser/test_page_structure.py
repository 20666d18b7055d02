"""axe-core on the pages whose structure depends on what a project or an entity has: a project
with no Sustainable Development Goal, and code hosting with its audit and forge activity."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone
from playwright.sync_api import Browser, expect

from osunited.catalog.workflow import ProjectStatus
from osunited.forges.adapters import ForgeActivity
from osunited.forges.models import ForgeAudit, ForgeNamespace, HostedRepository, HostingState
from osunited.forges.services import forge_save, namespace_set
from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page
from tests.conftest import Cast
from tests.factories import ProjectFactory
from tests.forges.test_hosting_on_pages import report_of

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_a_project_without_goals_has_a_well_formed_page(
    live_server, browser: Browser, cast: Cast
) -> None:
    project = ProjectFactory(
        name="No Goals", entity=cast.unicef, status="published", focal_points=[cast.alice]
    )
    assert not project.sdgs.exists()

    page = signed_in_page(browser, live_server.url, None)
    page.goto(f"/catalog/{project.slug}/")

    expect(page.get_by_role("heading", name="Sustainable Development Goals")).to_be_visible()
    assert serious_violations(page) == []


def test_code_hosting_on_the_project_and_entity_pages_is_well_formed(
    live_server, browser: Browser, cast: Cast
) -> None:
    forge = forge_save(
        actor=cast.heidi,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token="glpat-secret-token-1234",
        hosting_team=["hosting-team"],
    )
    namespace_set(actor=cast.heidi, entity=cast.unicef, forge=forge, path="unicef/ospo")
    project = ProjectFactory(
        name="Field Survey",
        slug="field-survey",
        entity=cast.unicef,
        hosting="internal",
        status=ProjectStatus.PUBLISHED,
        focal_points=[cast.alice],
    )
    namespace = ForgeNamespace.objects.get()
    HostedRepository.objects.create(
        project=project,
        namespace=namespace,
        path="field-survey",
        state=HostingState.READY,
        public=True,
        web_url="https://gitlab.example.org/unicef/ospo/field-survey",
        activity=ForgeActivity("2026-09-08", 7, 5, None, 4, 2, 1).__dict__,
    )
    when = timezone.now() - timedelta(hours=1)
    ForgeAudit.objects.create(
        namespace=namespace,
        started_at=when,
        finished_at=when,
        report=report_of("unicef/ospo", ["field-survey"]),
    )

    alice = signed_in_page(browser, live_server.url, cast.alice)
    alice.goto(f"/catalog/{project.slug}/")
    expect(alice.get_by_text("Remedy: Make carol a Developer.")).to_be_visible()
    assert serious_violations(alice) == []

    erin = signed_in_page(browser, live_server.url, cast.erin)
    erin.goto("/entities/unicef/")
    expect(erin.get_by_role("heading", name="Code hosting", exact=True)).to_be_visible()
    assert serious_violations(erin) == []
