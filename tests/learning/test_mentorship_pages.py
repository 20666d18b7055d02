"""Mentorship's pages: the public list of offers with places left, a mentor's offer, a mentee's
request, and both sides' pairs."""

from __future__ import annotations

from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.audit.models import AuditEvent
from osunited.learning.models import MentorOffer, Mentorship, MentorshipStatus
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.learning.mentorship_helpers import COMMUNITY, PROCUREMENT, STRATEGY, an_offer, fake_osee

pytestmark = pytest.mark.usefixtures("fake_osee")
__all__ = ["fake_osee"]

LIST = "/learning/mentorship/"
MINE = "/learning/mentorship/mine/"


def test_a_mentor_offers_topics_languages_and_places(cast: Cast) -> None:
    client = client_for(cast.alice)
    assert client.get("/learning/mentorship/offer/").status_code == 200

    response = client.post(
        "/learning/mentorship/offer/",
        {
            "topics": [STRATEGY, PROCUREMENT],
            "languages": ["en", "es"],
            "capacity": "2",
            "note": "Tuesdays, by video.",
            "active": "on",
        },
    )

    assert response.status_code == 302
    offer = MentorOffer.objects.get(mentor=cast.alice)
    assert (offer.topics, offer.languages, offer.capacity) == (
        [STRATEGY, PROCUREMENT],
        ["en", "es"],
        2,
    )
    assert AuditEvent.objects.filter(action="learning.mentor_offer_created").count() == 1
    html = client_for(None).get(LIST).content.decode()
    assert "Open source strategy; Licence compliance" in html
    assert "English, Spanish" in html
    assert "2 places left of 2" in html
    assert "Tuesdays, by video." in html


def test_editing_the_offer_shows_what_it_says_and_changes_it(cast: Cast) -> None:
    an_offer(cast.alice, capacity=3, topics=(COMMUNITY,))
    client = client_for(cast.alice)
    form = client.get("/learning/mentorship/offer/").content.decode()
    assert f'value="{COMMUNITY}" id="id_topics_1" checked' in form

    client.post(
        "/learning/mentorship/offer/",
        {"topics": [STRATEGY], "languages": ["fr"], "capacity": "1"},
    )

    offer = MentorOffer.objects.get(mentor=cast.alice)
    assert (offer.topics, offer.languages, offer.capacity, offer.active) == (
        [STRATEGY],
        ["fr"],
        1,
        False,
    )
    listed = client_for(None).get(LIST).content.decode()
    assert "No mentor is taking mentees for these choices yet." in listed  # paused


@pytest.mark.parametrize(
    ("data", "message"),
    [
        ({"languages": ["en"], "capacity": "1"}, "This field is required."),
        (
            {"topics": [STRATEGY], "languages": ["en"], "capacity": "0"},
            "greater than or equal to 1",
        ),
        ({"topics": [STRATEGY], "languages": ["xx"], "capacity": "1"}, "Select a valid choice"),
    ],
)
def test_a_bad_offer_is_a_form_error_that_saves_nothing(
    cast: Cast, data: dict[str, Any], message: str
) -> None:
    response = client_for(cast.alice).post("/learning/mentorship/offer/", data)

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not MentorOffer.objects.exists()


def test_places_left_count_active_pairs_only(cast: Cast) -> None:
    an_offer(cast.alice, capacity=3)
    for status in (MentorshipStatus.ACTIVE, MentorshipStatus.REQUESTED, MentorshipStatus.COMPLETED):
        Mentorship.objects.create(
            mentor=cast.alice,
            mentee=UserFactory(),
            topic=STRATEGY,
            message="Hi.",
            status=status,
        )

    html = client_for(None).get(LIST).content.decode()

    assert "2 places left of 3" in html


def test_a_full_offer_has_no_request_link(cast: Cast) -> None:
    offer = an_offer(cast.alice, capacity=1)
    Mentorship.objects.create(
        mentor=cast.alice, mentee=cast.frank, topic=STRATEGY, message="Hi.", status="active"
    )

    html = client_for(cast.carol).get(LIST).content.decode()

    assert "0 places left of 1" in html
    assert "No place left for now." in html
    assert f"/learning/mentorship/offers/{offer.pk}/request/" not in html


def test_the_list_never_shows_a_mentors_e_mail_address(cast: Cast) -> None:
    nameless = UserFactory(email="quiet@unicef.org", display_name="")
    an_offer(nameless)

    html = client_for(None).get(LIST).content.decode()

    assert "quiet@unicef.org" not in html
    assert "Name not given" in html


