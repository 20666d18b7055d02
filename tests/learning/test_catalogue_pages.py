"""The public catalogue and paths pages: search, facets with counts, a module's page with what is
known and "not stated" for what is not, its competencies and upcoming events, and the paths."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from osunited.learning.models import Event, EventSession, LearningModule
from tests.conftest import Cast, client_for
from tests.learning.events_helpers import capacity_team_member

pytestmark = pytest.mark.django_db


def _titles(response) -> list[str]:  # type: ignore[no-untyped-def]
    return [module.title for module in response.context["results"].page]


def _option(response, facet: str, value: str):  # type: ignore[no-untyped-def]
    results = response.context["results"]
    groups = results.competency_groups if facet == "competency" else results.facets
    return next(
        option
        for group in groups
        if group.name == facet
        for option in group.options
        if option.value == value
    )


def test_the_catalogue_lists_the_shipped_modules_to_anyone() -> None:
    response = client_for(None).get("/learning/")
    assert response.status_code == 200
    assert response.context["results"].count == 20
    assert "OSEE: Strategy" in response.content.decode()


def test_the_search_box_matches_titles_and_summaries() -> None:
    client = client_for(None)
    assert _titles(client.get("/learning/", {"q": "secure software"})) == [
        "Developing Secure Software (LFD121)"
    ]
    by_summary = _titles(client.get("/learning/", {"q": "Open Source Technical Facility"}))
    assert by_summary == ["OSEE: Capacity Building"]


def test_filters_combine_and_each_facet_counts_with_the_others_kept() -> None:
    competency = "requirements-and-specifications/licensing-selection-based-on-requirements"
    response = client_for(None).get("/learning/", {"competency": competency, "kind": "external"})
    assert set(_titles(response)) == {
        "A Beginner's Guide to Open Source Software Development (LFD102)",
        "Open Source Licensing Basics for Software Developers (LFC191)",
        "Open Source Essentials (Linux Professional Institute)",
    }
    assert _option(response, "kind", "external").count == 3
    assert _option(response, "kind", "osee").count == 1  # Requirements and Specifications
    assert _option(response, "kind", "cpf_basic").count == 1
    assert _option(response, "competency", competency).selected


def test_a_language_not_stated_is_a_value_of_its_own_never_guessed() -> None:
    response = client_for(None).get("/learning/", {"language": ""})
    assert set(_titles(response)) == {
        "UN open source training, basic module",
        "UN open source training, advanced module",
        "Train the Trainer",
    }
    assert _option(response, "language", "").label == "Not stated"


def test_levels_filter_and_unknown_values_are_left_out_with_a_note() -> None:
    response = client_for(None).get(
        "/learning/", {"level": ["advanced", "expert"], "competency": "no/such-thing"}
    )
    assert response.status_code == 200
    assert set(_titles(response)) == {
        "UN open source training, advanced module",
        "Train the Trainer",
    }
    notes = response.context["results"].query.notes
    assert any("expert" in note for note in notes)
    assert any("no/such-thing" in note for note in notes)


def test_the_list_is_paginated_and_a_bad_page_number_shows_the_first_page() -> None:
    LearningModule.objects.bulk_create(
        LearningModule(slug=f"extra-{n}", title=f"Zz extra {n}", summary="S.", kind="external",
                       level="introductory")
        for n in range(5)
    )  # fmt: skip
    client = client_for(None)
    second = client.get("/learning/", {"page": "2"})
    assert len(second.context["results"].page) == 5
    assert "Page 2 of 2" in second.content.decode()
    assert client.get("/learning/", {"page": "x"}).context["results"].page.number == 1


def test_the_catalogue_reads_the_modules_in_one_query_whatever_their_number() -> None:
    client = client_for(None)
    client.get("/learning/")
    with CaptureQueriesContext(connection) as few:
        client.get("/learning/", {"level": "introductory"})
    LearningModule.objects.bulk_create(
        LearningModule(slug=f"more-{n}", title=f"More {n}", summary="S.", kind="external",
                       level="introductory", competencies=["strategy/change-management"])
        for n in range(30)
    )  # fmt: skip
    with CaptureQueriesContext(connection) as many:
        client.get("/learning/", {"level": "introductory"})
    assert len(many) == len(few)


def test_an_htmx_request_gets_the_results_alone() -> None:
    response = client_for(None).get(
        "/learning/",
        {"kind": "osee"},
        headers={"HX-Request": "true", "HX-Target": "catalogue-results"},
    )
    body = response.content.decode()
    assert body.startswith('<div id="catalogue-results"')
    assert "<html" not in body


def test_unpublished_modules_leave_the_catalogue_and_their_page(cast: Cast) -> None:
    LearningModule.objects.filter(slug="osee-strategy").update(published=False)
    anonymous = client_for(None)
    assert "OSEE: Strategy" not in anonymous.get("/learning/").content.decode()
    assert anonymous.get("/learning/modules/osee-strategy/").status_code == 404
    team = client_for(capacity_team_member(cast.frank))
    assert team.get("/learning/modules/osee-strategy/").status_code == 200
    assert "OSEE: Strategy" in team.get("/learning/").content.decode()  # in the unpublished list


def test_a_module_page_says_not_stated_for_unknown_facts_and_links_its_competencies() -> None:
    body = client_for(None).get("/learning/modules/lf-open-source-licensing-basics/").content
    page = body.decode()
    assert "https://training.linuxfoundation.org/training/open-source-licensing-basics" in page
    assert "<dt>Duration</dt><dd>Not stated</dd>" in page
    assert "<dt>License of the material</dt>\n  <dd>Not stated</dd>" in page
    assert (
        '<a href="/learning/osee/requirements-and-specifications/'
        '#licensing-selection-based-on-requirements">'
    ) in page


def test_an_osee_module_links_to_its_page_on_the_platform() -> None:
    page = client_for(None).get("/learning/modules/osee-strategy/").content.decode()
    assert (
        '<a href="/learning/osee/strategy/">The OSEE module Strategy on this platform</a>' in page
    )
    assert "Costing Labour versus licences" in page


def test_a_cpf_module_says_it_is_being_developed() -> None:
    page = client_for(None).get("/learning/modules/un-open-source-basic/").content.decode()
    assert "is developing this programme (CPF 4.5.6)" in page
    assert "<dt>Language</dt><dd>Not stated</dd>" in page


def test_an_spdx_license_links_to_its_page_and_a_known_duration_is_shown() -> None:
    LearningModule.objects.filter(slug="todo-group-ospo-101").update(duration_minutes=150)
    page = client_for(None).get("/learning/modules/todo-group-ospo-101/").content.decode()
    assert '<a href="/licenses/CC-BY-4.0/" dir="ltr">CC-BY-4.0</a>' in page
    assert "2 hours 30 min" in page


def test_a_module_page_lists_the_upcoming_published_events_that_cover_it() -> None:
    module = LearningModule.objects.get(slug="osee-strategy")
    now = timezone.now()
    for slug, published, start in (
        ("next-gap", True, now + timedelta(days=3)),
        ("past-gap", True, now - timedelta(days=3)),
        ("draft-gap", False, now + timedelta(days=3)),
    ):
        event = Event.objects.create(
            slug=slug, title=slug.title(), kind="mind_the_gap", summary="S.", format="online",
            published=published,
        )  # fmt: skip
        EventSession.objects.create(
            event=event, title="Part 1", starts_at=start, ends_at=start + timedelta(hours=1)
        )
        event.modules.add(module)
    page = client_for(None).get("/learning/modules/osee-strategy/").content.decode()
    assert "/learning/events/next-gap/" in page
    assert "past-gap" not in page
    assert "draft-gap" not in page


def test_the_paths_page_lists_a_path_per_role() -> None:
    page = client_for(None).get("/learning/paths/").content.decode()
    for title in ("Project focal point", "Project Review Committee member", "Entity representative",
                  "Developer", "OSPO lead"):  # fmt: skip
        assert title in page


def test_a_path_page_shows_its_steps_in_order_with_why() -> None:
    response = client_for(None).get("/learning/paths/project-review-committee-member/")
    steps = response.context["view"].steps
    assert [step.module.slug for step in steps][:2] == [
        "un-open-source-basic",
        "lf-open-source-licensing-basics",
    ]
    assert "minimum security requirements" in response.content.decode()


def test_a_path_hides_an_unpublished_step_from_the_public() -> None:
    LearningModule.objects.filter(slug="un-open-source-advanced").update(published=False)
    response = client_for(None).get("/learning/paths/project-review-committee-member/")
    assert "un-open-source-advanced" not in [s.module.slug for s in response.context["view"].steps]


def test_unknown_module_and_path_are_404() -> None:
    client = client_for(None)
    assert client.get("/learning/modules/no-such-module/").status_code == 404
    assert client.get("/learning/paths/no-such-path/").status_code == 404
