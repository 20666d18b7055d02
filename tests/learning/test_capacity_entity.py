"""An entity's capacity page: people trained per quarter by OSEE category and level, trainers,
mentorship pairs and registrations; public figures, names only for its learning managers."""

from datetime import date, timedelta

import pytest

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.learning.models import Mentorship, Registration, Trainer
from osunited.learning.selectors.capacity import entity_capacity, quarters_between
from tests.conftest import Cast, client_for
from tests.learning.capacity_helpers import (
    a_module,
    an_event,
    completed,
    empty_catalogue,
    now,
    people_of,
)

pytestmark = pytest.mark.django_db
URL = "/learning/entities/unicef/capacity/"


@pytest.fixture(autouse=True)
def own_catalogue(db: None) -> None:
    empty_catalogue()


def trained_unicef(cast: Cast) -> None:
    """Two quarters of UNICEF's learning, with a quarter between them without any."""
    strategy = a_module("strategy-basics", osee_module="strategy", level="introductory")
    inclusion = a_module("inclusion-advanced", osee_module="digital-inclusion", level="advanced")
    gap = an_event(
        "mind-the-gap-4",
        starts=now() - timedelta(days=90),
        kind="mind_the_gap",
        modules=(strategy, inclusion),
    )
    completed(cast.alice, strategy, on=date(2026, 2, 10))
    completed(cast.erin, strategy, on=date(2026, 3, 30))
    completed(cast.alice, gap, on=date(2026, 8, 1))


def test_people_trained_per_quarter_by_category_and_level(cast: Cast) -> None:
    trained_unicef(cast)

    capacity = entity_capacity(cast.unicef, cast.carol)

    assert capacity.people_trained == 2
    assert [c for c, _title in capacity.categories] == [
        "organisational-and-programmatic",
        "ecosystemic-and-societal",
        "technical",
        "",
    ]
    assert [c for c, _title in capacity.levels] == ["introductory", "intermediate", "advanced", ""]
    rows = {row.quarter: row for row in capacity.quarters}
    assert list(rows) == ["2026 Q1", "2026 Q2", "2026 Q3"]
    assert (rows["2026 Q1"].people, rows["2026 Q1"].by_category, rows["2026 Q1"].by_level) == (
        2,
        [2, 0, 0, 0],
        [2, 0, 0, 0],
    )
    assert rows["2026 Q2"].people == 0  # a quarter between, known to have none
    # the event covers both modules: alice counts in both categories and both levels
    assert (rows["2026 Q3"].by_category, rows["2026 Q3"].by_level) == ([1, 1, 0, 0], [1, 0, 1, 0])
    assert [row.width for row in capacity.quarters] == ["100.0%", "0.0%", "50.0%"]


def test_the_page_shows_figures_to_anyone_and_names_to_the_entitys_managers(cast: Cast) -> None:
    trained_unicef(cast)
    Trainer.objects.create(user=cast.alice, entity=cast.unicef)
    Mentorship.objects.create(
        mentor=cast.frank,
        mentee=cast.erin,
        mentee_entity=cast.unicef,
        topic="Licensing",
        message="Help.",
        status="active",
    )
    event = an_event("webinar", starts=now() + timedelta(days=5))
    Registration.objects.create(event=event, user=cast.alice, entity=cast.unicef, state="confirmed")

    public = client_for(None).get(URL).content.decode()
    managers = client_for(cast.erin).get(URL).content.decode()

    assert "People trained per quarter, by OSEE category" in public
    assert '<th scope="row">2026 Q1</th><td>2</td>' in public
    assert "1 active trainer (Train the Trainer)." in public
    assert '<th scope="row">Active</th><td>1</td>' in public
    assert '<th scope="row">Confirmed</th><td>1</td>' in public
    assert "Alice" not in public
    assert "Names are shown to the entity" in public
    assert "Who completed what" in managers
    assert '<th scope="row">Alice</th>' in managers


def test_a_learning_focal_point_of_another_entity_sees_no_names(cast: Cast) -> None:
    trained_unicef(cast)
    role_grant(user=cast.bob, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.undp, actor=None)
    role_grant(
        user=cast.frank, role=GrantedRole.LEARNING_FOCAL_POINT, entity=cast.unicef, actor=None
    )

    assert "Who completed what" not in client_for(cast.bob).get(URL).content.decode()
    assert "Who completed what" in client_for(cast.frank).get(URL).content.decode()


def test_without_records_the_page_says_not_measured_never_zero(cast: Cast) -> None:
    page = client_for(None).get(URL).content.decode()

    assert (
        "Not measured: no completion by people of UNICEF is recorded on the platform yet." in page
    )
    assert "No active trainer is recorded yet." in page
    assert "No mentorship pair is recorded yet." in page
    assert "No registration is recorded yet." in page
    assert "<td>0</td>" not in page


def test_a_revoked_completion_does_not_count(cast: Cast) -> None:
    module = a_module("strategy-basics", osee_module="strategy")
    completed(cast.alice, module, on=date(2026, 2, 10), revoked_at=now(), revoked_reason="Error.")

    assert entity_capacity(cast.unicef, cast.carol).quarters == []


def test_an_unknown_entity_is_a_404_and_the_entity_page_links_here(cast: Cast) -> None:
    assert client_for(None).get("/learning/entities/nowhere/capacity/").status_code == 404
    assert f'href="{URL}"' in client_for(None).get("/entities/unicef/").content.decode()


def test_quarters_run_across_years() -> None:
    assert quarters_between(date(2025, 11, 2), date(2026, 4, 1)) == [
        "2025 Q4",
        "2026 Q1",
        "2026 Q2",
    ]


def test_the_page_reads_in_a_fixed_number_of_queries(cast: Cast) -> None:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    trained_unicef(cast)
    client = client_for(cast.erin)
    client.get(URL)
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for person in people_of("unicef.org", 5):
        completed(person, a_module(f"m-{person.pk}", osee_module="strategy"), on=date(2026, 5, 1))
    with CaptureQueriesContext(connection) as many:
        client.get(URL)

    assert len(many) == len(few)
