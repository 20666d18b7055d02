"""/catalog/<slug>/: every public field, safe links, the history, actions for who may act."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.catalog.models import ProjectEvent, Repository
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, ProjectSdgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def tracker(cast: Cast):  # type: ignore[no-untyped-def]
    project = ProjectFactory(
        name="Supply Tracker", slug="supply-tracker", status="published", entity=cast.unicef,
        purpose="Track vaccine supplies", features=["Barcode scanning"], dependencies=["Django"],
        languages=["Python"], topics=["logistics"], website="https://tracker.example.org",
        documentation_url="https://docs.example.org", focal_points=[cast.alice],
        repositories=["https://git.example.org/unicef/tracker"],
    )  # fmt: skip
    ProjectSdgFactory(project=project, goal=3, evidence="Vaccines reach clinics on time.")
    ProjectEvent.objects.create(
        project=project, action="publish", from_status="approved", to_status="published",
        actor=cast.alice, comment="Ready for everyone.",
    )  # fmt: skip
    return project


def test_anyone_reads_every_field_of_a_published_project(cast: Cast, tracker: object) -> None:
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    for text in (
        "Supply Tracker", "Track vaccine supplies", "Barcode scanning", "Django", "Python",
        "logistics", 'href="https://tracker.example.org"', 'href="https://docs.example.org"',
        'href="https://git.example.org/unicef/tracker"', "SDG 3", "Vaccines reach clinics on time.",
        "Alice", "UNICEF", "Ready for everyone.", "Automated scan", "Apache-2.0",
    ):  # fmt: skip
        assert text in page, text


def test_only_http_urls_become_links_and_text_is_escaped(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    Repository.objects.create(project=tracker, url="javascript:alert(1)")
    tracker.purpose = "<script>alert(1)</script>"
    tracker.save()
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert 'href="javascript:' not in page
    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;" in page


@pytest.mark.parametrize("role", ["anonymous", "external_contributor", "un_staff", "reviewer"])
def test_a_draft_page_is_a_404_without_a_role(cast: Cast, role: str) -> None:
    ProjectFactory(name="Hidden", slug="hidden", status="draft", entity=cast.unicef)
    assert client_for(cast.by_role()[role]).get("/catalog/hidden/").status_code == 404


@pytest.mark.parametrize("role", ["focal_point", "entity_representative", "platform_admin"])
def test_a_draft_page_is_shown_to_people_with_a_role(cast: Cast, role: str) -> None:
    ProjectFactory(
        name="Hidden", slug="hidden", status="draft", entity=cast.unicef, focal_points=[cast.alice]
    )
    assert client_for(cast.by_role()[role]).get("/catalog/hidden/").status_code == 200


def test_focal_points_get_their_actions_and_others_none(cast: Cast, tracker: object) -> None:
    alice_page = client_for(cast.alice).get("/catalog/supply-tracker/").content.decode()
    assert 'value="give_sunset_notice"' in alice_page
    assert "/catalog/supply-tracker/transition/" in alice_page
    carol_page = client_for(cast.carol).get("/catalog/supply-tracker/").content.decode()
    assert 'name="action"' not in carol_page


def test_a_sunset_notice_shows_its_reason(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    tracker.status, tracker.sunset_reason = "sunset_notice", "No commits for two years."
    tracker.save()
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert "sunset notice" in page
    assert "No commits for two years." in page


def _queries(user: object, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client_for(user).get(url).status_code == 200  # type: ignore[arg-type]
    return len(captured)


def test_the_page_takes_the_same_queries_whatever_the_project_holds(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    before = _queries(cast.bob, "/catalog/supply-tracker/")
    for goal in range(4, 10):
        ProjectSdgFactory(project=tracker, goal=goal)
        Repository.objects.create(project=tracker, url=f"https://git.example.org/r{goal}")
        ProjectEvent.objects.create(
            project=tracker, action="x", from_status="published", to_status="published",
            comment=f"Event {goal}",
        )  # fmt: skip
    tracker.focal_points.add(cast.frank)
    assert _queries(cast.bob, "/catalog/supply-tracker/") == before


def test_the_edit_link_shows_only_while_the_facts_may_change(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    edit_link = 'href="/catalog/supply-tracker/edit/"'
    assert edit_link in client_for(cast.alice).get("/catalog/supply-tracker/").content.decode()
    tracker.status = "in_review"
    tracker.save(update_fields=["status"])
    assert edit_link not in client_for(cast.alice).get("/catalog/supply-tracker/").content.decode()
