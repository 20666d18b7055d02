"""Registration checks what it is told: SPDX license expressions, readable addresses for names
in any script, and repository URLs that cannot be reached (issue #14)."""

from __future__ import annotations

import json
import socket
from pathlib import Path
from typing import Any
from urllib.parse import unquote

import pytest
from django.core.exceptions import ValidationError
from django.test import Client
from django.urls import resolve, reverse

from osunited.accounts.models import User
from osunited.accounts.tokens import api_token_create
from osunited.catalog.interchange.imports import projects_import, read_import_file
from osunited.catalog.licenses import checked_license_expression
from osunited.catalog.models import Project, Scan, ScanStatus
from osunited.catalog.review import checklist_prefill
from osunited.catalog.scanning import scan_execute
from osunited.catalog.services import project_create, project_transition, project_update
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, stored_report

pytestmark = pytest.mark.django_db
REPOSITORY = "https://git.example.org/unicef/supply-tracker"
DPGA_NOMINEES = Path(__file__).resolve().parents[1] / "data" / "dpga" / "nominees"
APACHE2 = "'Apache2' is not an SPDX license id; did you mean 'Apache-2.0'?"
NOT_FOUND = (
    "The host git.example.org could not be found. Check the address, or try again later if it "
    "is temporarily offline."
)


@pytest.fixture(autouse=True)
def example_git_host_is_allowed(settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


def form_data(cast: Cast, **overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "name": "Supply Tracker",
        "purpose": "Track vaccine supplies",
        "development_status": "beta",
        "licenses": "Apache-2.0",
        "entity": cast.unicef.pk,
        "hosting": "external",
        "repositories": REPOSITORY,
        "prefill_sources": "",
    }
    data.update(overrides)
    return data


def register(cast: Cast, **overrides: object) -> Any:
    return client_for(cast.alice).post(reverse("catalog:register"), form_data(cast, **overrides))


def create(cast: Cast, **fields: Any) -> Project:
    values: dict[str, Any] = {
        "name": "Supply Tracker",
        "purpose": "Track vaccine supplies",
        "development_status": "beta",
        "hosting": "external",
        "licenses": "Apache-2.0",
    }
    values.update(fields)
    return project_create(
        entity=cast.unicef,
        created_by=cast.alice,
        focal_points=[cast.alice],
        repositories=[REPOSITORY],
        **values,
    )


def api(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='tests').key}"}


# License expressions -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "stored"),
    [
        ("apache-2.0", "Apache-2.0"),
        ("mit or apache-2.0", "MIT OR Apache-2.0"),
        ("GPL-2.0+", "GPL-2.0-or-later"),
        ("GPL-3.0", "GPL-3.0-only"),
        (
            "gpl-3.0-or-later WITH classpath-exception-2.0",
            "GPL-3.0-or-later WITH Classpath-exception-2.0",
        ),
        ("MIT AND LicenseRef-UNICEF-Terms", "MIT AND LicenseRef-UNICEF-Terms"),
        ("  MIT  ", "MIT"),
        ("", ""),
    ],
)
def test_a_valid_expression_is_stored_in_canonical_form(
    cast: Cast, typed: str, stored: str
) -> None:
    assert create(cast, licenses=typed).licenses == stored


@pytest.mark.parametrize(
    ("typed", "message"),
    [
        ("Apache2", APACHE2),
        ("GPLv3", "'GPLv3' is not an SPDX license id; did you mean 'GPL-3.0-only'?"),
        ("MIT OR Unlicence", "'Unlicence' is not an SPDX license id; did you mean 'Unlicense'?"),
        (
            "GPL-3.0-or-later+",
            "'GPL-3.0-or-later+' is not an SPDX license id; did you mean 'GPL-3.0-or-later'?",
        ),
        (
            "GPL-2.0-only WITH Classpath-exeption-2.0",
            "'Classpath-exeption-2.0' is not an SPDX license exception id; did you mean "
            "'Classpath-exception-2.0'?",
        ),
        (
            "MIT WITH Apache-2.0",
            "'Apache-2.0' is a license, not an exception: after WITH comes a license exception "
            "such as 'Classpath-exception-2.0'.",
        ),
        (
            "MIT AND (",
            "The license expression cannot be read: write SPDX license ids joined by AND, OR or "
            "WITH, with parentheses where needed, as in 'MIT OR Apache-2.0'.",
        ),
        (
            "Qwzxv",
            "'Qwzxv' is not an SPDX license id. Use an id from https://spdx.org/licenses/, or "
            "LicenseRef-<name> for a license that is not on that list.",
        ),
    ],
)
def test_an_unknown_id_is_refused_with_the_closest_valid_one(typed: str, message: str) -> None:
    with pytest.raises(ValidationError) as raised:
        checked_license_expression(typed)
    assert raised.value.messages == [message]


