"""In-platform notifications (#21): a person's own, newest first, unread marked; opening one marks
it read and leads to its page on the platform only; its text is written in the reader's language
when it is shown."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation

from osunited.notifications import kinds
from osunited.notifications.kinds import KINDS, render
from osunited.notifications.models import Notification
from osunited.notifications.services import notify
from osunited.notifications.views import PAGE_SIZE
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

LIST = reverse("notifications:list")


def _answered(cast: Cast, project: str = "Water points") -> Notification:
    [notification] = notify(
        users=[cast.alice],
        kind=kinds.QUESTION_ANSWERED,
        url="/catalog/water-points/",
        params={"project": project},
    )
    return notification


def test_a_person_sees_their_notifications_newest_first_with_unread_marked(cast: Cast) -> None:
    older = _answered(cast, "Older project")
    Notification.objects.filter(pk=older.pk).update(
        created_at=timezone.now() - timedelta(days=1), read_at=timezone.now()
    )
    _answered(cast, "Newer project")
    notify(users=[cast.carol], kind=kinds.QUESTION_ANSWERED, url="/", params={"project": "Hers"})
    page = client_for(cast.alice).get(LIST).content.decode()
    assert page.index("Newer project") < page.index("Older project")
    assert page.count('class="notification unread"') == 1
    assert "Hers" not in page
    assert "Mark all as read" in page


def test_opening_a_notification_marks_it_read_and_leads_to_its_page(cast: Cast) -> None:
    notification = _answered(cast)
    response = client_for(cast.alice).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 302
    assert response["Location"] == "/catalog/water-points/"
    notification.refresh_from_db()
    assert notification.read_at is not None


def test_another_persons_notification_is_a_404_and_stays_unread(cast: Cast) -> None:
    notification = _answered(cast)
    response = client_for(cast.carol).get(reverse("notifications:open", args=[notification.pk]))
    assert response.status_code == 404
    notification.refresh_from_db()
    assert notification.read_at is None


@pytest.mark.parametrize(
    "url",
    ["//evil.example.org/", "https://evil.example.org/", "/\\evil.example.org", "javascript:x"],
)
def test_a_notification_never_leads_off_the_platform(cast: Cast, url: str) -> None:
    with pytest.raises(ValueError, match="page of the platform"):
        notify(users=[cast.alice], kind=kinds.QUESTION_ANSWERED, url=url, params={"project": "X"})
    stored = Notification.objects.create(
        user=cast.alice, kind=kinds.QUESTION_ANSWERED, url=url, params={"project": "X"}
    )
    response = client_for(cast.alice).get(reverse("notifications:open", args=[stored.pk]))
    assert response["Location"] == LIST


def test_marking_all_read_needs_a_post_with_its_csrf_token(cast: Cast) -> None:
    _answered(cast)
    _answered(cast)
    url = reverse("notifications:read_all")
    assert client_for(cast.alice).get(url).status_code == 405
    guarded = Client(enforce_csrf_checks=True)
    guarded.force_login(cast.alice)
    assert guarded.post(url).status_code == 403
    assert Notification.objects.filter(read_at__isnull=True).count() == 2
    response = client_for(cast.alice).post(url, follow=True)
    assert "2 notifications marked read." in response.content.decode()
    assert "Mark all as read" not in response.content.decode()  # nothing left unread
    assert not Notification.objects.filter(read_at__isnull=True).exists()


def test_notifications_come_a_page_at_a_time(cast: Cast, django_assert_max_num_queries) -> None:
    for number in range(PAGE_SIZE + 3):
        _answered(cast, f"Project {number:02}")
    client = client_for(cast.alice)
    with django_assert_max_num_queries(12):
        first = client.get(LIST).content.decode()
    assert first.count('class="notification unread"') == PAGE_SIZE
    assert "Page 1 of 2" in first
    assert client.get(LIST, {"page": 2}).content.decode().count("Project ") == 3


def test_the_text_is_written_when_shown_in_the_readers_language(cast: Cast) -> None:
    [notification] = notify(
        users=[cast.alice],
        kind=kinds.CONFIRMATION_DUE,
        url="/catalog/water-points/",
        params={"project": "Water points", "due": "2026-01-15"},
    )
    assert notification.params == {"project": "Water points", "due": "2026-01-15"}
    with translation.override("en"):
        assert "Jan. 15, 2026" in render(notification.kind, notification.params)
    with translation.override("fr"):
        assert "15 janvier 2026" in render(notification.kind, notification.params)


def test_a_stored_choice_shows_as_its_label(cast: Cast) -> None:
    text = render(kinds.PROJECT_STATUS, {"project": "Water points", "status": "changes_requested"})
    assert text == "Water points is now “Changes requested”."


def test_an_unknown_kind_or_missing_parameter_reads_as_a_plain_sentence() -> None:
    assert render("gone.kind", {}) == "Something on the platform concerns you."
    assert (
        render(kinds.PROJECT_STATUS, {"project": "X"}) == "Something on the platform concerns you."
    )


def test_every_kind_renders_with_its_parameters() -> None:
    for kind, definition in KINDS.items():
        params = dict.fromkeys(definition.placeholders, "2026-01-15")
        assert "%(" not in render(kind, params), kind


def test_notify_refuses_an_unknown_kind_or_missing_parameters(cast: Cast) -> None:
    with pytest.raises(ValueError, match="Unknown notification kind"):
        notify(users=[cast.alice], kind="nope", url="/", params={})
    with pytest.raises(ValueError, match="needs the parameters"):
        notify(users=[cast.alice], kind=kinds.PROJECT_STATUS, url="/", params={"project": "X"})
    assert not Notification.objects.exists()
