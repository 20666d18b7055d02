"""The OSEE framework's public pages: the index, a module's page and the CASE 1.1 download."""

from __future__ import annotations

import json
from html.parser import HTMLParser

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from osunited.osee import load_osee
from tests.conftest import Cast, client_for

INDEX = "/learning/osee/"


class Ids(HTMLParser):
    """The ids and links of a page."""

    def __init__(self) -> None:
        super().__init__()
        self.ids: set[str] = set()
        self.links: list[str] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if values.get("id"):
            self.ids.add(values["id"] or "")
        if tag == "a" and values.get("href"):
            self.links.append(values["href"] or "")


def parsed(html: str) -> Ids:
    parser = Ids()
    parser.feed(html)
    return parser


@pytest.mark.django_db
def test_the_index_lists_the_categories_modules_ospo_roles_and_the_case_download() -> None:
    with CaptureQueriesContext(connection) as queries:
        response = client_for(None).get(INDEX)
    assert response.status_code == 200
    page = response.content.decode()
    for module in load_osee().modules:
        assert f'href="/learning/osee/{module.id}/"' in page
    assert "The draft leaves this category to be completed" in page
    assert "Chief Information Officer (CIO)" in page  # the OSPO roles table
    assert "1 CIO at Government level<br>1 CIO in each Ministry" in page
    assert 'href="/learning/osee/case.json"' in page
    ids = parsed(page).ids
    assert {f"cpf-G{n}" for n in range(1, 11)} | {f"cpf-CB{n}" for n in range(1, 5)} <= ids
    assert {"organisational-and-programmatic", "ecosystemic-and-societal", "technical"} <= ids
    assert len(queries) <= 3  # the framework is data, not tables: only the site's own queries


@pytest.mark.django_db
def test_a_module_page_shows_its_parts_with_anchors_and_links() -> None:
    page = client_for(None).get("/learning/osee/capacity-building/").content.decode()
    found = parsed(page)
    module = load_osee().module("capacity-building")
    assert {c.slug for c in module.competencies} <= found.ids
    assert "Strategic Funding Acquisition" in page
    assert "Technology Professionals (Systems Analysts, Designers, Implementers)" in page
    for dependency in module.dependencies:  # each dependency links its module's page
        assert f"/learning/osee/{dependency.module_id}/" in found.links
    assert "Ten Steps to a Results-Based Monitoring and Evaluation System" in page
    assert "Organizational maturity assessments" in page  # the category's relevant components
    assert "CB2" in page
    assert "Develop internal capacity-building plans" in page  # the CPF's wording
    assert "#human-resource-planning-and-allocation" in found.links
    assert "Copy slip in the draft" in page  # the module's notes


@pytest.mark.django_db
def test_unknown_values_say_not_stated_never_nothing() -> None:
    page = client_for(None).get("/learning/osee/community-management/").content.decode()
    assert "Stakeholder Engagement Strategy" in page
    assert page.count("Not stated") >= 6 + 3  # six audiences without a description; one row
    program = client_for(None).get("/learning/osee/dpg-management-program/").content.decode()
    assert "The draft lists no competencies for this module." in program
    assert "The draft gives no training materials for this module." in program


@pytest.mark.django_db
def test_the_strategy_audience_table_names_kinds_of_organisation() -> None:
    page = client_for(None).get("/learning/osee/strategy/").content.decode()
    assert "Type of organisation" in page
    assert "Small or medium enterprise" in page
    assert 'id="costing-labour-versus-licences"' in page


@pytest.mark.django_db
def test_an_unknown_module_is_a_404() -> None:
    assert client_for(None).get("/learning/osee/no-such-module/").status_code == 404
    assert client_for(None).get("/learning/osee/Strategy/").status_code == 404


@pytest.mark.django_db
def test_the_case_package_downloads_as_json_with_its_file_name() -> None:
    response = client_for(None).get("/learning/osee/case.json")
    assert response.status_code == 200
    assert response["Content-Type"].startswith("application/json")
    assert response["Content-Disposition"] == ('attachment; filename="osee-2024-10-case-1.1.json"')
    package = json.loads(response.content)
    assert package["CFDocument"]["uri"] == "http://testserver/learning/osee/"
    assert len(package["CFItems"]) == 3 + 9 + 37
    titles = {
        a["destinationNodeURI"]["title"]
        for a in package["CFAssociations"]
        if a["destinationNodeURI"]["uri"].endswith("#cpf-CB1")
    }
    assert titles == {"CB1: Participate in foundational training programs"}


@pytest.mark.django_db
@pytest.mark.parametrize("url", [INDEX, "/learning/osee/strategy/", "/learning/osee/case.json"])
def test_the_pages_answer_only_get(cast: Cast, url: str) -> None:
    assert client_for(cast.heidi).post(url).status_code == 405
