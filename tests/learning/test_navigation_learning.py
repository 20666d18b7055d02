"""The learning pages' navigation, and an event's page leading its organisers and the capacity
team to the check-in, the participant list and the attendance import."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.conftest import Cast, client_for
from tests.learning.events_helpers import an_event, capacity_team_member

pytestmark = pytest.mark.django_db

INDEX_PAGES = (
    "catalogue_index",
    "catalogue_paths",
    "events_list",
    "osee_index",
    "trainers_list",
    "mentorship_list",
    "strategy_index",
)


@pytest.mark.parametrize("name", INDEX_PAGES)
def test_every_learning_index_page_leads_to_the_others_and_marks_itself(name: str) -> None:
    page = client_for(None).get(reverse(f"learning:{name}")).content.decode()

    nav = page.split('<nav aria-label="Learning">', 1)[1].split("</nav>", 1)[0]
    for other in INDEX_PAGES:
        assert f'href="{reverse(f"learning:{other}")}"' in nav
    assert nav.count('aria-current="page"') == 1
    assert f'href="{reverse(f"learning:{name}")}" aria-current="page"' in nav


def manager_links(slug: str) -> tuple[str, ...]:
    return (
        reverse("learning:attendance_checkin", args=[slug]),
        reverse("learning:attendance_list", args=[slug]),
        reverse("learning:attendance_import", args=[slug]),
    )


def test_organisers_and_the_capacity_team_find_check_in_participants_and_import(
    cast: Cast,
) -> None:
    event = an_event()
    event.organisers.add(cast.carol)
    for user in (cast.carol, capacity_team_member(cast.bob)):
        page = client_for(user).get(reverse("learning:events_detail", args=[event.slug]))
        for link in manager_links(event.slug):
            assert f'href="{link}"' in page.content.decode()
            assert client_for(user).get(link).status_code == 200


def test_participants_and_visitors_do_not_see_the_organisers_links(cast: Cast) -> None:
    event = an_event()
    for user in (None, cast.alice):
        page = client_for(user).get(reverse("learning:events_detail", args=[event.slug]))
        for link in manager_links(event.slug):
            assert link not in page.content.decode()


@pytest.mark.parametrize(("format", "shown"), [("online", "Online"), ("hybrid", "Not stated")])
def test_an_event_without_a_place_says_online_only_when_it_is(format: str, shown: str) -> None:
    event = an_event(format=format)

    page = client_for(None).get(reverse("learning:events_detail", args=[event.slug]))

    assert f"<dt>Place</dt><dd>{shown}</dd>" in page.content.decode()
