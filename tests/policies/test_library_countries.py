"""A policy's and an endorsement's country come from the platform's one list of ISO 3166-1
codes (the list a partnership request offers and the publiccode.yml validator checks)."""

from __future__ import annotations

import pytest
from django.urls import reverse

from osunited.governance.countries import countries
from osunited.policies.models import Endorsement, Policy
from osunited.scanner.publiccode import iso_3166_1_countries
from tests.conftest import Cast, client_for
from tests.policies.test_library_pages import editor, endorsement_form, unicef_policy_form

pytestmark = pytest.mark.django_db

REFUSED = "Not an ISO 3166-1 country code: two letters, such as AR or FR."


def test_there_is_one_list_of_countries() -> None:
    assert set(countries()) == set(iso_3166_1_countries())
    assert len(countries()) == 249
    assert countries()["RO"] == "Romania"


def test_a_policy_with_two_letters_that_are_no_country_is_refused(cast: Cast) -> None:
    form = unicef_policy_form(
        cast, issuer_kind="government", entity="", issuer="Ruritania", country="rt"
    )

    response = client_for(editor(cast)).post(reverse("policies:library_new"), form)

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Policy.objects.filter(issuer="Ruritania").exists()


def test_an_endorsement_with_an_unknown_country_is_refused(cast: Cast) -> None:
    url = reverse("policies:endorsements_new")

    response = client_for(cast.erin).post(url, endorsement_form(cast, country="xx"))

    assert response.status_code == 400
    assert REFUSED in response.content.decode()
    assert not Endorsement.objects.exists()


def test_an_endorsement_keeps_its_country_in_capitals(cast: Cast) -> None:
    url = reverse("policies:endorsements_new")

    response = client_for(cast.erin).post(url, endorsement_form(cast, country="ch"))

    assert response.status_code == 302
    assert Endorsement.objects.get().country == "CH"
