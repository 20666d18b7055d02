"""/policies/map/: approved policies by region, governments covered, latest year, and gaps."""

from __future__ import annotations

import pytest
from django.test import Client

from osunited.policies.regions import band
from tests.policies.search_data import known_library, make_policy

pytestmark = pytest.mark.django_db


def rows(response) -> dict[str, object]:  # type: ignore[no-untyped-def]
    return {shown.region.value: shown for shown in response.context["regions"]}


def test_each_region_has_its_figures_and_organisations_count_as_global() -> None:
    known_library()
    make_policy("Old law", issuer="Kenya", region="africa", year=2010)
    response = Client().get("/policies/map/?since=2015&fewer_than=2")
    assert response.status_code == 200
    regions = rows(response)
    africa = regions["africa"].figures
    assert (africa.policies, africa.approved, africa.issuers, africa.latest_year) == (2, 2, 1, 2021)
    assert not regions["africa"].gap
    south = regions["south_america"].figures  # Brazil approved 2019, Argentina failed
    assert (south.policies, south.approved, south.issuers) == (2, 1, 1)
    assert regions["south_america"].gap  # fewer than 2 approved
    world = regions["global"].figures
    assert (world.policies, world.approved, world.latest_year) == (1, 1, None)
    assert regions["global"].gap  # no year stated: not known to be recent
    assert regions["oceania"].figures.approved == 0
    assert regions["oceania"].gap
    page = response.content.decode()
    assert "not stated" in page
    assert '<svg viewBox="0 0 700 282" role="img"' in page
    assert "Africa: 2 approved policies" in page


def test_a_later_year_makes_a_region_a_gap() -> None:
    known_library()
    assert rows(Client().get("/policies/map/?since=2022&fewer_than=1"))["africa"].gap
    assert not rows(Client().get("/policies/map/?since=2021&fewer_than=1"))["africa"].gap


@pytest.mark.parametrize("params", ["since=abc", "since=1200", "fewer_than=-3", "fewer_than=x"])
def test_bad_parameters_fall_back_to_the_defaults_with_a_note(params: str) -> None:
    known_library()
    response = Client().get(f"/policies/map/?{params}")
    assert response.status_code == 200
    assert response.context["notes"]
    assert response.context["since"] == 2015
    assert response.context["fewer_than"] == 3


def test_bands_are_by_approved_count() -> None:
    assert [band(n) for n in (0, 1, 9, 10, 49, 50)] == [
        "none",
        "few",
        "few",
        "some",
        "some",
        "many",
    ]
