"""Public feedback (CPF 4.3.8): posted by contributors, rate-limited, moderated by reviewers of
other entities and admins, answered by focal points."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.cache import cache

from osunited.audit.models import AuditEvent
from osunited.catalog.models import Feedback
from tests.conftest import Cast, client_for
from tests.factories import FeedbackFactory, ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def empty_quota() -> Iterator[None]:
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def tracker(cast: Cast):  # type: ignore[no-untyped-def]
    return ProjectFactory(
        name="Tracker", slug="tracker", status="published", entity=cast.unicef,
        focal_points=[cast.alice],
    )  # fmt: skip


def test_a_contributor_posts_feedback_that_waits_for_moderation(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.carol).post("/catalog/tracker/feedback/", {"body": "Great tool"})
    assert response.status_code == 302
    feedback = Feedback.objects.get()
    assert feedback.moderation == "pending"
    assert AuditEvent.objects.filter(action="feedback.submitted").count() == 1
    assert "Great tool" in client_for(cast.carol).get("/catalog/tracker/").content.decode()
    assert "Great tool" not in client_for(None).get("/catalog/tracker/").content.decode()
    assert "Great tool" not in client_for(cast.frank).get("/catalog/tracker/").content.decode()
    assert "Great tool" in client_for(cast.bob).get("/catalog/tracker/").content.decode()


def test_anonymous_visitors_are_sent_to_sign_in(tracker) -> None:  # type: ignore[no-untyped-def]
    response = client_for(None).post("/catalog/tracker/feedback/", {"body": "Hi"})
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
    assert not Feedback.objects.exists()


def test_users_who_have_not_accepted_the_policies_cannot_post(tracker) -> None:  # type: ignore[no-untyped-def]
    newcomer = UserFactory(without_policies=True)
    client_for(newcomer).post("/catalog/tracker/feedback/", {"body": "Hi"})
    assert not Feedback.objects.exists()


def test_feedback_on_a_draft_is_a_404_or_a_403(cast: Cast) -> None:
    ProjectFactory(slug="draft", status="draft", entity=cast.unicef, focal_points=[cast.alice])
    assert client_for(cast.carol).post("/catalog/draft/feedback/", {"body": "x"}).status_code == 404
    assert client_for(cast.alice).post("/catalog/draft/feedback/", {"body": "x"}).status_code == 403
    assert not Feedback.objects.exists()


def test_the_hourly_limit_stores_nothing_more(cast: Cast, tracker, settings) -> None:  # type: ignore[no-untyped-def]
    settings.OSU_CATALOG_FEEDBACK_PER_HOUR = 2
    client = client_for(cast.carol)
    for number in range(2):
        assert client.post("/catalog/tracker/feedback/", {"body": f"n{number}"}).status_code == 302
    refused = client.post("/catalog/tracker/feedback/", {"body": "third"})
    assert refused.status_code == 429
    assert "most feedback allowed in an hour" in refused.content.decode()
    htmx = client.post(
        "/catalog/tracker/feedback/", {"body": "fourth"}, headers={"HX-Request": "true"}
    )
    assert htmx.status_code == 429
    assert "<html" not in htmx.content.decode()
    assert Feedback.objects.count() == 2
    # Another user has a quota of their own.
    assert (
        client_for(cast.frank).post("/catalog/tracker/feedback/", {"body": "x"}).status_code == 302
    )


def test_an_empty_body_is_refused(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    response = client_for(cast.carol).post("/catalog/tracker/feedback/", {"body": "  "})
    assert response.status_code == 400
    assert not Feedback.objects.exists()


def test_a_reviewer_of_another_entity_publishes_and_everyone_sees_it(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackFactory(project=tracker, author=cast.carol, body="Useful")
    queue = client_for(cast.bob).get("/catalog/feedback/moderation/").content.decode()
    assert "Useful" in queue
    response = client_for(cast.bob).post(
        f"/catalog/feedback/{feedback.pk}/moderate/", {"decision": "publish"}
    )
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.moderation, feedback.moderated_by) == ("published", cast.bob)
    assert AuditEvent.objects.filter(action="feedback.published").count() == 1
    assert "Useful" in client_for(None).get("/catalog/tracker/").content.decode()


def test_rejected_feedback_is_seen_by_its_author_only(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackFactory(project=tracker, author=cast.carol, body="Spam spam")
    client_for(cast.heidi).post(
        f"/catalog/feedback/{feedback.pk}/moderate/", {"decision": "reject"}
    )
    feedback.refresh_from_db()
    assert feedback.moderation == "rejected"
    assert "Spam spam" in client_for(cast.carol).get("/catalog/tracker/").content.decode()
    assert "Spam spam" not in client_for(cast.frank).get("/catalog/tracker/").content.decode()


def test_who_may_not_moderate(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackFactory(project=tracker, author=cast.carol)
    unicef_reviewer = UserFactory(email="rita@unicef.org")
    from osunited.accounts.models import GrantedRole
    from osunited.accounts.services import role_grant

    role_grant(user=unicef_reviewer, role=GrantedRole.REVIEWER, actor=None)
    url = f"/catalog/feedback/{feedback.pk}/moderate/"
    assert client_for(cast.alice).post(url, {"decision": "publish"}).status_code == 403
    assert client_for(cast.carol).post(url, {"decision": "publish"}).status_code == 403
    assert client_for(unicef_reviewer).post(url, {"decision": "publish"}).status_code == 403
    assert client_for(unicef_reviewer).get("/catalog/feedback/moderation/").status_code == 200
    feedback.refresh_from_db()
    assert feedback.moderation == "pending"
    assert client_for(cast.bob).get(url).status_code == 405


def test_a_focal_point_answers_published_feedback_in_public(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackFactory(project=tracker, author=cast.carol, published=True)
    url = f"/catalog/tracker/feedback/{feedback.pk}/reply/"
    response = client_for(cast.alice).post(url, {"reply": "Thanks, fixed in 2.1"})
    assert response.status_code == 302
    feedback.refresh_from_db()
    assert (feedback.reply, feedback.replied_by) == ("Thanks, fixed in 2.1", cast.alice)
    assert AuditEvent.objects.filter(action="feedback.replied").count() == 1
    assert "Thanks, fixed in 2.1" in client_for(None).get("/catalog/tracker/").content.decode()


def test_only_the_projects_focal_points_answer(cast: Cast, tracker) -> None:  # type: ignore[no-untyped-def]
    feedback = FeedbackFactory(project=tracker, author=cast.carol, published=True)
    other_focal_point = UserFactory(email="otto@undp.org")
    ProjectFactory(slug="other", status="published", focal_points=[other_focal_point])
    url = f"/catalog/tracker/feedback/{feedback.pk}/reply/"
    assert client_for(other_focal_point).post(url, {"reply": "x"}).status_code == 403
    assert client_for(cast.bob).post(url, {"reply": "x"}).status_code == 403
    assert client_for(cast.heidi).post(url, {"reply": "x"}).status_code == 403  # an admin
    pending = FeedbackFactory(project=tracker, author=cast.carol)
    pending_url = f"/catalog/tracker/feedback/{pending.pk}/reply/"
    assert client_for(cast.alice).post(pending_url, {"reply": "x"}).status_code == 404
    feedback.refresh_from_db()
    assert feedback.reply == ""


def test_the_moderation_queue_says_when_it_shows_only_the_oldest(
    cast: Cast, tracker, monkeypatch
) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr("osunited.catalog.views.public.MODERATION_PAGE", 2)
    for body in ("First", "Second", "Third"):
        FeedbackFactory(project=tracker, author=cast.carol, body=body)
    queue = client_for(cast.bob).get("/catalog/feedback/moderation/").content.decode()
    assert "The oldest 2 of 3 waiting are shown" in queue
    assert "Third" not in queue
