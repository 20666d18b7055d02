"""Partnership requests (CPF 4.1.3, G10; Unite Open Source's broker role): filed by anyone signed
in, followed by the requester, handled by the Board, listed publicly once accepted."""

import pytest
from django.urls import reverse

from osunited.audit.models import AuditEvent
from osunited.governance.countries import countries, country_name
from osunited.governance.models import PartnershipRequest, PartnershipStatus, PartnershipTopic
from osunited.governance.services.partners import (
    MAX_OPEN_REQUESTS,
    partnership_handle,
    partnership_submit,
)
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db

NEW = reverse("governance:partners_new")
PUBLIC = reverse("governance:partners_public")

A_TOOL = {
    "topic": PartnershipTopic.OPEN_SOURCE_A_TOOL,
    "organisation": "Ministry of Digital Affairs",
    "organisation_kind": "government",
    "country": "KE",
    "contact_name": "Wanjiru",
    "contact_email": "wanjiru@example.org",
    "summary": "We built a land registry and wish the UN to help us open source it.",
    "tool_name": "Registry",
    "tool_license_intent": "apache-2.0",
}


def _filed(cast: Cast, **changes: str) -> PartnershipRequest:
    return partnership_submit(actor=cast.carol, **{**A_TOOL, **changes})


def test_a_signed_in_user_files_a_request_to_open_source_a_tool(cast: Cast) -> None:
    response = client_for(cast.carol).post(NEW, A_TOOL)

    filed = PartnershipRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("governance:partners_detail", args=[filed.pk])
    assert (filed.status, filed.submitted_by, filed.country) == ("received", cast.carol, "KE")
    assert filed.tool_license_intent == "Apache-2.0"  # the exact SPDX id
    assert AuditEvent.objects.filter(action="governance.partnership_submitted").count() == 1


def test_the_form_offers_countries_by_name(cast: Cast) -> None:
    page = client_for(cast.carol).get(NEW).content.decode()

    assert '<option value="KE">Kenya</option>' in page
    assert len(countries()) == 249
    assert country_name("fr") == "France"
    assert country_name("") == country_name("ZZ") == ""


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"country": "Kenya"}, "country", "Choose a country from the list"),
        ({"country": "ZZ"}, "country", "Choose a country from the list"),
        ({"tool_license_intent": "not-a-license"}, "tool_license_intent", "SPDX id"),
        ({"tool_license_intent": ""}, "tool_license_intent", "SPDX id"),
        ({"tool_license_intent": "CC-BY-4.0"}, "tool_license_intent", "not approved by the Open"),
        ({"tool_name": " "}, "tool_name", "Name the tool"),
        ({"contact_email": "nobody"}, "contact_email", "valid email"),
        ({"organisation_kind": "cartel"}, "organisation_kind", "valid choice"),
        ({"topic": "lobbying"}, "topic", "valid choice"),
    ],
)
def test_bad_input_says_why_and_files_nothing(
    cast: Cast, changes: dict[str, str], field: str, message: str
) -> None:
    response = client_for(cast.carol).post(NEW, {**A_TOOL, **changes})

    assert response.status_code == 400
    assert message in " ".join(response.context["form"].errors[field])
    assert not PartnershipRequest.objects.exists()


def test_a_partnership_names_no_tool_and_may_leave_the_country_unstated(cast: Cast) -> None:
    filed = _filed(
        cast, topic=PartnershipTopic.PARTNERSHIP, country="", tool_license_intent="nonsense"
    )

    assert (filed.tool_name, filed.tool_license_intent, filed.country) == ("", "", "")
    page = client_for(cast.carol).get(reverse("governance:partners_detail", args=[filed.pk]))
    assert "Not stated" in page.content.decode()


def test_a_user_has_at_most_a_few_open_requests(cast: Cast) -> None:
    for _ in range(MAX_OPEN_REQUESTS):
        _filed(cast)

    response = client_for(cast.carol).post(NEW, A_TOOL)

    assert response.status_code == 400
    assert "still open" in response.content.decode()
    assert PartnershipRequest.objects.count() == MAX_OPEN_REQUESTS


def test_a_withdrawn_request_no_longer_counts_against_the_limit(cast: Cast) -> None:
    filed = [_filed(cast) for _ in range(MAX_OPEN_REQUESTS)]
    client = client_for(cast.carol)

    client.post(reverse("governance:partners_withdraw", args=[filed[0].pk]))

    filed[0].refresh_from_db()
    assert filed[0].status == PartnershipStatus.CLOSED
    assert client.post(NEW, A_TOOL).status_code == 302


def test_the_requester_sees_their_requests_and_nobody_else_does(cast: Cast) -> None:
    filed = _filed(cast)
    detail = reverse("governance:partners_detail", args=[filed.pk])

    mine = client_for(cast.carol).get(reverse("governance:partners_mine"))

    assert "Ministry of Digital Affairs" in mine.content.decode()
    assert "Received" in mine.content.decode()
    assert client_for(cast.frank).get(detail).status_code == 404
    assert (
        "Ministry"
        not in client_for(cast.frank).get(reverse("governance:partners_mine")).content.decode()
    )
    assert client_for(cast.grace).get(detail).status_code == 200  # the Board


