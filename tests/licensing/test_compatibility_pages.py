"""The compatibility pages (#18, CPF 4.2): one license expression against another with every
source's verdict, a project's whole verdict from its latest scan, and the project page's panel."""

from __future__ import annotations

import html as html_module
import re

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from osunited.catalog.models import Project
from osunited.licenses import Use, check_pair
from osunited.licensing.forms_compatibility import VERDICT_LABELS
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, stored_report
from tests.licensing.compatibility_reports import (
    APACHE_PROJECT,
    EXPRESS,
    GPL_LIB,
    compatibility_report,
    scanned,
)

pytestmark = pytest.mark.django_db
PAIR_URL = reverse("licensing:compatibility")


def text_of(html: str) -> str:
    return " ".join(html_module.unescape(re.sub(r"<[^>]+>", " ", html)).split())


def project_url(project: Project) -> str:
    return reverse("licensing:compatibility_project", kwargs={"project_slug": project.slug})


# One pair ------------------------------------------------------------------------------------


def test_the_form_is_a_plain_get_form_with_labelled_fields() -> None:
    page = Client().get(PAIR_URL)
    assert page.status_code == 200
    content = page.content.decode()
    assert re.search(r'<form method="get" action="/licenses/compatibility/"', content)
    assert '<label for="id_inbound">' in content
    assert '<label for="id_outbound">' in content
    assert "<legend>How the project uses the component</legend>" in content
    assert "Every kind of use" in content
    assert "The most cautious verdict" not in content


def test_an_lgpl_library_in_an_apache_project_shows_each_source_and_their_disagreement() -> None:
    # The ASF's Category X names the LGPL (https://www.apache.org/legal/resolved.html#category-x);
    # the rules by family let a weak copyleft library be loaded at run time.
    check = check_pair("LGPL-2.1-only", "Apache-2.0", Use.DYNAMIC_LINKING)
    assert check.disagreement  # what this test is about
    page = Client().get(
        PAIR_URL, {"inbound": "lgpl-2.1-only", "outbound": "Apache-2.0", "use": "dynamic-linking"}
    )
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "LGPL-2.1-only in a project under Apache-2.0" in text
    assert f"The most cautious verdict: {VERDICT_LABELS[check.verdict]}" in text
    assert text.count("The sources disagree:") == 1
    for said in check.covering:
        assert f"{said.source.name} says {VERDICT_LABELS[said.verdict]}" in text
    content = page.content.decode()
    assert content.count("<caption") == 1
    assert '<th scope="row">Rules by license family</th>' in content
    assert '<th scope="col">Explanation</th>' in content
    assert 'href="https://www.apache.org/legal/resolved.html#category-x"' in content


def test_every_use_gives_a_table_per_kind_of_use() -> None:
    page = Client().get(PAIR_URL, {"inbound": "MIT", "outbound": "Apache-2.0", "use": "every"})
    content = page.content.decode()
    assert content.count("<caption") == 5
    assert len(page.context["results"]) == 5
    assert "The sources disagree" not in content


def test_a_pair_no_source_speaks_of_is_unknown_not_compatible() -> None:
    page = Client().get(
        PAIR_URL, {"inbound": "LicenseRef-inhouse", "outbound": "MIT", "use": "merged"}
    )
    assert page.status_code == 200
    [result] = page.context["results"]
    assert result.check.verdict == "unknown"
    assert "Compatible" not in text_of(page.content.decode()).split("Each source's verdict")[0]


@pytest.mark.parametrize(
    ("inbound", "message"),
    [
        ("Apache-2.0 ANDD MIT", "is not an SPDX license expression"),
        ("GPL-3.0-onl", "SPDX knows no license GPL-3.0-onl"),
        ("MIT " * 200, "Ensure this value has at most 500 characters"),
        ("", "This field is required"),
    ],
)
def test_a_bad_expression_is_a_form_error_not_a_verdict(inbound: str, message: str) -> None:
    page = Client().get(PAIR_URL, {"inbound": inbound, "outbound": "MIT", "use": "every"})
    assert page.status_code == 400
    content = page.content.decode()
    assert 'role="alert"' in content
    assert message in text_of(content)
    assert page.context["results"] == []
    assert "<caption" not in content


def test_an_unknown_use_is_a_form_error() -> None:
    page = Client().get(PAIR_URL, {"inbound": "MIT", "outbound": "MIT", "use": "smuggled"})
    assert page.status_code == 400
    assert "Select a valid choice" in page.content.decode()


# A project -----------------------------------------------------------------------------------


@pytest.fixture
def published(cast: Cast) -> Project:
    return ProjectFactory(
        name="Supply tracker", slug="supply-tracker", entity=cast.unicef, status="published",
        licenses="Apache-2.0", focal_points=[cast.alice],
    )  # fmt: skip