def test_the_list_filters_by_topic_and_language(cast: Cast) -> None:
    an_offer(cast.alice, topics=(STRATEGY,), languages=["en"])
    an_offer(cast.grace, topics=(COMMUNITY,), languages=["fr"])
    client = client_for(None)

    by_topic = client.get(LIST, {"topic": COMMUNITY}).content.decode()
    by_language = client.get(LIST, {"language": "en"}).content.decode()

    assert "Grace" in by_topic
    assert "Alice" not in by_topic
    assert "Alice" in by_language
    assert "Grace" not in by_language


def test_a_bad_filter_says_so_and_lists_every_offer(cast: Cast) -> None:
    an_offer(cast.alice)

    response = client_for(None).get(LIST, {"language": "klingon"})

    assert response.status_code == 400
    assert "Select a valid choice" in response.content.decode()
    assert "Alice" in response.content.decode()


def test_the_list_reads_as_many_queries_whatever_the_number_of_offers(cast: Cast) -> None:
    client = client_for(None)
    an_offer(cast.alice)
    client.get(LIST)
    with CaptureQueriesContext(connection) as one:
        client.get(LIST)
    for number in range(4):
        an_offer(UserFactory(email=f"mentor{number}@who.int"))
    with CaptureQueriesContext(connection) as five:
        client.get(LIST)

    assert len(five) == len(one)


def test_a_mentee_requests_and_both_sides_see_the_pair(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    offer = an_offer(cast.alice)
    client = client_for(cast.carol)
    page = client.get(f"/learning/mentorship/offers/{offer.pk}/request/").content.decode()
    assert "Open source strategy" in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            f"/learning/mentorship/offers/{offer.pk}/request/",
            {"topic": STRATEGY, "message": "Help with our OSPO plan."},
        )

    assert response.status_code == 302
    assert response["Location"] == MINE
    assert mail.outbox[0].to == [cast.alice.email]
    mentee_side = client.get(MINE).content.decode()
    mentor_side = client_for(cast.alice).get(MINE).content.decode()
    assert "Help with our OSPO plan." in mentee_side
    assert ">Withdraw</button>" in mentee_side
    assert "alice@unicef.org" not in mentee_side  # not before the mentor accepts
    assert "carol@example.org" in mentor_side
    assert ">Accept</button>" in mentor_side
    assert ">Decline</button>" in mentor_side


def test_the_mentor_accepts_from_their_page(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    an_offer(cast.alice)
    pair = Mentorship.objects.create(
        mentor=cast.alice, mentee=cast.carol, topic=STRATEGY, message="Hi.", status="requested"
    )

    with django_capture_on_commit_callbacks(execute=True):
        response = client_for(cast.alice).post(
            f"/learning/mentorship/pairs/{pair.pk}/accept/", follow=True
        )

    assert "Mentorship accepted; the mentee was told by e-mail." in response.content.decode()
    pair.refresh_from_db()
    assert pair.status == MentorshipStatus.ACTIVE
    assert mail.outbox[-1].to == [cast.carol.email]
    assert "alice@unicef.org" in client_for(cast.carol).get(MINE).content.decode()


@pytest.mark.parametrize(
    ("who", "data", "message"),
    [
        ("alice", {"topic": STRATEGY, "message": "Me?"}, "This is your own offer"),
        ("carol", {"topic": PROCUREMENT, "message": "Law?"}, "Select a valid choice"),
        ("carol", {"topic": STRATEGY, "message": ""}, "This field is required."),
    ],
)
def test_a_bad_request_is_a_form_error_that_records_nothing(
    cast: Cast, who: str, data: dict[str, str], message: str
) -> None:
    offer = an_offer(cast.alice)

    response = client_for(getattr(cast, who)).post(
        f"/learning/mentorship/offers/{offer.pk}/request/", data
    )

    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Mentorship.objects.exists()


def test_a_paused_offer_cannot_be_requested(cast: Cast) -> None:
    offer = an_offer(cast.alice, active=False)

    response = client_for(cast.carol).get(f"/learning/mentorship/offers/{offer.pk}/request/")

    assert response.status_code == 404


def test_my_page_without_any_mentorship_invites_to_both(cast: Cast) -> None:
    html = client_for(cast.carol).get(MINE).content.decode()

    assert "You do not offer mentoring." in html
    assert "You have not asked for mentoring." in html