def test_the_form_shows_the_error_on_the_license_field_and_saves_nothing(cast: Cast) -> None:
    response = register(cast, licenses="Apache2")

    assert response.status_code == 200
    assert response.context["form"].errors["licenses"] == [APACHE2]
    assert "did you mean" in response.content.decode()
    assert not Project.objects.exists()


def test_the_form_stores_the_canonical_expression(cast: Cast) -> None:
    assert register(cast, licenses="mit OR apache-2.0").status_code == 302
    assert Project.objects.get().licenses == "MIT OR Apache-2.0"


def test_an_edit_with_an_unknown_id_changes_nothing(cast: Cast) -> None:
    project = create(cast)
    with pytest.raises(ValidationError, match=r"did you mean 'Apache-2\.0'"):
        project_update(
            project=project, user=cast.alice, changes={"licenses": "Apache2", "purpose": "New"}
        )
    project.refresh_from_db()
    assert (project.licenses, project.purpose) == ("Apache-2.0", "Track vaccine supplies")


def test_the_api_answers_422_with_the_message_and_creates_nothing(cast: Cast) -> None:
    payload = {
        "name": "Supply tracker",
        "entity": "undp",
        "purpose": "Tracks supplies.",
        "development_status": "beta",
        "licenses": "Apache2",
        "repositories": [REPOSITORY],
    }
    response = Client().post(
        "/api/projects", json.dumps(payload), content_type="application/json", **api(cast.frank)
    )
    assert response.status_code == 422
    assert response.json() == {"detail": APACHE2}
    assert not Project.objects.exists()


def test_an_api_patch_with_an_unknown_id_answers_422_and_changes_nothing(cast: Cast) -> None:
    project = create(cast)
    response = Client().patch(
        f"/api/projects/{project.slug}",
        json.dumps({"licenses": "Apache2"}),
        content_type="application/json",
        **api(cast.alice),
    )
    assert response.status_code == 422
    assert response.json() == {"detail": APACHE2}
    project.refresh_from_db()
    assert project.licenses == "Apache-2.0"


def test_an_imported_record_with_an_unknown_id_is_an_error_that_says_so(cast: Cast) -> None:
    record = json.loads((DPGA_NOMINEES / "dhis2.json").read_text())
    record["license"] = [{"spdx": "Apache2", "licenseURL": "https://example.org/LICENSE"}]
    record["repositories"] = [{"name": "main", "url": REPOSITORY}]

    records = read_import_file(json.dumps(record), kind="dpga")
    [outcome] = projects_import(user=cast.alice, records=records, fallback_entity=cast.unicef)

    assert APACHE2 in outcome.error
    assert not Project.objects.exists()


# Declared against scanned ----------------------------------------------------------------------


def scanned(project: Project, expression: str | None) -> Scan:
    results = []
    if expression is not None:
        data = {"expression": expression}
        results.append(
            {
                "check_id": "license.project",
                "outcome": "pass",
                "summary": "",
                "findings": [],
                "data": data,
            }
        )
    return Scan.objects.create(
        project=project,
        trigger="submission",
        status=ScanStatus.SUCCEEDED,
        report=stored_report(*results),
    )


def declared_license_answer(
    project: Project, scan: Scan | None
) -> tuple[bool | None, tuple[str, ...]]:
    [answer] = [a for a in checklist_prefill(project, scan) if a.item.id == "declared-license"]
    return answer.met, answer.evidence


@pytest.mark.parametrize(
    ("declared", "found", "met", "evidence"),
    [
        ("MIT", "Apache-2.0", False, "Declared: MIT; found by the scan: Apache-2.0"),
        (
            "MIT OR Apache-2.0",
            "Apache-2.0 OR MIT",
            True,
            "Declared: MIT OR Apache-2.0; found by the scan: Apache-2.0 OR MIT",
        ),
        (
            "GPL-3.0-only",
            "GPL-3.0-or-later",
            False,
            "Declared: GPL-3.0-only; found by the scan: GPL-3.0-or-later",
        ),
        ("", "MIT", False, "Declared: none; found by the scan: MIT"),
        ("MIT", "", None, "Declared: MIT; the scan found no license."),
    ],
)
def test_the_checklist_compares_the_declared_license_with_the_scanned_one(
    cast: Cast, declared: str, found: str, met: bool | None, evidence: str
) -> None:
    project = ProjectFactory(entity=cast.unicef, licenses=declared)
    assert declared_license_answer(project, scanned(project, found)) == (met, (evidence,))