def test_a_forged_withdrawal_of_another_users_request_changes_nothing(cast: Cast) -> None:
    filed = _filed(cast)

    response = client_for(cast.frank).post(reverse("governance:partners_withdraw", args=[filed.pk]))

    assert response.status_code == 404
    filed.refresh_from_db()
    assert filed.status == PartnershipStatus.RECEIVED


def test_the_board_accepts_a_request_with_the_entities_interested_and_lists_it(cast: Cast) -> None:
    filed = _filed(cast)
    form = {
        "status": "accepted",
        "matched_entities": [cast.unicef.pk, cast.who.pk],
        "outcome": "UNICEF and WHO will host the registry's community.",
        "public": "on",
    }

    response = client_for(cast.grace).post(
        reverse("governance:partners_handle", args=[filed.pk]), form
    )

    assert response.status_code == 302
    filed.refresh_from_db()
    assert (filed.status, filed.public, filed.handled_by) == ("accepted", True, cast.grace)
    assert set(filed.matched_entities.all()) == {cast.unicef, cast.who}
    page = client_for(None).get(PUBLIC).content.decode()
    assert "Ministry of Digital Affairs" in page
    assert "Kenya" in page
    assert "UNICEF" in page
    assert "wanjiru@example.org" not in page  # the contact never shows
    assert AuditEvent.objects.filter(action="governance.partnership_handled").count() == 1


def test_only_accepted_public_requests_are_listed(cast: Cast) -> None:
    hidden = _filed(cast, organisation="Quiet Org")
    partnership_handle(
        request=hidden,
        actor=cast.heidi,
        status="accepted",
        matched_entities=[],
        outcome="Done quietly.",
        public=False,
    )
    _filed(cast, organisation="Pending Org")

    page = client_for(None).get(PUBLIC).content.decode()

    assert "Quiet Org" not in page
    assert "Pending Org" not in page
    assert "No partnership is listed yet." in page


@pytest.mark.parametrize(
    ("status", "outcome", "field"),
    [
        ("accepted", "", "outcome"),  # accepting says what comes of it
        ("closed", "x", None),
    ],
)
def test_the_board_states_an_outcome_to_accept(
    cast: Cast, status: str, outcome: str, field: str | None
) -> None:
    filed = _filed(cast)
    form = {"status": status, "outcome": outcome}

    response = client_for(cast.grace).post(
        reverse("governance:partners_handle", args=[filed.pk]), form
    )

    filed.refresh_from_db()
    if field is None:
        assert response.status_code == 302
        assert filed.status == status
    else:
        assert response.status_code == 400
        assert field in response.context["handle_form"].errors
        assert filed.status == PartnershipStatus.RECEIVED


def test_a_closed_request_cannot_be_reopened(cast: Cast) -> None:
    filed = _filed(cast)
    client = client_for(cast.grace)
    url = reverse("governance:partners_handle", args=[filed.pk])
    client.post(url, {"status": "closed"})

    response = client.post(url, {"status": "accepted", "outcome": "Late."})

    assert response.status_code == 400
    assert "cannot go from this status" in response.content.decode()
    filed.refresh_from_db()
    assert filed.status == PartnershipStatus.CLOSED


def test_only_the_board_handles_requests(cast: Cast) -> None:
    filed = _filed(cast)
    url = reverse("governance:partners_handle", args=[filed.pk])

    for user in (cast.carol, cast.erin, cast.alice):
        assert client_for(user).post(url, {"status": "accepted", "outcome": "x"}).status_code == 403
    assert client_for(cast.carol).get(reverse("governance:partners_queue")).status_code == 403
    filed.refresh_from_db()
    assert filed.status == PartnershipStatus.RECEIVED


def test_the_board_filters_the_queue_by_status(cast: Cast) -> None:
    _filed(cast, organisation="First Org")
    closed = _filed(cast, organisation="Second Org")
    partnership_handle(
        request=closed,
        actor=cast.heidi,
        status="closed",
        matched_entities=[],
        outcome="",
        public=False,
    )
    client = client_for(cast.grace)

    page = client.get(reverse("governance:partners_queue"), {"status": "closed"}).content.decode()
    everything = client.get(reverse("governance:partners_queue"), {"status": "nonsense"})

    assert "Second Org" in page
    assert "First Org" not in page
    assert "First Org" in everything.content.decode()


def test_free_text_is_escaped(cast: Cast) -> None:
    filed = _filed(cast, organisation="<script>alert(1)</script>", summary="<b>bold</b>")
    partnership_handle(
        request=filed,
        actor=cast.heidi,
        status="accepted",
        matched_entities=[],
        outcome="<img src=x onerror=alert(1)>",
        public=True,
    )

    page = client_for(None).get(PUBLIC).content.decode()

    assert "<script>alert(1)</script>" not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "<img src=x" not in page
    assert "<b>bold</b>" not in page


def test_anonymous_visitors_are_sent_to_sign_in_to_file(cast: Cast) -> None:
    response = client_for(None).get(NEW)

    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")
