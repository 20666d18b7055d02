"""Applying to the roster of experts, the Board's vetting, and the roster's search (CPF 4.1.3,
G10)."""

from __future__ import annotations

import html
from typing import Any

import pytest
from django.core import mail
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.audit.models import AuditEvent
from osunited.governance.models import Expert, ExpertStatus
from tests.conftest import Cast, client_for
from tests.factories import UserFactory
from tests.governance.experts_helpers import (
    COMMUNITY,
    STRATEGY,
    a_vetted_expert,
    an_applicant,
    the_form,
)

pytestmark = pytest.mark.django_db

APPLY = "/ossib/experts/apply/"
ROSTER = "/ossib/experts/"
VETTING = "/ossib/experts/vetting/"


def test_a_contributor_applies_with_areas_languages_and_interests(cast: Cast) -> None:
    response = client_for(cast.carol).post(APPLY, the_form())

    assert response.status_code == 302
    expert = Expert.objects.get(user=cast.carol)
    assert expert.status == ExpertStatus.APPLIED
    assert expert.competencies == [STRATEGY, COMMUNITY]
    assert expert.languages == ["en", "pt", "sw"]
    assert expert.organisations == ["Acme Ltd", "UNICEF"]
    assert expert.days_per_month == 4
    assert AuditEvent.objects.filter(action="governance.expert_applied").count() == 1
    page = client_for(cast.carol).get(APPLY).content.decode()
    assert "Application under review" in page


def test_the_form_groups_the_competencies_by_osee_module_in_fieldsets(cast: Cast) -> None:
    page = client_for(cast.carol).get(APPLY).content.decode()
    assert "<legend>Strategy</legend>" in page
    assert "<legend>Community Management</legend>" in page
    assert 'value="strategy/costing-labour-versus-licences"' in page


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"competencies": ["strategy/no-such-competency"]}, "is not one of the available"),
        ({"competencies": []}, "This field is required"),
        ({"languages": [], "other_languages": ""}, "Choose at least one language"),
        ({"other_languages": "pt, xx, klingon"}, "klingon, xx"),
        ({"languages": ["tlh"]}, "is not one of the available"),
        ({"days_per_month": "40"}, "less than or equal to 31"),
        ({"interests": "  "}, "This field is required"),
    ],
)
def test_a_bad_application_says_why_and_saves_nothing(
    cast: Cast, changes: dict[str, object], message: str
) -> None:
    response = client_for(cast.carol).post(APPLY, the_form(**changes))
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Expert.objects.exists()


def test_one_profile_per_user_edited_while_applied(cast: Cast) -> None:
    client = client_for(cast.carol)
    client.post(APPLY, the_form())
    client.post(APPLY, the_form(headline="Community manager"))
    expert = Expert.objects.get()
    assert expert.headline == "Community manager"
    assert expert.status == ExpertStatus.APPLIED


