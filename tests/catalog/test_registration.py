"""Registering and editing a project through its pages, and moving it with the transition form."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Project
from osunited.catalog.services import project_create, project_transition
from osunited.catalog.workflow import ProjectStatus
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db
REPOSITORY = "https://git.example.org/unicef/supply-tracker"


@pytest.fixture(autouse=True)
def example_git_host_is_allowed(settings: Any, tmp_path: Path) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]
    settings.MEDIA_ROOT = str(tmp_path / "media")


def form_data(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Supply Tracker",
        "purpose": "Track vaccine supplies",
        "description": "Tracks stock.",
        "features": "Stock levels\nAlerts\n",
        "development_status": "beta",
        "licenses": "Apache-2.0",
        "entity": cast.unicef.pk,
        "topics": "health\nlogistics",
        "languages": "Python",
        "dependencies": "Django",
        "hosting": "external",
        "repositories": REPOSITORY,
        "focal_point_emails": "",
        "sdg_3": "on",
        "sdg_3_evidence": "Vaccines reach children in time.",
        "prefill_sources": "",
    }
    data.update(overrides)
    return data


def register(cast: Cast, **overrides: object) -> Any:
    return client_for(cast.alice).post(reverse("catalog:register"), form_data(cast, **overrides))


def zip_archive(name: str = "source.zip") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("README.md", "# Supply tracker\n")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="application/zip")


def test_the_register_page_is_for_un_staff(cast: Cast) -> None:
    page = client_for(cast.alice).get(reverse("catalog:register"))
    assert page.status_code == 200
    assert b"Prefill from repository" in page.content
    assert client_for(cast.carol).get(reverse("catalog:register")).status_code == 403


def test_a_staff_member_registers_a_draft_and_becomes_its_focal_point(cast: Cast) -> None:
    response = register(cast, focal_point_emails="frank@undp.org")
    assert response.status_code == 302
    project = Project.objects.get()
    assert project.status == ProjectStatus.DRAFT
    assert set(project.focal_points.all()) == {cast.alice, cast.frank}
    assert project.features == ["Stock levels", "Alerts"]
    assert project.topics == ["health", "logistics"]
    assert list(project.sdgs.values_list("goal", "evidence")) == [
        (3, "Vaccines reach children in time.")
    ]
    assert list(project.repositories.values_list("url", flat=True)) == [REPOSITORY]
    assert AuditEvent.objects.filter(action="project.created", actor=cast.alice).exists()


def test_the_entity_defaults_to_the_users_entity(cast: Cast) -> None:
    page = client_for(cast.alice).get(reverse("catalog:register"))
    assert page.context["form"]["entity"].value() == cast.unicef.pk


def test_a_focal_point_must_be_un_staff(cast: Cast) -> None:
    response = register(cast, focal_point_emails="carol@example.org")
    assert "Focal points must be UN staff: carol@example.org." in response.content.decode()
    response = register(cast, focal_point_emails="nobody@undp.org")
    assert "No user has these addresses: nobody@undp.org." in response.content.decode()
    assert not Project.objects.exists()


def test_a_project_needs_a_focal_point(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="at least one focal point"):
        project_create(
            entity=cast.unicef, created_by=cast.alice, focal_points=[], repositories=[REPOSITORY],
            name="X", purpose="Y", development_status="beta", hosting="external",
        )  # fmt: skip


def test_an_sdg_is_numbered_1_to_17_and_needs_evidence(cast: Cast) -> None:
    with pytest.raises(ValidationError, match="There is no SDG 18"):
        project_create(
            entity=cast.unicef, created_by=cast.alice, focal_points=[cast.alice],
            repositories=[REPOSITORY], sdgs=[(18, "Beyond the goals")],
            name="X", purpose="Y", development_status="beta", hosting="external",
        )  # fmt: skip
    response = register(cast, sdg_3_evidence="")
    assert response.status_code == 200
    assert "Give a line of evidence for this SDG." in response.content.decode()
    assert not Project.objects.exists()


def test_it_refuses_a_repository_on_a_private_address(cast: Cast) -> None:
    response = register(cast, repositories="https://127.0.0.1/internal/repo.git")
    assert "not a public address" in response.content.decode()
    assert not Project.objects.exists()


def test_an_external_project_needs_a_repository(cast: Cast) -> None:
    response = register(cast, repositories="")
    assert "needs at least one repository URL" in response.content.decode()
    assert not Project.objects.exists()


def test_an_internal_project_uploads_a_readable_archive(cast: Cast) -> None:
    response = register(cast, hosting="internal", repositories="")
    assert "uploads its source code as an archive" in response.content.decode()
    bad = SimpleUploadedFile("source.zip", b"not a zip at all")
    response = register(cast, hosting="internal", repositories="", source_archive=bad)
    assert "not a valid zip or tar" in response.content.decode()
    wrong_kind = SimpleUploadedFile("source.exe", b"MZ")
    response = register(cast, hosting="internal", repositories="", source_archive=wrong_kind)
    assert "The source archive must be one of" in response.content.decode()
    assert not Project.objects.exists()
    response = register(cast, hosting="internal", repositories="", source_archive=zip_archive())
    assert response.status_code == 302
    assert Project.objects.get().source_archive.name.startswith("catalog/archives/source")


def test_only_focal_points_edit_and_changes_are_audited(cast: Cast) -> None:
    register(cast)
    project = Project.objects.get()
    url = reverse("catalog:edit", kwargs={"slug": project.slug})
    assert client_for(cast.frank).get(url).status_code in (403, 404)
    page = client_for(cast.alice).get(url)
    assert page.status_code == 200
    assert page.context["form"]["name"].value() == "Supply Tracker"
    data = form_data(cast, purpose="Track every vaccine", focal_point_emails="alice@unicef.org")
    response = client_for(cast.alice).post(url, data)
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.purpose == "Track every vaccine"
    event = AuditEvent.objects.get(action="project.updated")
    assert event.changes == {"fields": ["purpose"]}


def test_an_edit_needs_a_focal_point(cast: Cast) -> None:
    register(cast)
    project = Project.objects.get()
    url = reverse("catalog:edit", kwargs={"slug": project.slug})
    response = client_for(cast.alice).post(url, form_data(cast, focal_point_emails=""))
    assert "A project needs at least one focal point." in response.content.decode()


def test_a_published_project_stays_published_when_edited(cast: Cast) -> None:
    register(cast)
    Project.objects.update(status=ProjectStatus.PUBLISHED)
    project = Project.objects.get()
    url = reverse("catalog:edit", kwargs={"slug": project.slug})
    data = form_data(cast, description="New text.", focal_point_emails="alice@unicef.org")
    assert client_for(cast.alice).post(url, data).status_code == 302
    project.refresh_from_db()
    assert (project.description, project.status) == ("New text.", ProjectStatus.PUBLISHED)


def test_a_project_under_review_cannot_be_edited(cast: Cast) -> None:
    register(cast)
    project = Project.objects.get()
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    url = reverse("catalog:edit", kwargs={"slug": project.slug})
    data = form_data(cast, purpose="Changed", focal_point_emails="alice@unicef.org")
    response = client_for(cast.alice).post(url, data)
    assert "cannot be edited" in response.content.decode()
    project.refresh_from_db()
    assert project.purpose == "Track vaccine supplies"


def test_a_transition_needs_a_comment_and_tells_the_focal_points(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    register(cast)
    project = Project.objects.get()
    url = reverse("catalog:transition", kwargs={"slug": project.slug})
    client = client_for(cast.alice)
    response = client.post(url, {"action": "submit", "comment": ""}, follow=True)
    assert "say why, in a comment" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(url, {"action": "submit", "comment": "Ready for review."})
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.status == ProjectStatus.SUBMITTED
    assert [m.to for m in mail.outbox if m.to] == [[cast.alice.email]]
    assert client.get(url).status_code == 405


def test_a_transition_not_allowed_changes_nothing(cast: Cast) -> None:
    register(cast)
    project = Project.objects.get()
    url = reverse("catalog:transition", kwargs={"slug": project.slug})
    response = client_for(cast.alice).post(
        url, {"action": "approve", "comment": "Self-approval."}, follow=True
    )
    assert "is not possible for a project that is Draft" in response.content.decode()
    project.refresh_from_db()
    assert project.status == ProjectStatus.DRAFT


def test_my_projects_lists_status_and_next_actions(cast: Cast) -> None:
    register(cast)
    page = client_for(cast.alice).get(reverse("catalog:mine"))
    content = page.content.decode()
    assert "Supply Tracker" in content
    assert "Draft" in content
    assert "Submit for review" in content
    assert (
        "Supply Tracker" not in client_for(cast.frank).get(reverse("catalog:mine")).content.decode()
    )
