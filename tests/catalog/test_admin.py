"""The catalog in the admin: platform admins search projects and their history, delete junk
drafts (never a project that was published), read scans and moderate feedback, all audited."""

from __future__ import annotations

from typing import Any

import pytest
from django.contrib.messages import get_messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.test import Client
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Feedback, Project, ProjectEvent, Scan, ScanStatus
from osunited.catalog.services import project_delete_draft
from tests.conftest import Cast, client_for
from tests.factories import FeedbackFactory, ProjectFactory

pytestmark = pytest.mark.django_db

PROJECTS = reverse("admin:catalog_project_changelist")


def delete_url(project: Project) -> str:
    return reverse("admin:catalog_project_delete", args=[project.pk])


def messages_of(response: Any) -> list[str]:
    return [str(message) for message in get_messages(response.wsgi_request)]


def test_an_admin_searches_and_filters_projects(cast: Cast) -> None:
    ProjectFactory(name="Water pump", status="draft", entity=cast.unicef, scan_health="good")
    ProjectFactory(name="Water meter", status="published", entity=cast.who, scan_health="at_risk")
    client = client_for(cast.heidi)

    def listed(query: str) -> list[str]:
        response = client.get(f"{PROJECTS}?{query}")
        assert response.status_code == 200
        return sorted(project.name for project in response.context["cl"].result_list)

    assert listed("q=water") == ["Water meter", "Water pump"]
    assert listed("status__exact=draft") == ["Water pump"]
    assert listed(f"entity__id__exact={cast.who.pk}") == ["Water meter"]
    assert listed("scan_health__exact=good") == ["Water pump"]


def test_an_admin_sees_a_projects_workflow_history(cast: Cast) -> None:
    project = ProjectFactory(name="Ledger", status="submitted", entity=cast.unicef)
    ProjectEvent.objects.create(
        project=project,
        action="submit",
        from_status="draft",
        to_status="submitted",
        actor=cast.alice,
        comment="Ready for the committee.",
    )
    response = client_for(cast.heidi).get(
        reverse("admin:catalog_project_change", args=[project.pk])
    )
    assert response.status_code == 200
    assert "Ready for the committee." in response.content.decode()


def test_an_admin_deletes_a_junk_draft_and_the_audit_log_keeps_it(cast: Cast) -> None:
    draft = ProjectFactory(
        name="asdf",
        slug="asdf",
        status="draft",
        entity=cast.unicef,
        created_by=cast.alice,
        repositories=["https://git.example.org/asdf"],
    )
    Scan.objects.create(project=draft, trigger="on_demand", status=ScanStatus.FAILED)
    client = client_for(cast.heidi)
    assert client.get(delete_url(draft)).status_code == 200  # Django's confirmation page
    response = client.post(delete_url(draft), {"post": "yes"})
    assert response.status_code == 302
    assert not Project.objects.filter(pk=draft.pk).exists()
    assert not Scan.objects.exists()
    event = AuditEvent.objects.get(action="project.deleted")
    assert (event.actor, event.object_type, event.object_id) == (
        cast.heidi,
        "catalog.project",
        str(draft.pk),
    )
    assert event.changes["slug"] == "asdf"
    assert event.changes["created_by"] == cast.alice.email
    assert event.changes["repositories"] == ["https://git.example.org/asdf"]


def test_a_published_project_is_never_deleted(cast: Cast) -> None:
    published = ProjectFactory(name="Live", status="published", entity=cast.unicef)
    change_page = reverse("admin:catalog_project_change", args=[published.pk])
    assert delete_url(published) not in client_for(cast.heidi).get(change_page).content.decode()
    asked = client_for(cast.heidi).get(delete_url(published))
    confirmed = client_for(cast.heidi).post(delete_url(published), {"post": "yes"})
    for response in (asked, confirmed):
        assert response.status_code == 302
        assert response["Location"] == change_page
        assert messages_of(response) == [
            "“Live” is Published, not a draft: only drafts can be deleted. A published project "
            "is archived through the workflow."
        ]
    assert Project.objects.filter(pk=published.pk).exists()
    assert not AuditEvent.objects.filter(action="project.deleted").exists()


def test_deleting_a_selection_deletes_only_its_drafts(cast: Cast) -> None:
    draft = ProjectFactory(name="Junk", status="draft", entity=cast.unicef)
    published = ProjectFactory(name="Live", status="published", entity=cast.unicef)
    client = client_for(cast.heidi)
    selection = {"action": "delete_selected", "_selected_action": [draft.pk, published.pk]}
    confirmation = client.post(PROJECTS, selection)
    assert confirmation.status_code == 200
    assert list(confirmation.context["queryset"]) == [draft]
    assert any("“Live” is Published" in message for message in messages_of(confirmation))
    response = client.post(PROJECTS, {**selection, "_selected_action": [draft.pk], "post": "yes"})
    assert response.status_code == 302
    assert list(Project.objects.all()) == [published]
    assert AuditEvent.objects.filter(action="project.deleted").count() == 1


