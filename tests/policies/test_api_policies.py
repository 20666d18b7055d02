"""/api/policies: the list with the search's filters, facets and paging; a policy by its id."""

from __future__ import annotations

from typing import Any

import pytest
from django.db import connection
from django.test import Client

from osunited.policies.search import parse_query, policy_search
from osunited.policies.selectors.search import searchable_policies
from tests.policies.search_data import known_library, make_policy

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


@pytest.mark.parametrize(
    "params",
    [
        {"q": "open"},
        {"q": "open", "sort": "title"},
        {"objective": "cost", "sort": "newest"},
        {"sort": "oldest"},
    ],
)
def test_the_list_pages_as_the_search_page_does(params: dict[str, str]) -> None:
    known_library()
    page = policy_search(searchable_policies(), parse_query(params)).page
    listed: list[Any] = []
    for offset in range(6):
        data = Client().get("/api/policies", {**params, "offset": offset, "limit": 1}).json()
        assert data["count"] == page.paginator.count
        listed += [item["public_id"] for item in data["items"]]
    assert listed == [str(policy.public_id) for policy in page]


def queries_of(url: str) -> int:
    """The queries a request makes (counted as they run: a request resets Django's log)."""
    executed: list[str] = []

    def count(execute: Any, sql: str, params: Any, many: bool, context: Any) -> Any:
        executed.append(sql)
        return execute(sql, params, many, context)

    with connection.execute_wrapper(count):
        assert Client().get(url).status_code == 200
    return len(executed)


def test_the_list_queries_do_not_grow_with_the_page() -> None:
    known_library()
    queries_of("/api/policies?q=open")  # the facet index is built
    few = queries_of("/api/policies?q=open&limit=1")
    for n in range(30):
        make_policy(
            f"Open Data Act {n}",
            objectives=("cost",),
            clauses=(("Open source first.", ["G2"]),),
            sources=("https://example.org/act",),
        )
    queries_of("/api/policies?q=open")
    assert queries_of("/api/policies?q=open&limit=50") == few
    assert len(Client().get("/api/policies?q=open&limit=50").json()["items"]) == 35


def test_an_offset_past_the_end_is_an_empty_page() -> None:
    known_library()
    data = Client().get("/api/policies?offset=100").json()
    assert (data["count"], data["items"]) == (5, [])


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
