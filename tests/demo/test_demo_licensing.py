"""The demo's licensing guidance: three published packages, one with a history, legal reviews at
two entities (UNICEF's public, WHO's not), a privileges-and-immunities note."""

import pytest
from django.urls import reverse
from django.utils import timezone

from osunited.demo.services import demo_load
from osunited.licensing.models import (
    LicenseNote,
    LicensePackage,
    OfficeHoursSession,
    PackageStatus,
    SurveyResponse,
)
from osunited.licensing.selectors.packages import recommended_licenses
from tests.conftest import client_for

pytestmark = pytest.mark.django_db


def test_the_demo_publishes_three_packages_and_reviews_at_two_entities() -> None:
    assert demo_load(("entities", "users", "licensing")) == ["entities", "users", "licensing"]
    assert LicensePackage.objects.count() == 3
    statuses = LicensePackage.objects.get(slug="permissive").versions.values_list(
        "number", "status"
    )
    assert sorted(statuses) == [(1, PackageStatus.SUPERSEDED), (2, PackageStatus.PUBLISHED)]
    recommended = recommended_licenses()
    assert recommended is not None
    assert {"Apache-2.0", "AGPL-3.0-or-later", "CC-BY-4.0"} <= recommended
    assert "ISC" not in recommended  # left out in the second version
    assert LicenseNote.objects.filter(kind="privileges_immunities").exists()
    [response] = SurveyResponse.objects.all()
    assert response.entity.acronym == "UNICEF"
    assert response.submitted_at is not None
    assert OfficeHoursSession.objects.get().starts_at > timezone.now()
    overview = client_for(None).get(reverse("licensing:reviews")).content.decode()
    assert "UNICEF" in overview
    assert "Cleared with conditions" in overview
    assert (
        client_for(None).get(reverse("licensing:entity_reviews", args=["who"])).status_code == 404
    )