def test_a_draft_that_was_published_once_stays(cast: Cast) -> None:
    project = ProjectFactory(name="Back", status="draft", entity=cast.unicef)
    ProjectEvent.objects.create(
        project=project,
        action="publish",
        from_status="approved",
        to_status="published",
        comment="",
    )
    with pytest.raises(ValidationError, match="was published once"):
        project_delete_draft(project=project, actor=cast.heidi)
    assert Project.objects.filter(pk=project.pk).exists()


def test_only_a_platform_admin_deletes_a_draft(cast: Cast) -> None:
    draft = ProjectFactory(status="draft", entity=cast.unicef, focal_points=[cast.alice])
    for person in (cast.alice, cast.bob):
        with pytest.raises(PermissionDenied):
            project_delete_draft(project=draft, actor=person)
    assert Project.objects.filter(pk=draft.pk).exists()


def test_deleting_a_draft_removes_its_uploaded_source(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    draft = ProjectFactory(status="draft", entity=cast.unicef, hosting="internal")
    draft.source_archive.save("junk.zip", ContentFile(b"PK\x05\x06" + bytes(18)))
    name = draft.source_archive.name
    with django_capture_on_commit_callbacks(execute=True):
        project_delete_draft(project=draft, actor=cast.heidi)
    assert not default_storage.exists(name)


def test_someone_who_is_not_an_admin_has_no_catalog_admin(cast: Cast) -> None:
    draft = ProjectFactory(status="draft", entity=cast.unicef)
    scan = Scan.objects.create(project=draft, trigger="on_demand")
    for client in (client_for(cast.bob), client_for(cast.alice)):
        assert client.get(PROJECTS).status_code == 403
        assert client.get(reverse("admin:catalog_scan_changelist")).status_code == 403
        assert client.get(reverse("admin:catalog_feedback_changelist")).status_code == 403
        assert client.post(delete_url(draft), {"post": "yes"}).status_code == 403
    assert Scan.objects.filter(pk=scan.pk).exists()
    assert Client().get(PROJECTS).status_code == 302  # to the sign-in page


def test_scans_are_read_only(cast: Cast) -> None:
    project = ProjectFactory(status="published", entity=cast.unicef)
    scan = Scan.objects.create(project=project, trigger="nightly", status=ScanStatus.FAILED)
    client = client_for(cast.heidi)
    change = reverse("admin:catalog_scan_change", args=[scan.pk])
    assert client.get(reverse("admin:catalog_scan_changelist")).status_code == 200
    assert client.get(change).status_code == 200
    assert client.post(change, {"status": "succeeded"}).status_code == 403
    assert client.get(reverse("admin:catalog_scan_add")).status_code == 403
    delete = reverse("admin:catalog_scan_delete", args=[scan.pk])
    assert client.post(delete, {"post": "yes"}).status_code == 403
    scan.refresh_from_db()
    assert scan.status == ScanStatus.FAILED


def test_an_admin_moderates_feedback_through_the_service(cast: Cast) -> None:
    project = ProjectFactory(status="published", entity=cast.unicef)
    spam, useful = FeedbackFactory.create_batch(2, project=project)
    client = client_for(cast.heidi)
    feedback_list = reverse("admin:catalog_feedback_changelist")
    client.post(feedback_list, {"action": "reject", "_selected_action": [spam.pk]})
    client.post(feedback_list, {"action": "publish", "_selected_action": [useful.pk]})
    spam.refresh_from_db()
    useful.refresh_from_db()
    assert (spam.moderation, spam.moderated_by) == (Feedback.Moderation.REJECTED, cast.heidi)
    assert useful.moderation == Feedback.Moderation.PUBLISHED
    audited = AuditEvent.objects.filter(actor=cast.heidi, object_type="catalog.feedback")
    assert sorted(audited.values_list("action", flat=True)) == [
        "feedback.published",
        "feedback.rejected",
    ]
    assert client.post(reverse("admin:catalog_feedback_delete", args=[spam.pk])).status_code == 403
    assert Feedback.objects.count() == 2


def test_a_large_selection_is_checked_in_a_few_queries_and_its_refusals_summed_up(
    cast: Cast, django_assert_max_num_queries: Any
) -> None:
    draft = ProjectFactory(name="Junk", status="draft", entity=cast.unicef)
    published = ProjectFactory.create_batch(13, status="published", entity=cast.unicef)
    client = client_for(cast.heidi)
    selection = [draft.pk, *(project.pk for project in published)]
    # A bound that does not grow with the selection; the deletion collector reads each kind of
    # object that points at projects once (the joint projects' partners among them).
    with django_assert_max_num_queries(32):
        confirmation = client.post(
            PROJECTS, {"action": "delete_selected", "_selected_action": selection}
        )
    assert list(confirmation.context["queryset"]) == [draft]
    shown = messages_of(confirmation)
    assert len(shown) == 11
    assert shown[-1] == "3 more selected projects cannot be deleted either."