def test_a_project_page_lists_conflicts_first_with_use_license_path_and_reason(
    published: Project,
) -> None:
    scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    page = Client().get(project_url(published))
    assert page.status_code == 200
    rows = page.context["page"].object_list
    assert [row.verdict for row in rows] == ["incompatible", "unknown", "conditional", "compatible"]
    assert rows[0].component.name == GPL_LIB
    text = text_of(page.content.decode())
    assert f"{EXPRESS} → {GPL_LIB}" in text
    assert "GPL-3.0-only" in text
    assert "A library loaded at run time (dynamic linking)" in text
    assert f"path: {EXPRESS} -> {GPL_LIB}" in text  # the engine's reason
    assert "Conflicts 1" in text
    assert "Could not be judged 1" in text
    assert "not stated" in text  # the package nobody states a license for


def test_a_project_page_filters_by_verdict(published: Project) -> None:
    scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    page = Client().get(project_url(published), {"verdict": "conditional"})
    [row] = page.context["page"].object_list
    assert row.component.name == "tools/mpl-helper"
    assert "Shipped beside the project as a distinct program" in page.content.decode()
    bad = Client().get(project_url(published), {"verdict": "nonsense", "page": "x"})
    assert bad.status_code == 200
    assert len(bad.context["page"].object_list) == 4


def test_a_project_without_a_scan_is_not_measured_never_zero_conflicts(published: Project) -> None:
    text = text_of(Client().get(project_url(published)).content.decode())
    assert "Not measured. The project has no successful scan yet." in text
    assert "0 conflicts" not in text
    assert "Conflicts" not in text


def test_a_scan_made_before_the_check_is_not_measured(published: Project) -> None:
    older = stored_report({"check_id": "license.project", "outcome": "pass", "summary": "MIT"})
    scanned(published, older)
    text = text_of(Client().get(project_url(published)).content.decode())
    assert "Not measured." in text
    assert "made before the platform judged whole projects' license compatibility" in text


def test_a_project_without_its_own_license_is_not_measured(published: Project) -> None:
    scanned(published, compatibility_report(None, APACHE_PROJECT))
    text = text_of(Client().get(project_url(published)).content.decode())
    assert "The scan found no license of the project's own" in text


def test_an_unreadable_report_is_not_measured(published: Project) -> None:
    scanned(published, {"tool": "osu"})
    text = text_of(Client().get(project_url(published)).content.decode())
    assert "cannot be read" in text


def test_a_private_project_is_a_404_for_those_who_cannot_see_it(cast: Cast) -> None:
    draft = ProjectFactory(
        name="Draft", slug="draft-tool", entity=cast.unicef, status="draft",
        focal_points=[cast.alice],
    )  # fmt: skip
    scanned(draft, compatibility_report("Apache-2.0", APACHE_PROJECT))
    assert Client().get(project_url(draft)).status_code == 404
    assert client_for(cast.carol).get(project_url(draft)).status_code == 404
    assert client_for(cast.alice).get(project_url(draft)).status_code == 200
    assert client_for(cast.heidi).get(project_url(draft)).status_code == 200


# The project page's panel --------------------------------------------------------------------


def test_the_project_page_shows_the_verdict_and_counts_with_a_link(published: Project) -> None:
    scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    page = Client().get(reverse("catalog:detail", kwargs={"slug": published.slug}))
    content = page.content.decode()
    text = text_of(content)
    assert "License compatibility" in text
    assert "Incompatible with the project's license, Apache-2.0. 1 conflict, 1 component could" in (
        text
    )
    assert f'href="{project_url(published)}"' in content


def test_the_project_page_reads_the_verdict_kept_in_the_facts_never_the_whole_report(
    published: Project,
) -> None:
    # A monorepo's report (every file's licenses) runs to megabytes: the page must not load it.
    scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    with CaptureQueriesContext(connection) as queries:
        page = Client().get(reverse("catalog:detail", kwargs={"slug": published.slug}))

    assert "1 conflict" in text_of(page.content.decode())
    scan_columns = [q["sql"] for q in queries.captured_queries if '"catalog_scan"' in q["sql"]]
    assert scan_columns
    assert not any('"catalog_scan"."report"' in sql for sql in scan_columns)


def test_the_project_page_says_not_measured_without_a_scan(published: Project) -> None:
    page = Client().get(reverse("catalog:detail", kwargs={"slug": published.slug}))
    text = text_of(page.content.decode())
    assert "Not measured. The project has no successful scan yet." in text


@pytest.mark.parametrize("counts", [None, ["incompatible"], {"incompatible": "many"}])
def test_the_panel_of_facts_without_readable_counts_says_unreadable_never_zero(
    published: Project, counts: object
) -> None:
    scan = scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    kept = {"outbound": "Apache-2.0", "verdict": "incompatible", "counts": counts}
    scan.facts = {**(scan.facts or {}), "license_compatibility": kept}
    scan.save(update_fields=["facts"])
    client = Client(raise_request_exception=False)
    page = client.get(reverse("catalog:detail", kwargs={"slug": published.slug}))
    assert page.status_code == 200
    text = text_of(page.content.decode())
    assert "Not measured. The report of its latest scan cannot be read" in text
    assert "0 conflicts" not in text
