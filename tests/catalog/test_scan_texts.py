"""The scanner's texts on the platform's scan pages are in the reader's language: findings keep
their template when stored, old findings and reports still show their English."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from django.test import override_settings
from django.utils import translation

from osunited.catalog.models import Project, Scan, ScanFinding, ScanStatus
from osunited.catalog.review import checklist_prefill
from osunited.catalog.scanning import scan_request
from tests.catalog.repos import commit, days_ago
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db

SHORT = "The README is short: {count} words (at least {expected} expected)."
FRENCH = {
    (SHORT, SHORT): (
        "Le README est court : {count} mot (au moins {expected} attendus).",
        "Le README est court : {count} mots (au moins {expected} attendus).",
    ),
    "Documentation": "Documentation du projet",
    "warning": "avertissement",
    "Licensed {expression}.": "Sous licence {expression}.",
}


@pytest.fixture
def french(tmp_path: Path) -> Iterator[None]:
    """A French catalogue of a few of the scanner's texts, read by Django as the platform's."""
    catalog = Catalog(locale="fr")
    for msgid, msgstr in FRENCH.items():
        catalog.add(msgid, msgstr)
    path = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    with override_settings(LOCALE_PATHS=[tmp_path / "locale"]):
        yield


@pytest.fixture
def scanned(cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any) -> Iterator[Scan]:
    repo = tmp_path / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(3))
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)]):
        project = ProjectFactory(
            name="Tracker", entity=cast.unicef, status="published", focal_points=[cast.alice],
            repositories=[f"file://{repo}"],
        )  # fmt: skip
        with django_capture_on_commit_callbacks(execute=True):
            (scan,) = scan_request(project=project, trigger="on_demand")
        scan.refresh_from_db()
        yield scan


def scan_page(scan: Scan, language: str) -> str:
    url = f"/catalog/{scan.project.slug}/scans/{scan.pk}/"
    response = client_for(None).get(url, HTTP_ACCEPT_LANGUAGE=language)
    assert response.status_code == 200
    return response.content.decode()


def test_the_scan_page_shows_the_scanners_texts_in_the_readers_language(
    scanned: Scan, french: None
) -> None:
    short = scanned.findings.get(rule_id="docs.readme.short")

    assert short.message == "The README is short: 1 words (at least 100 expected)."
    assert short.message_text == {
        "template": SHORT,
        "params": {"expected": 100},
        "plural": SHORT,
        "count": 1,
    }
    page = scan_page(scanned, "fr")
    assert "Le README est court : 1 mot (au moins 100 attendus)." in page
    assert "<h3>Documentation du projet</h3>" in page
    assert re.search(r"<strong>avertissement</strong> <code[^>]*>docs\.readme\.short</code>", page)
    # Texts the catalogue does not have yet stay English.
    assert "The README does not say how to use the project." in page
    assert "The README is short: 1 words" in scan_page(scanned, "en")


def test_findings_stored_before_their_templates_were_kept_show_their_english(
    scanned: Scan, french: None
) -> None:
    ScanFinding.objects.filter(scan=scanned).update(message_text=None, remediation_text=None)

    page = scan_page(scanned, "fr")

    assert "The README is short: 1 words (at least 100 expected)." in page
    assert "Le README est court" not in page


def test_the_review_checklist_quotes_the_scan_in_the_readers_language(
    cast: Cast, french: None
) -> None:
    project = ProjectFactory(name="Reviewed", status="submitted", focal_points=[cast.alice])
    report = {
        "schema_version": "1.3",
        "tool": {"name": "osunited-scanner", "version": "1"},
        "target": {"kind": "git", "location": "x", "revision": None},
        "started_at": "2026-01-01T00:00:00+00:00",
        "duration_seconds": 1.0,
        "stats": {"files": 1, "bytes": 1, "skipped": []},
        "scores": {},
        "notes": [],
        "results": [
            {
                "check_id": "license.project",
                "title": "Project license",
                "pillar": "licensing",
                "outcome": "pass",
                "summary": "Licensed MIT.",
                "summary_text": {
                    "template": "Licensed {expression}.",
                    "params": {"expression": "MIT"},
                },
                "findings": [],
                "data": {},  # no expression: the checklist does not compare licenses (slow)
            }
        ],
    }
    scan = Scan.objects.create(
        project=project, trigger="nightly", status=ScanStatus.SUCCEEDED, report=report
    )

    with translation.override("fr"):
        answers = {a.item.id: a for a in checklist_prefill(project, scan)}
    with translation.override("en"):
        english = {a.item.id: a for a in checklist_prefill(project, scan)}

    assert answers["osi-license"].evidence[0] == "license.project: Sous licence MIT."
    assert english["osi-license"].evidence[0] == "license.project: Licensed MIT."


def test_a_project_page_scores_name_the_pillars_in_the_readers_language(
    scanned: Scan, french: None
) -> None:
    project: Project = scanned.project
    response = client_for(None).get(f"/catalog/{project.slug}/", HTTP_ACCEPT_LANGUAGE="fr")

    assert response.status_code == 200
    assert '<th scope="row">Documentation du projet</th>' in response.content.decode()
