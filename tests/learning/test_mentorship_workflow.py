"""Mentorship's workflow (CB3): requests, acceptance within the places offered, declining, ending
and withdrawing, each allowed by the one table, audited and told to the other party."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError

from osunited.accounts.models import User
from osunited.audit.models import AuditEvent
from osunited.learning.models import MentorOffer, Mentorship, MentorshipStatus
from osunited.learning.selectors.mentorship import mentorship_counts
from osunited.learning.services.mentorship import (
    CHANGES,
    mentor_offer_save,
    mentorship_change,
    mentorship_request,
)
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.mentorship_helpers import COMMUNITY, PROCUREMENT, STRATEGY, an_offer, fake_osee

pytestmark = pytest.mark.usefixtures("fake_osee")
__all__ = ["fake_osee"]

Status = MentorshipStatus


def ask(mentee: User, offer: MentorOffer, topic: str = STRATEGY) -> Mentorship:
    return mentorship_request(actor=mentee, offer=offer, topic=topic, message="Help me plan.")


def a_pair(mentor: User, mentee: User, status: Status) -> Mentorship:
    return Mentorship.objects.create(
        mentor=mentor, mentee=mentee, topic=STRATEGY, message="Hello.", status=status
    )


# (status, change, party) -> allowed. The same table, written out by hand.
EXPECTED = {
    ("requested", "accept", "mentor"),
    ("requested", "decline", "mentor"),
    ("active", "end", "mentor"),
    ("active", "end", "mentee"),
    ("requested", "withdraw", "mentee"),
    ("active", "withdraw", "mentee"),
}


@pytest.mark.parametrize("status", Status.values)
@pytest.mark.parametrize("change", sorted(CHANGES))
@pytest.mark.parametrize("party", ["mentor", "mentee"])
def test_each_change_is_allowed_from_its_statuses_to_its_party_only(
    cast: Cast, status: str, change: str, party: str
) -> None:
    an_offer(cast.alice, capacity=5)
    pair = a_pair(cast.alice, cast.carol, Status(status))
    actor = cast.alice if party == "mentor" else cast.carol

    try:
        mentorship_change(actor=actor, mentorship=pair, action=change)
    except (ValidationError, PermissionDenied):
        allowed = False
    else:
        allowed = True

    assert allowed == ((status, change, party) in EXPECTED)
    pair.refresh_from_db()
    assert pair.status == (CHANGES[change].target if allowed else status)


def test_a_request_reaches_the_mentor_by_e_mail_and_is_audited(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    offer = an_offer(cast.alice)

    with django_capture_on_commit_callbacks(execute=True):
        pair = ask(cast.carol, offer, COMMUNITY)

    assert (pair.status, pair.mentee_entity, pair.topic) == (Status.REQUESTED, None, COMMUNITY)
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == [cast.alice.email]
    assert "Carol (carol@example.org)" in mail.outbox[0].body
    assert "Topic: Community building" in mail.outbox[0].body
    assert AuditEvent.objects.filter(action="learning.mentorship_requested").count() == 1


@pytest.mark.parametrize(
    ("setup", "message"),
    [
        ("own", "You cannot be your own mentee."),
        ("paused", "not taking mentees now"),
        ("topic", "Choose one of the mentor's topics."),
        ("twice", "already have an open request"),
        ("full", "no place left"),
    ],
)
def test_a_refused_request_changes_nothing(cast: Cast, setup: str, message: str) -> None:
    offer = an_offer(cast.alice, capacity=1, active=setup != "paused")
    mentee, topic = (cast.alice if setup == "own" else cast.carol), STRATEGY
    if setup == "topic":
        topic = PROCUREMENT
    if setup == "twice":
        ask(cast.carol, offer)
    if setup == "full":
        a_pair(cast.alice, cast.frank, Status.ACTIVE)
    before = Mentorship.objects.count()

    with pytest.raises(ValidationError, match=message):
        ask(mentee, offer, topic)

    assert Mentorship.objects.count() == before


def test_a_new_request_is_possible_once_the_previous_one_ended(cast: Cast) -> None:
    offer = an_offer(cast.alice)
    first = ask(cast.carol, offer)
    mentorship_change(actor=cast.alice, mentorship=first, action="decline")

    again = ask(cast.carol, offer)

    assert again.status == Status.REQUESTED


def test_acceptance_never_exceeds_the_places_offered(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    offer = an_offer(cast.alice, capacity=1)
    carol, frank = ask(cast.carol, offer), ask(cast.frank, offer)

    with django_capture_on_commit_callbacks(execute=True):
        mentorship_change(actor=cast.alice, mentorship=carol, action="accept")
    with pytest.raises(ValidationError, match="All 1 places of your offer are taken"):
        mentorship_change(actor=cast.alice, mentorship=frank, action="accept")

    carol.refresh_from_db()
    frank.refresh_from_db()
    assert (carol.status, frank.status) == (Status.ACTIVE, Status.REQUESTED)
    assert carol.started_on is not None
    assert mail.outbox[-1].to == [cast.carol.email]
    assert "alice@unicef.org" in mail.outbox[-1].body  # the mentee can now write to the mentor


def test_ending_tells_the_other_party_and_dates_the_end(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    an_offer(cast.alice)
    pair = a_pair(cast.alice, cast.carol, Status.ACTIVE)

    with django_capture_on_commit_callbacks(execute=True):
        mentorship_change(actor=cast.carol, mentorship=pair, action="end")

    pair.refresh_from_db()
    assert (pair.status, pair.ended_on is not None) == (Status.COMPLETED, True)
    assert mail.outbox[-1].to == [cast.alice.email]
    event = AuditEvent.objects.get(action="learning.mentorship_completed")
    assert (event.actor, event.changes) == (cast.carol, {"status": ["active", "completed"]})


def test_an_offer_cannot_shrink_below_its_active_mentees(cast: Cast) -> None:
    an_offer(cast.alice, capacity=2)
    a_pair(cast.alice, cast.carol, Status.ACTIVE)
    a_pair(cast.alice, cast.frank, Status.ACTIVE)

    with pytest.raises(ValidationError, match="You mentor 2 people now"):
        mentor_offer_save(actor=cast.alice, topics=[STRATEGY], languages=["en"], capacity=1)

    assert MentorOffer.objects.get(mentor=cast.alice).capacity == 2


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"topics": []}, "at least one topic"),
        ({"topics": ["made/up"]}, "Unknown OSEE competencies: made/up"),
        ({"languages": ["xx"]}, "languages you mentor in"),
        ({"capacity": 0}, "between 1 and 10"),
    ],
)
def test_a_bad_offer_is_refused(cast: Cast, fields: dict[str, Any], message: str) -> None:
    values: dict[str, Any] = {"topics": [STRATEGY], "languages": ["en"], "capacity": 1, **fields}

    with pytest.raises(ValidationError, match=message):
        mentor_offer_save(actor=cast.alice, **values)

    assert not MentorOffer.objects.exists()


def test_mentorship_counts_count_an_entitys_pairs_by_status(cast: Cast) -> None:
    """UNICEF's pairs: alice mentors (UNICEF) and erin is mentored (UNICEF); WHO's are apart."""
    pair = a_pair(cast.alice, cast.carol, Status.ACTIVE)
    mentee = a_pair(cast.frank, cast.erin, Status.REQUESTED)
    Mentorship.objects.filter(pk=mentee.pk).update(mentee_entity=cast.unicef)
    a_pair(cast.alice, cast.frank, Status.COMPLETED)
    a_pair(cast.grace, UserFactory(email="someone@who.int"), Status.ACTIVE)
    del pair

    counts = mentorship_counts(cast.unicef)

    assert counts == {
        Status.REQUESTED: 1,
        Status.ACTIVE: 1,
        Status.DECLINED: 0,
        Status.COMPLETED: 1,
        Status.WITHDRAWN: 0,
    }


def test_a_change_by_page_for_someone_not_of_the_pair_is_a_404(cast: Cast) -> None:
    an_offer(cast.alice)
    pair = a_pair(cast.alice, cast.carol, Status.REQUESTED)

    response = client_for(cast.frank).post(f"/learning/mentorship/pairs/{pair.pk}/accept/")

    assert response.status_code == 404
    pair.refresh_from_db()
    assert pair.status == Status.REQUESTED


def test_a_change_the_party_may_not_make_is_a_message(cast: Cast) -> None:
    an_offer(cast.alice)
    pair = a_pair(cast.alice, cast.carol, Status.REQUESTED)

    response = client_for(cast.carol).post(
        f"/learning/mentorship/pairs/{pair.pk}/accept/", follow=True
    )

    assert "Only the mentor or the mentee this change is for makes it." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == Status.REQUESTED
