"""The navigation counts what waits for a signed-in person (#21): the review queue, feedback to
moderate, votes to cast, unread notifications; in one query, once per request, and not at all
for anonymous visitors."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osunited.accounts.models import User
from osunited.accounts.roles import roles_of
from osunited.governance.models import Decision, MotionKind, Vote, VoteChoice
from osunited.notifications import kinds
from osunited.notifications.services import notify
from osunited.platform.context_processors import work_waiting
from osunited.platform.work import work_counts
from tests.conftest import Cast, client_for
from tests.factories import FeedbackFactory, ProjectFactory

pytestmark = pytest.mark.django_db


def _nav(user: User | None) -> str:
    page = client_for(user).get(reverse("entities:list")).content.decode()
    return page[page.index('<nav class="account-nav"') : page.index("</header>")]


def test_a_reviewer_sees_the_queue_and_feedback_waiting_counted_in_the_navigation(
    cast: Cast,
) -> None:
    ProjectFactory(entity=cast.unicef, status="submitted")
    ProjectFactory(entity=cast.unicef, status="resubmitted")
    FeedbackFactory(project=ProjectFactory(entity=cast.unicef, status="published"))
    nav = _nav(cast.bob)
    assert 'Review queue <span class="badge" aria-hidden="true">2</span>' in nav
    assert '<span class="visually-hidden"> (2 items waiting)</span>' in nav
    assert "Feedback to moderate" in nav
    assert "(1 item waiting)" in nav
    assert "Review queue" not in _nav(cast.carol)


def test_a_board_member_sees_the_votes_left_to_cast(cast: Cast) -> None:
    motion = Decision.objects.create(
        kind=MotionKind.OTHER, title="Admit", motion="That.", quorum_percent=50, majority_percent=50
    )
    assert "Votes to cast" in _nav(cast.grace)
    assert "(1 item waiting)" in _nav(cast.grace)
    Vote.objects.create(decision=motion, entity=cast.who, voter=cast.grace, choice=VoteChoice.FOR)
    assert "(1 item waiting)" not in _nav(cast.grace)
    assert "Votes to cast" not in _nav(cast.bob)


def test_unread_notifications_are_counted_for_everyone_signed_in(cast: Cast) -> None:
    notify(users=[cast.carol], kind=kinds.QUESTION_ANSWERED, url="/", params={"project": "X"})
    nav = _nav(cast.carol)
    assert reverse("notifications:list") in nav
    assert "(1 item waiting)" in nav
    assert "(1 item waiting)" not in _nav(cast.alice)


def test_every_count_comes_from_one_query(cast: Cast) -> None:
    for person, expected in ((cast.bob, (0, 0, None)), (cast.grace, (None, None, 0))):
        user = User.objects.get(pk=person.pk)
        roles_of(user)  # read once per request by the layout anyway
        with CaptureQueriesContext(connection) as queries:
            counts = work_counts(user)
        assert (counts.review_queue, counts.feedback, counts.votes) == expected
        assert len(queries.captured_queries) == 1


def test_anonymous_visitors_cost_no_query(rf: RequestFactory, django_assert_num_queries) -> None:
    from django.contrib.auth.models import AnonymousUser

    request = rf.get("/")
    request.user = AnonymousUser()
    with django_assert_num_queries(0):
        assert work_waiting(request) == {"work": None}


def test_the_counts_are_read_once_per_request(cast: Cast) -> None:
    client = client_for(cast.bob)
    with CaptureQueriesContext(connection) as queries:
        client.get(reverse("home"))
    counting = [q for q in queries.captured_queries if "COUNT(*) FROM (SELECT" in q["sql"]]
    assert len(counting) == 1