def test_the_board_accepts_and_the_expert_is_on_the_roster(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    expert = an_applicant(cast.carol)
    board = client_for(cast.grace)
    assert "Dana Expert" in board.get(VETTING).content.decode()
    assert "Acme Ltd" in board.get(f"/ossib/experts/{expert.pk}/vet/").content.decode()

    with django_capture_on_commit_callbacks(execute=True):
        response = board.post(
            f"/ossib/experts/{expert.pk}/vet/", {"decision": "accept", "notes": "Welcome."}
        )

    assert response.status_code == 302
    expert.refresh_from_db()
    assert (expert.status, expert.vetted_by) == (ExpertStatus.VETTED, cast.grace)
    assert "Dana Expert" in client_for(cast.frank).get(ROSTER).content.decode()
    assert mail.outbox[-1].to == [cast.carol.email]
    own = client_for(cast.carol).get(APPLY).content.decode()
    assert "Vetted" in own
    assert "Welcome." in own


def test_a_declined_applicant_reads_the_notes_and_is_not_on_the_roster(cast: Cast) -> None:
    expert = an_applicant(cast.carol)
    client_for(cast.heidi).post(
        f"/ossib/experts/{expert.pk}/vet/", {"decision": "decline", "notes": "Too little on G10."}
    )
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.DECLINED
    assert "Too little on G10." in client_for(cast.carol).get(APPLY).content.decode()
    assert "Dana Expert" not in client_for(cast.frank).get(ROSTER).content.decode()
    assert client_for(cast.frank).get(f"/ossib/experts/{expert.pk}/").status_code == 404


def test_declining_needs_notes_and_changes_nothing_without(cast: Cast) -> None:
    expert = an_applicant(cast.carol)
    response = client_for(cast.grace).post(
        f"/ossib/experts/{expert.pk}/vet/", {"decision": "decline", "notes": ""}
    )
    assert response.status_code == 400
    assert "Say why the application is declined" in response.content.decode()
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.APPLIED


def test_a_board_member_does_not_vet_their_own_application(cast: Cast) -> None:
    expert = an_applicant(cast.grace)
    response = client_for(cast.grace).post(
        f"/ossib/experts/{expert.pk}/vet/", {"decision": "accept"}
    )
    assert response.status_code == 400
    assert "This is your own application: another member of the Board vets it." in (
        html.unescape(response.content.decode())
    )
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.APPLIED


def test_a_decided_application_is_not_decided_again(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    response = client_for(cast.heidi).post(
        f"/ossib/experts/{expert.pk}/vet/", {"decision": "decline", "notes": "No."}
    )
    assert response.status_code == 400
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.VETTED


def test_a_vetted_expert_who_changes_their_declaration_goes_back_to_review(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace)
    client = client_for(cast.carol)
    assert "goes back to the Board for review" in client.get(APPLY).content.decode()

    client.post(APPLY, the_form(organisations="Acme Ltd\nUNICEF", interests="Same words."))
    assert Expert.objects.get().status == ExpertStatus.APPLIED
    assert "Dana Expert" not in client_for(cast.frank).get(ROSTER).content.decode()


def test_a_vetted_expert_who_changes_their_headline_stays_on_the_roster(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace)
    profile = the_form(
        competencies=[STRATEGY],
        languages=["en", "fr"],
        other_languages="",
        interests="Adviser to Acme Ltd since 2023.",
        organisations="Acme Ltd",
        headline="Now a community manager",
    )
    client_for(cast.carol).post(APPLY, profile)
    expert = Expert.objects.get()
    assert (expert.status, expert.headline) == (ExpertStatus.VETTED, "Now a community manager")


def test_an_expert_withdraws_and_leaves_the_roster(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace)
    client_for(cast.carol).post("/ossib/experts/withdraw/")
    assert Expert.objects.get().status == ExpertStatus.WITHDRAWN
    assert "Dana Expert" not in client_for(cast.frank).get(ROSTER).content.decode()
    response = client_for(cast.carol).post("/ossib/experts/withdraw/", follow=True)
    assert (
        "You have no application or place on the roster to withdraw." in response.content.decode()
    )


def test_the_roster_is_searched_by_module_competency_language_days_and_words(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace, display_name="Strategist", days_per_month=2)
    a_vetted_expert(
        UserFactory(),
        cast.grace,
        display_name="Community builder",
        competencies=[COMMUNITY],
        languages=["es"],
        bio="Ran the forum of a large project.",
        days_per_month=10,
    )
    client = client_for(cast.frank)

    def names(**query: str) -> list[str]:
        page = client.get(ROSTER, query).content.decode()
        return [name for name in ("Strategist", "Community builder") if name in page]

    assert names() == ["Strategist", "Community builder"]
    assert names(area="module:strategy") == ["Strategist"]
    assert names(area=COMMUNITY) == ["Community builder"]
    assert names(language="es") == ["Community builder"]
    assert names(min_days="5") == ["Community builder"]
    assert names(q="forum") == ["Community builder"]
    page = client.get(ROSTER, {"area": COMMUNITY}).content.decode()
    assert "Community Management: Tool community" in page
    assert "Spanish" in page


def test_a_bad_search_says_so_and_shows_every_expert(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace)
    response = client_for(cast.frank).get(ROSTER, {"area": "nothing", "min_days": "x"})
    assert response.status_code == 400
    assert "Every vetted expert is shown." in response.content.decode()
    assert "Dana Expert" in response.content.decode()


def test_the_roster_reads_in_a_fixed_number_of_queries(cast: Cast) -> None:
    a_vetted_expert(cast.carol, cast.grace)
    client = client_for(cast.frank)
    client.get(ROSTER)
    with CaptureQueriesContext(connection) as few:
        client.get(ROSTER)
    for _ in range(5):
        a_vetted_expert(UserFactory(), cast.grace)
    with CaptureQueriesContext(connection) as many:
        client.get(ROSTER)
    assert len(many) == len(few)


def test_an_expert_page_shows_competencies_languages_and_the_declaration(cast: Cast) -> None:
    expert = a_vetted_expert(cast.carol, cast.grace)
    page = client_for(cast.frank).get(f"/ossib/experts/{expert.pk}/").content.decode()
    for text in ("Costing Labour versus licences", "French", "Acme Ltd", "Ask Dana Expert"):
        assert text in page


def test_external_contributors_do_not_search_the_roster(cast: Cast) -> None:
    expert = a_vetted_expert(cast.frank, cast.grace)
    assert client_for(cast.carol).get(ROSTER).status_code == 403
    assert client_for(cast.carol).get(f"/ossib/experts/{expert.pk}/").status_code == 403


def test_only_the_board_vets(cast: Cast) -> None:
    expert = an_applicant(cast.carol)
    for person in (cast.frank, cast.bob, cast.erin):
        client = client_for(person)
        assert client.get(VETTING).status_code == 403
        assert (
            client.post(f"/ossib/experts/{expert.pk}/vet/", {"decision": "accept"}).status_code
            == 403
        )
    expert.refresh_from_db()
    assert expert.status == ExpertStatus.APPLIED


def test_vetting_an_unknown_expert_is_a_404(cast: Cast) -> None:
    response = client_for(cast.grace).post("/ossib/experts/999/vet/", {"decision": "accept"})
    assert response.status_code == 404
