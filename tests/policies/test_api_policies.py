"""/api/policies: the list with the search's filters, facets and paging; a policy by its id."""

from __future__ import annotations

import pytest
from django.test import Client

from tests.policies.search_data import known_library

pytestmark = pytest.mark.django_db


def test_the_list_filters_counts_and_pages() -> None:
    known_library()
    response = Client().get("/api/policies?objective=cost&status=approved&sort=title&limit=1")
    assert response.status_code == 200
    data = response.json()
    assert data["count"] == 2
    assert [item["title"] for item in data["items"]] == ["Digital Strategy"]
    status = next(facet for facet in data["facets"] if facet["name"] == "status")
    counted = {option["value"]: option["count"] for option in status["options"]}
    assert counted["approved"] == 2
    assert counted["failed"] == 1
    second = Client().get("/api/policies?objective=cost&status=approved&sort=title&offset=1")
    assert [item["title"] for item in second.json()["items"]] == ["Free Software Procurement Law"]


def test_text_search_and_a_policy_by_its_id() -> None:
    policies = known_library()
    [item] = Client().get("/api/policies?q=released funds").json()["items"]
    assert item["title"] == "UNICEF Open Source Policy"
    assert item["clauses"][0]["items"] == ["G3"]
    detail = Client().get(f"/api/policies/{policies['free'].public_id}")
    assert detail.status_code == 200
    assert detail.json()["objectives"] == ["cost", "sovereignty"]


@pytest.mark.parametrize(
    "params",
    [
        "region=atlantis",
        "status=nope",
        "sort=evil",
        "limit=0",
        "limit=999",
        "offset=-1",
        "q=%25%25",
    ],
)
def test_bad_parameters_are_a_422_in_json(params: str) -> None:
    response = Client().get(f"/api/policies?{params}")
    assert response.status_code == 422
    assert response.json()["detail"]


def test_an_unknown_or_unpublished_or_malformed_id() -> None:
    policies = known_library()
    assert Client().get("/api/policies/00000000-0000-4000-8000-000000000009").status_code == 404
    assert Client().get(f"/api/policies/{policies['hidden'].public_id}").status_code == 404
    malformed = Client().get("/api/policies/not-a-uuid")
    assert malformed.status_code in (404, 422)
    assert malformed.json()["detail"]


def test_the_openapi_description_documents_the_filters() -> None:
    schema = Client().get("/api/openapi.json").json()
    operation = schema["paths"]["/api/policies"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"q", "region", "type", "objective", "action", "status", "issuer", "sort"} <= names
