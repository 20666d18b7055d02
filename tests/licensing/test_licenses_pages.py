"""The license pages: every license of the engine, searchable and filterable, and each license
in plain language with its packages, legal notes and the reviews a reader may see."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.licenses import all_license_facts
from osunited.licensing.models import LicensingPreferences, NoteKind, ReviewStatus
from osunited.licensing.services.notes import license_note_add
from osunited.licensing.services.packages import (
    package_create,
    package_license_set,
    package_publish,
)
from osunited.licensing.services.reviews import legal_review_set
from tests.conftest import Cast, client_for

pytestmark = pytest.mark.django_db


@pytest.fixture
def member(cast: Cast) -> User:
    role_grant(user=cast.grace, role=GrantedRole.LICENSING_GROUP, actor=None)
    cast.grace.refresh_from_db()
    return cast.grace


def publish(member: User, slug: str, entries: dict[str, str]) -> None:
    package = package_create(slug=slug, name=slug.title(), purpose="For tests.", actor=member)
    for license_id, rationale in entries.items():
        package_license_set(
            package=package, license_id=license_id, rationale=rationale, actor=member
        )
    package_publish(package=package, changes="First.", actor=member)


def listed(query: str = "") -> list[str]:
    response = client_for(None).get(reverse("licensing:licenses") + query)
    assert response.status_code == 200
    return [row.facts.spdx_id for row in response.context["rows"]]


def test_the_list_shows_every_license_of_the_engine(db: None) -> None:
    assert listed() == [facts.spdx_id for facts in all_license_facts()]
    page = client_for(None).get(reverse("licensing:licenses")).content.decode()
    assert "Apache-2.0" in page
    assert "Network copyleft" in page
    assert "Grants a patent license" in page


def test_the_list_is_searched_by_name_or_id_and_filtered(member: User) -> None:
    publish(member, "permissive", {"MIT": "Short."})
    assert "Apache-2.0" in listed("?q=apache")
    assert "Apache-2.0" in listed("?q=Apache License")
    assert all("gpl" in i.lower() for i in listed("?q=gpl"))
    network = listed("?family=network-copyleft")
    assert "AGPL-3.0-only" in network
    assert "MIT" not in network
    assert listed("?recommended=yes") == ["MIT"]
    assert "MIT" not in listed("?recommended=no")
    assert "CC-BY-4.0" in listed("?osi=no")
    assert "CC-BY-4.0" not in listed("?osi=yes")
    assert listed("?family=no-such-family") == listed()  # a bad filter filters nothing


def test_the_list_takes_the_same_queries_however_many_packages(member: User) -> None:
    publish(member, "one", {"MIT": "a"})

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            listed()
        return len(captured)

    few = queries()
    publish(member, "two", {"ISC": "b", "MIT": "c", "Apache-2.0": "d"})
    assert queries() == few


def test_a_license_page_speaks_plain_language_with_its_sources(member: User) -> None:
    publish(member, "permissive", {"Apache-2.0": "An express patent grant."})
    page = client_for(None).get(reverse("licensing:license", args=["Apache-2.0"]))
    text = page.content.decode()
    assert page.status_code == 200
    assert "Patent use" in text  # choosealicense.com's label
    assert "choosealicense.com" in text
    assert "MIT License" in text
    assert "Permissive" in text
    assert "Grants a patent license" in text
    assert "An express patent grant." in text
    assert "https://spdx.org/licenses/Apache-2.0.html" in text


def test_an_id_in_another_case_leads_to_the_license_and_an_unknown_id_is_a_404(
    db: None,
) -> None:
    client = client_for(None)
    response = client.get(reverse("licensing:license", args=["apache-2.0"]))
    assert response.status_code == 302
    assert response["Location"] == reverse("licensing:license", args=["Apache-2.0"])
    assert client.get(reverse("licensing:license", args=["No-Such-1.0"])).status_code == 404


def test_the_page_shows_notes_public_reviews_and_the_readers_own_entitys_review(
    cast: Cast, member: User
) -> None:
    license_note_add(
        license_id="MIT",
        kind=NoteKind.PRIVILEGES_AND_IMMUNITIES,
        text="Nothing in this license waives the privileges and immunities.",
        entity=cast.unicef,
        actor=member,
    )
    for entity, status in ((cast.unicef, ReviewStatus.CLEARED), (cast.who, ReviewStatus.IN_REVIEW)):
        role_grant(
            user=cast.erin, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity, actor=None
        )
        legal_review_set(
            entity=entity,
            license_id="MIT",
            status=status,
            conditions="",
            reviewed_on=None,
            reviewer_entity=entity,
            actor=cast.erin,
        )
    LicensingPreferences.objects.create(entity=cast.who, reviews_public=True)
    url = reverse("licensing:license", args=["MIT"])

    anonymous = client_for(None).get(url).content.decode()
    assert "waives the privileges and immunities" in anonymous
    assert "In review" in anonymous  # WHO publishes its reviews
    assert "Cleared" not in anonymous  # UNICEF does not

    alice = client_for(cast.alice).get(url).content.decode()  # UNICEF staff
    assert "Your entity, UNICEF" in alice
    assert "Cleared" in alice


@pytest.mark.parametrize(
    "url", ["/licenses/", "/licenses/MIT/", "/licenses/packages/", "/licenses/reviews/"]
)
@pytest.mark.parametrize("method", ["post", "put", "delete"])
def test_the_read_only_pages_refuse_other_methods(cast: Cast, url: str, method: str) -> None:
    response = getattr(client_for(cast.heidi), method)(url)
    assert response.status_code == 405
    assert response["Allow"] == "GET"
