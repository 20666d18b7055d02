"""Legal reviews (CPF 4.2.3): each entity's legal team's decision on each license, kept with its
history, shown publicly only when the entity says so."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.audit.models import AuditEvent
from osunited.licensing.models import LegalReview, LegalReviewChange, ReviewStatus
from osunited.licensing.services.packages import (
    package_create,
    package_license_set,
    package_publish,
)
from osunited.licensing.services.reviews import legal_review_set, licensing_preferences_set
from tests.conftest import Cast, client_for
from tests.factories import EntityFactory

pytestmark = pytest.mark.django_db


def edit_url(slug: str, license_id: str) -> str:
    return reverse("licensing:review_edit", args=[slug, license_id])


def review(cast: Cast, entity_slug: str, license_id: str, status: str, **fields: object) -> None:
    entity = {"unicef": cast.unicef, "who": cast.who}[entity_slug]
    role_grant(user=cast.erin, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity, actor=None)
    legal_review_set(
        entity=entity,
        license_id=license_id,
        status=ReviewStatus(status),
        conditions=str(fields.get("conditions", "")),
        reviewed_on=None,
        reviewer_entity=entity,
        actor=cast.erin,
    )


def test_a_representative_records_a_decision_and_each_change_is_kept(cast: Cast) -> None:
    client = client_for(cast.erin)
    assert client.get(edit_url("unicef", "GPL-3.0-only")).status_code == 200
    client.post(edit_url("unicef", "GPL-3.0-only"), {"status": "in_review"})
    response = client.post(
        edit_url("unicef", "GPL-3.0-only"),
        {
            "status": "cleared_with_conditions",
            "conditions": "Only for services not distributed outside the UN.",
            "reviewed_on": "2026-01-15",
            "reviewer_entity": cast.unicef.pk,
        },
    )
    assert response.status_code == 302
    saved = LegalReview.objects.get(entity=cast.unicef, license_id="GPL-3.0-only")
    assert saved.status == ReviewStatus.CLEARED_WITH_CONDITIONS
    assert saved.reviewer_entity == cast.unicef
    history = list(saved.history.values_list("status", flat=True))
    assert history == ["cleared_with_conditions", "in_review"]
    assert AuditEvent.objects.filter(action="legal_review.changed").count() == 2
    page = client.get(reverse("licensing:entity_reviews", args=["unicef"])).content.decode()
    assert "Only for services not distributed outside the UN." in page
    assert "In review" in page  # the history


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({"status": "cleared_with_conditions"}, "Say which conditions"),
        (
            {"status": "cleared", "reviewed_on": str(date.today() + timedelta(days=2))},
            "cannot be in the future",
        ),
    ],
)
def test_a_bad_decision_is_refused_with_a_message_and_changes_nothing(
    cast: Cast, fields: dict[str, str], message: str
) -> None:
    response = client_for(cast.erin).post(edit_url("unicef", "MIT"), fields)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not LegalReview.objects.exists()
    assert not LegalReviewChange.objects.exists()


def test_an_unknown_license_is_a_404(cast: Cast) -> None:
    assert client_for(cast.erin).get(edit_url("unicef", "Nope-1.0")).status_code == 404


def test_only_the_entitys_representatives_and_its_licensing_group_members_decide(
    cast: Cast,
) -> None:
    role_grant(user=cast.grace, role=GrantedRole.LICENSING_GROUP, actor=None)  # of WHO
    for person in (cast.alice, cast.grace, cast.heidi, cast.carol):
        assert (
            client_for(person).post(edit_url("unicef", "MIT"), {"status": "cleared"}).status_code
            == 403
        )
    assert (
        client_for(cast.grace).post(edit_url("who", "MIT"), {"status": "cleared"}).status_code
        == 302
    )
    assert list(LegalReview.objects.values_list("entity__slug", flat=True)) == ["who"]


def test_private_reviews_are_never_shown_to_others(cast: Cast) -> None:
    review(cast, "unicef", "MIT", "not_cleared")
    entity_page = reverse("licensing:entity_reviews", args=["unicef"])
    for person in (None, cast.carol, cast.bob, cast.grace):  # none of UNICEF
        client = client_for(person)
        assert client.get(entity_page).status_code == 404
        assert "Not cleared" not in client.get(reverse("licensing:reviews")).content.decode()
        assert (
            "Not cleared"
            not in client.get(reverse("licensing:license", args=["MIT"])).content.decode()
        )
    assert "Not cleared" in client_for(cast.alice).get(entity_page).content.decode()  # UNICEF staff


def test_an_entity_that_publishes_its_reviews_appears_in_the_overview(cast: Cast) -> None:
    review(cast, "unicef", "MIT", "cleared")
    review(cast, "who", "MIT", "in_review")
    client_for(cast.erin).post(
        reverse("licensing:review_preferences", args=["unicef"]), {"reviews_public": "on"}
    )
    page = client_for(None).get(reverse("licensing:reviews")).content.decode()
    assert "UNICEF" in page
    assert "Cleared" in page
    assert "WHO" not in page  # WHO keeps its reviews to itself
    assert (
        client_for(None).get(reverse("licensing:entity_reviews", args=["unicef"])).status_code
        == 200
    )


def test_an_entitys_page_lists_the_packages_licenses_and_any_it_reviewed(cast: Cast) -> None:
    role_grant(user=cast.heidi, role=GrantedRole.LICENSING_GROUP, actor=None)
    package = package_create(slug="p", name="P", purpose="x", actor=cast.heidi)
    package_license_set(package=package, license_id="Apache-2.0", rationale="x", actor=cast.heidi)
    package_publish(package=package, changes="x", actor=cast.heidi)
    review(cast, "unicef", "EUPL-1.2", "cleared")
    response = client_for(cast.erin).get(reverse("licensing:entity_reviews", args=["unicef"]))
    assert [row.license_id for row in response.context["rows"]] == ["Apache-2.0", "EUPL-1.2"]


def test_the_overview_takes_the_same_queries_for_few_or_many_reviews(cast: Cast) -> None:
    licensing_preferences_set(entity=cast.unicef, reviews_public=True, actor=_rep(cast))
    review(cast, "unicef", "MIT", "cleared")

    def queries(url: str) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(None).get(url).status_code == 200
        return len(captured)

    overview, entity_page = (
        reverse("licensing:reviews"),
        reverse("licensing:entity_reviews", args=["unicef"]),
    )
    few = (queries(overview), queries(entity_page))
    for license_id in ("ISC", "Apache-2.0", "GPL-3.0-only"):
        review(cast, "unicef", license_id, "in_review")
        review(cast, "unicef", license_id, "cleared")
    licensing_preferences_set(entity=cast.who, reviews_public=True, actor=_rep(cast, "who"))
    review(cast, "who", "MIT", "cleared")
    EntityFactory(acronym="FAO")
    assert (queries(overview), queries(entity_page)) == few


def _rep(cast: Cast, slug: str = "unicef") -> User:
    entity = {"unicef": cast.unicef, "who": cast.who}[slug]
    role_grant(user=cast.erin, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=entity, actor=None)
    return cast.erin


def test_a_decision_dated_today_is_accepted(cast: Cast) -> None:
    response = client_for(cast.erin).post(
        edit_url("unicef", "MIT"), {"status": "cleared", "reviewed_on": str(timezone.localdate())}
    )
    assert response.status_code == 302
