"""The Project Review Committee's checklist item on license compatibility (#18), read from the
scanner's license.compatibility: not met with a conflict, unknown (never met) when a component
could not be judged or nothing was measured, met when every component is compatible."""

from __future__ import annotations

import re
from html import unescape

import pytest
from django.urls import reverse

from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.review import CHECKLIST
from osunited.catalog.services import project_transition
from osunited.licenses import Component, ComponentKind, Use
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, stored_report
from tests.licensing.compatibility_reports import APACHE_PROJECT, GPL_LIB, compatibility_report

pytestmark = pytest.mark.django_db
ITEM = "item_license-compatibility"


def submitted_with(cast: Cast, report: dict | None) -> Project:
    project = ProjectFactory(
        name="Supply Tracker", entity=cast.unicef, status="draft", focal_points=[cast.alice]
    )
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    Scan.objects.create(
        project=project, trigger="submission", status=ScanStatus.SUCCEEDED, report=report
    )
    return project


def review_page(cast: Cast, project: Project):  # type: ignore[no-untyped-def]
    return client_for(cast.bob).get(reverse("catalog:review", kwargs={"slug": project.slug}))


def text_of(page) -> str:  # type: ignore[no-untyped-def]
    return " ".join(unescape(re.sub(r"<[^>]+>", " ", page.content.decode())).split())


def test_the_checklist_has_the_compatibility_item() -> None:
    [item] = [item for item in CHECKLIST if item.id == "license-compatibility"]
    assert item.check_ids == ("license.compatibility",)
    assert str(item.label) == (
        "The licenses of its dependencies and files are compatible with the project's license"
    )


def test_a_conflict_is_not_met_with_its_reason(cast: Cast) -> None:
    project = submitted_with(cast, compatibility_report("Apache-2.0", APACHE_PROJECT))
    page = review_page(cast, project)
    assert page.context["form"][ITEM].value() == "not_met"
    text = text_of(page)
    assert "Against Apache-2.0: conflicts 1; could not be judged 1;" in text
    assert f"{GPL_LIB}: GPL-3.0-only linked dynamically" in text


def test_a_component_that_could_not_be_judged_leaves_the_item_unknown(cast: Cast) -> None:
    mit_and_mystery = (APACHE_PROJECT[0], APACHE_PROJECT[2])
    project = submitted_with(cast, compatibility_report("Apache-2.0", mit_and_mystery))
    page = review_page(cast, project)
    assert page.context["form"][ITEM].value() == ""
    assert "pkg:npm/mystery@1.0.0: nobody states its license" in text_of(page)


def test_every_component_compatible_is_met(cast: Cast) -> None:
    express = APACHE_PROJECT[0]
    vendored = Component("src/vendor/left-pad.js", ComponentKind.FILE, "MIT", Use.MERGED_SOURCES)
    project = submitted_with(cast, compatibility_report("Apache-2.0", (express, vendored)))
    page = review_page(cast, project)
    assert page.context["form"][ITEM].value() == "met"
    assert "conflicts 0; could not be judged 0; compatible on conditions 0; compatible 2." in (
        text_of(page)
    )


def test_a_scan_made_before_the_check_leaves_the_item_unknown_saying_why(cast: Cast) -> None:
    older = stored_report({"check_id": "license.project", "outcome": "pass", "summary": "MIT"})
    project = submitted_with(cast, older)
    page = review_page(cast, project)
    assert page.context["form"][ITEM].value() == ""
    assert "Not measured: Its latest scan was made before the platform judged" in text_of(page)
