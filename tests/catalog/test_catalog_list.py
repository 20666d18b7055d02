"""/catalog/: the search page, its htmx partial, paging in a constant number of queries."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, ProjectSdgFactory

pytestmark = pytest.mark.django_db


def test_the_public_sees_published_projects_with_their_facts(cast: Cast) -> None:
    project = ProjectFactory(
        name="Supply Tracker", status="published", entity=cast.unicef,
        purpose="Track vaccine supplies", licenses="MIT", scan_health="good",
    )  # fmt: skip
    ProjectSdgFactory(project=project, goal=3)
    page = client_for(None).get("/catalog/").content.decode()
    for text in ("Supply Tracker", "UNICEF", "Track vaccine supplies", "MIT", "Good", "SDG 3"):
        assert text in page
    assert 'aria-live="polite"' in page
    assert "<legend>Entity</legend>" in page


@pytest.mark.parametrize("role", ["anonymous", "external_contributor", "un_staff", "reviewer"])
def test_a_draft_is_invisible_to_people_without_a_role_on_it(cast: Cast, role: str) -> None:
    ProjectFactory(name="Hidden Draft", status="draft", entity=cast.unicef, languages=["Zig"])
    client = client_for(cast.by_role()[role])
    for url in ("/catalog/", "/catalog/?q=hidden", "/catalog/?language=Zig"):
        page = client.get(url).content.decode()
        assert "Hidden Draft" not in page
        assert "Zig" not in page or "language=Zig" in url


@pytest.mark.parametrize("role", ["focal_point", "entity_representative", "platform_admin"])
def test_people_with_a_role_see_the_draft(cast: Cast, role: str) -> None:
    ProjectFactory(
        name="Hidden Draft", status="draft", entity=cast.unicef, focal_points=[cast.alice]
    )
    page = client_for(cast.by_role()[role]).get("/catalog/?q=hidden").content.decode()
    assert "Hidden Draft" in page


def test_htmx_gets_the_results_partial_only(cast: Cast) -> None:
    ProjectFactory(name="Supply Tracker", status="published")
    response = client_for(None).get(
        "/catalog/?q=supply", headers={"HX-Request": "true", "HX-Target": "catalog-results"}
    )
    page = response.content.decode()
    assert "Supply Tracker" in page
    assert "<html" not in page
    assert page.lstrip().startswith('<div id="catalog-results"')


@pytest.mark.parametrize(
    "params",
    ["page=abc", "page=999", "sdg=99", "sort=drop", "status=evil", "q=%22%27%3B--", "page=-1"],
)
def test_bad_parameters_never_fail(cast: Cast, params: str) -> None:
    ProjectFactory(name="Supply Tracker", status="published")
    response = client_for(None).get(f"/catalog/?{params}")
    assert response.status_code == 200


def test_an_unknown_value_is_explained(cast: Cast) -> None:
    page = client_for(None).get("/catalog/?sdg=99").content.decode()
    assert "Ignored unknown SDG: 99." in page


def _queries(client: object, url: str) -> int:
    with CaptureQueriesContext(connection) as captured:
        assert client.get(url).status_code == 200  # type: ignore[attr-defined]
    return len(captured)


@pytest.mark.parametrize("role", ["anonymous", "reviewer"])
def test_the_number_of_queries_does_not_grow_with_the_page(cast: Cast, role: str) -> None:
    client = client_for(cast.by_role()[role])
    ProjectSdgFactory(project=ProjectFactory(status="published", languages=["Go"]), goal=1)
    few = _queries(client, "/catalog/?q=project&language=Go")
    for _ in range(25):
        project = ProjectFactory(status="published", languages=["Go"], topics=["t"])
        ProjectSdgFactory(project=project, goal=2)
    many = _queries(client, "/catalog/?q=project&language=Go")
    second_page = _queries(client, "/catalog/?q=project&language=Go&page=2")
    assert few == many == second_page


def test_results_are_paged(cast: Cast) -> None:
    for number in range(25):
        ProjectFactory(name=f"Tool {number:02}", status="published")
    first = client_for(None).get("/catalog/").content.decode()
    second = client_for(None).get("/catalog/?page=2").content.decode()
    assert "Tool 00" in first
    assert "Tool 20" not in first
    assert "Tool 20" in second
    assert 'aria-label="Pages of results"' in first
    assert "25 projects" in first


@pytest.mark.parametrize(
    ("role", "links"),
    [
        ("anonymous", {"Export as CSV"}),
        ("external_contributor", {"Export as CSV"}),
        ("un_staff", {"Export as CSV", "Register a project", "My projects"}),
        ("reviewer", {"Export as CSV", "Register a project", "My projects", "Review queue"}),
    ],
)
def test_the_catalog_offers_each_role_its_tools(cast: Cast, role: str, links: set[str]) -> None:
    page = client_for(cast.by_role()[role]).get("/catalog/").content.decode()
    tools = {"Export as CSV", "Register a project", "My projects", "Review queue"}
    assert {text for text in tools if f">{text}</a>" in page} == links
