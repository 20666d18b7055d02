"""The monitoring dashboard's capacity-building figures across entities, in its snapshots."""

from datetime import timedelta

import pytest
from django.utils import timezone

from osunited.dashboard.models import MetricSnapshot
from osunited.dashboard.services import snapshot_backfill, snapshot_take
from tests.conftest import Cast, client_for
from tests.learning.capacity_helpers import a_module, an_event, completed, empty_catalogue, now

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def own_catalogue(db: None) -> None:
    empty_catalogue()


def learning(cast: Cast) -> None:
    strategy = a_module("strategy-basics", osee_module="strategy", level="introductory")
    inclusion = a_module("inclusion", osee_module="digital-inclusion", level="advanced")
    external = a_module("git-course", level="intermediate")
    completed(cast.alice, strategy, on=timezone.localdate() - timedelta(days=5))
    completed(cast.erin, inclusion, on=timezone.localdate() - timedelta(days=1))
    completed(cast.frank, external, on=timezone.localdate() - timedelta(days=1))
    completed(
        cast.grace,
        inclusion,
        on=timezone.localdate(),
        revoked_at=now(),
        revoked_reason="Recorded in error.",
    )


def test_a_snapshot_counts_people_trained_categories_and_entities_meeting_cb1(
    cast: Cast,
) -> None:
    learning(cast)

    snapshot_take()

    stored = {s.scope: s.values for s in MetricSnapshot.objects.all()}
    everything = stored["all"]
    assert everything["people_trained"] == 3  # grace's completion is revoked
    assert everything["completions_by_osee_category"] == {
        "ecosystemic-and-societal": 1,
        "none": 1,
        "organisational-and-programmatic": 1,
    }
    assert everything["entities_meeting_cb1"] == 1  # UNICEF: alice's introductory module
    unicef = stored[f"e{cast.unicef.pk}"]
    assert unicef["people_trained"] == 2
    assert stored[f"e{cast.who.pk}"]["people_trained"] == 0


def test_a_past_day_counts_what_was_completed_by_then(cast: Cast) -> None:
    learning(cast)

    snapshot_backfill(days=3)

    by_day = {
        (timezone.localdate() - s.day).days: s.values
        for s in MetricSnapshot.objects.filter(scope="all")
    }
    assert by_day[3]["people_trained"] == 1
    assert by_day[1]["people_trained"] == 3


def test_the_dashboard_shows_the_capacity_group_with_category_titles(cast: Cast) -> None:
    learning(cast)
    snapshot_take()

    page = client_for(None).get("/dashboard/").content.decode()

    assert '<h2 id="group-capacity">Capacity building</h2>' in page
    assert "Entities meeting CB1 by the platform&#x27;s records" in page
    assert "Ecosystemic and Societal" in page
    assert "Outside the OSEE modules" in page


def test_an_event_counts_in_the_categories_of_the_modules_it_covers(cast: Cast) -> None:
    strategy = a_module("strategy-basics", osee_module="strategy", level="advanced")
    gap = an_event(
        "mind-the-gap-4",
        starts=now() - timedelta(days=30),
        kind="mind_the_gap",
        modules=(strategy,),
    )
    completed(cast.bob, gap, on=timezone.localdate() - timedelta(days=2))

    snapshot_take()

    values = MetricSnapshot.objects.get(scope="all").values
    assert values["completions_by_osee_category"] == {"organisational-and-programmatic": 1}
    assert values["entities_meeting_cb1"] == 1  # Mind the Open Source Gap is foundational