def test_without_a_scan_the_declared_license_is_not_measured(cast: Cast) -> None:
    project = ProjectFactory(entity=cast.unicef, licenses="MIT")
    assert declared_license_answer(project, None) == (None, ("Not in the latest scan.",))
    without_check = scanned(project, None)
    assert declared_license_answer(project, without_check) == (None, ("Not in the latest scan.",))


def test_the_review_page_flags_a_declared_license_the_scan_did_not_find(cast: Cast) -> None:
    project = ProjectFactory(
        name="Supply Tracker",
        entity=cast.unicef,
        status="draft",
        focal_points=[cast.alice],
        licenses="MIT",
    )
    project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    scanned(project, "GPL-3.0-only")

    page = client_for(cast.bob).get(reverse("catalog:review", kwargs={"slug": project.slug}))

    assert page.context["form"]["item_declared-license"].value() == "not_met"
    content = page.content.decode()
    assert "The license declared at registration is the one the scan found" in content
    assert "Declared: MIT; found by the scan: GPL-3.0-only" in content


# Names in any script ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Система мониторинга здоровья", "система-мониторинга-здоровья"),
        ("نظام المعلومات الصحية", "نظام-المعلومات-الصحية"),
        ("健康档案", "健康档案"),
    ],
)
def test_a_name_in_any_script_gets_a_readable_address_that_opens(
    cast: Cast, name: str, slug: str
) -> None:
    response = register(cast, name=name)

    assert response.status_code == 302
    assert Project.objects.get().slug == slug
    assert unquote(response["Location"]) == f"/catalog/{slug}/"
    client = client_for(cast.alice)
    assert client.get(response["Location"]).status_code == 200
    assert client.get(f"/catalog/{slug}/").status_code == 200


def test_two_projects_with_the_same_name_get_a_number(cast: Cast) -> None:
    first = create(cast, name="Система мониторинга здоровья")
    second = create(cast, name="Система мониторинга здоровья")

    assert (first.slug, second.slug) == (
        "система-мониторинга-здоровья",
        "система-мониторинга-здоровья-2",
    )


@pytest.mark.parametrize(
    "name",
    [
        "detail",
        "edit",
        "transition",
        "scan_list",
        "review",
        "project_publiccode",
        "feedback_submit",
    ],
)
def test_every_project_page_takes_a_unicode_slug(name: str) -> None:
    path = reverse(f"catalog:{name}", kwargs={"slug": "健康档案"})
    match = resolve(unquote(path))
    assert (match.url_name, match.kwargs["slug"]) == (name, "健康档案")


def test_the_api_finds_a_project_by_its_unicode_slug(cast: Cast) -> None:
    project = ProjectFactory(
        name="健康档案",
        slug="健康档案",
        entity=cast.unicef,
        status="published",
        focal_points=[cast.alice],
    )
    response = Client().get(f"/api/projects/{project.slug}")

    assert response.status_code == 200
    assert response.json()["slug"] == "健康档案"
    assert unquote(response.json()["page_url"]) == "/catalog/健康档案/"


# Repositories that cannot be reached -----------------------------------------------------------


def test_registering_a_host_that_cannot_be_found_says_so_in_a_sentence(
    cast: Cast, settings: Any
) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = []
    response = register(cast, repositories="https://git.example.org/x.git")

    assert response.status_code == 200
    content = response.content.decode()
    assert NOT_FOUND in content
    assert "Errno" not in content
    assert not Project.objects.exists()


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def test_a_scan_of_a_host_that_refuses_shows_a_sentence(
    cast: Cast, settings: Any, tmp_path: Path
) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["127.0.0.1"]
    settings.VAR_DIR = tmp_path
    url = f"https://127.0.0.1:{closed_port()}/unicef/tracker.git"
    project = ProjectFactory(
        name="Supply Tracker", entity=cast.unicef, status="published", repositories=[url]
    )
    queued = Scan.objects.create(
        project=project, repository=project.repositories.get(), trigger="on_demand"
    )

    failed = scan_execute(queued.pk)

    assert failed is not None
    assert failed.status == ScanStatus.FAILED
    assert failed.error == (
        "The host 127.0.0.1 could not be reached. Check the address, or try again later if it "
        "is temporarily offline."
    )
    page = client_for(None).get(f"/catalog/{project.slug}/scans/{failed.pk}/").content.decode()
    assert failed.error in page
    assert "Errno" not in page
