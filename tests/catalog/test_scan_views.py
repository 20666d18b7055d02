"""The scan pages: who sees what, who may scan and retry, the report, and no N+1."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from osunited.catalog.models import Project, Scan, ScanFinding, ScanStatus
from osunited.catalog.scanning import scan_request
from tests.catalog.repos import MIT, commit, days_ago
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def repo(tmp_path: Path) -> Iterator[Path]:
    path = tmp_path / "tracker"
    commit(path, {"README.md": "# Tracker\n", "CHANGELOG.md": "# Changes\n"}, when=days_ago(3))
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)]):
        yield path


@pytest.fixture
def project(cast: Cast, repo: Path) -> Project:
    return ProjectFactory(
        name="Supply Tracker", entity=cast.unicef, status="published", focal_points=[cast.alice],
        repositories=[f"file://{repo}"],
    )  # fmt: skip


def scanned_twice(project: Project, repo: Path, capture: Any) -> Scan:
    with capture(execute=True):
        scan_request(project=project, trigger="on_demand")
    commit(repo, {"LICENSE": MIT, "CHANGELOG.md": None}, when=days_ago(1))
    with capture(execute=True):
        (second,) = scan_request(project=project, trigger="on_demand")
    second.refresh_from_db()
    return second


def test_anyone_sees_a_public_projects_scan_and_what_changed(
    project: Project, repo: Path, django_capture_on_commit_callbacks: Any
) -> None:
    second = scanned_twice(project, repo, django_capture_on_commit_callbacks)
    page = client_for(None).get(f"/catalog/{project.slug}/scans/{second.pk}/")
    assert page.status_code == 200
    text = page.content.decode()
    assert "1 new finding" in text or "new findings" in text
    assert "license.project.missing" in text  # fixed since the previous scan
    assert "Remediation:" not in text  # advice is for those who act on it
    assert "Scan now" not in text


def with_findings(project: Project, *fingerprints: range) -> list[Scan]:
    """Succeeded scans of the project's repository, one per range of finding keys."""
    repository = project.repositories.get()
    scans = []
    for keys in fingerprints:
        scan = Scan.objects.create(
            project=project, repository=repository, trigger="nightly",
            status=ScanStatus.SUCCEEDED, summary={"by_severity": {}}, scores={},
        )  # fmt: skip
        ScanFinding.objects.bulk_create(
            ScanFinding(
                scan=scan, check_id="docs.readme", rule_id="docs.readme.short",
                pillar="documentation", severity="warning", message=f"Finding number {key}",
                fingerprint=f"{key:064x}",
            )
            for key in keys
        )  # fmt: skip
        scans.append(scan)
    project.latest_scan = scans[-1]
    project.save(update_fields=["latest_scan"])
    return scans


def test_the_panel_counts_what_changed_with_the_same_queries_for_few_or_many_findings(
    cast: Cast,
) -> None:
    small = ProjectFactory(
        name="Small", status="published", repositories=["https://example.org/s.git"]
    )
    large = ProjectFactory(
        name="Large", status="published", repositories=["https://example.org/l.git"]
    )
    with_findings(small, range(0, 1), range(1, 2))
    with_findings(large, range(0, 300), range(100, 450))

    def panel(project: Project) -> tuple[int, str]:
        with CaptureQueriesContext(connection) as captured:
            response = client_for(None).get(f"/catalog/{project.slug}/scans/panel/")
        return len(captured), response.content.decode()

    (few, small_html), (many, large_html) = panel(small), panel(large)

    assert few == many
    assert "1 new finding, 1 fixed" in small_html
    assert "150 new findings, 100 fixed" in large_html


def test_the_scan_page_lists_the_new_and_fixed_findings(cast: Cast) -> None:
    project = ProjectFactory(
        name="Tracker", status="published", repositories=["https://example.org/t.git"]
    )
    earlier, latest = with_findings(project, range(0, 3), range(1, 5))

    page = client_for(None).get(f"/catalog/{project.slug}/scans/{latest.pk}/")

    assert [f.message for f in page.context["new_findings"]] == [
        "Finding number 3", "Finding number 4",
    ]  # fmt: skip
    assert [f.message for f in page.context["fixed_findings"]] == ["Finding number 0"]
    assert page.context["previous_scan"] == earlier


def test_the_scan_page_makes_the_same_queries_for_few_or_many_findings(cast: Cast) -> None:
    small = ProjectFactory(
        name="Small", status="published", repositories=["https://example.org/s.git"]
    )
    large = ProjectFactory(
        name="Large", status="published", repositories=["https://example.org/l.git"]
    )
    small_scan = with_findings(small, range(0, 1), range(1, 2))[-1]
    large_scan = with_findings(large, range(0, 300), range(100, 450))[-1]

    def queries(project: Project, scan: Scan) -> int:
        with CaptureQueriesContext(connection) as captured:
            page = client_for(None).get(f"/catalog/{project.slug}/scans/{scan.pk}/")
            assert page.status_code == 200
        return len(captured)

    assert queries(small, small_scan) == queries(large, large_scan)


def test_focal_points_see_remediation_advice(
    cast: Cast, project: Project, repo: Path, django_capture_on_commit_callbacks: Any
) -> None:
    second = scanned_twice(project, repo, django_capture_on_commit_callbacks)
    page = client_for(cast.alice).get(f"/catalog/{project.slug}/scans/{second.pk}/")
    assert "Remediation:" in page.content.decode()


def test_the_json_report_downloads(
    project: Project, repo: Path, django_capture_on_commit_callbacks: Any
) -> None:
    second = scanned_twice(project, repo, django_capture_on_commit_callbacks)
    response = client_for(None).get(f"/catalog/{project.slug}/scans/{second.pk}/report.json")
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response.json() == second.report


def test_a_private_projects_scans_are_not_found(cast: Cast) -> None:
    draft = ProjectFactory(
        name="Draft", entity=cast.unicef, status="draft", focal_points=[cast.alice]
    )
    for user in (None, cast.carol, cast.frank):
        assert client_for(user).get(f"/catalog/{draft.slug}/scans/").status_code == 404
        response = client_for(user).post(f"/catalog/{draft.slug}/scans/new/")
        assert response.status_code in (302, 403, 404)
    assert client_for(cast.alice).get(f"/catalog/{draft.slug}/scans/").status_code == 200
    assert not Scan.objects.exists()


@pytest.mark.parametrize("who", ["carol", "frank", "erin", "grace"])
def test_people_without_a_part_in_the_project_cannot_request_a_scan(
    cast: Cast, project: Project, who: str
) -> None:
    response = client_for(getattr(cast, who)).post(f"/catalog/{project.slug}/scans/new/")
    assert response.status_code == 403
    assert not Scan.objects.exists()


def test_an_anonymous_visitor_is_sent_to_sign_in(project: Project) -> None:
    response = client_for(None).post(f"/catalog/{project.slug}/scans/new/")
    assert response.status_code == 302
    assert response["Location"].startswith("/accounts/login/")


def test_a_focal_point_of_another_project_cannot_request_a_scan(
    cast: Cast, project: Project
) -> None:
    other = UserFactory(email="olga@unicef.org")
    ProjectFactory(name="Other", entity=cast.unicef, status="published", focal_points=[other])
    assert client_for(other).post(f"/catalog/{project.slug}/scans/new/").status_code == 403


@pytest.mark.parametrize("who", ["alice", "bob", "heidi"])
def test_focal_points_reviewers_and_admins_request_scans(
    cast: Cast, project: Project, who: str
) -> None:
    response = client_for(getattr(cast, who)).post(f"/catalog/{project.slug}/scans/new/")
    assert response.status_code == 302
    assert Scan.objects.get().trigger == "on_demand"


def test_posting_twice_queues_one_scan(cast: Cast, project: Project) -> None:
    client = client_for(cast.alice)
    client.post(f"/catalog/{project.slug}/scans/new/")
    response = client.post(f"/catalog/{project.slug}/scans/new/", follow=True)
    assert "already queued or running" in response.content.decode()
    assert Scan.objects.count() == 1


def test_post_only_pages_answer_a_get_with_405(cast: Cast, project: Project) -> None:
    client = client_for(cast.alice)
    assert client.get(f"/catalog/{project.slug}/scans/new/").status_code == 405
    assert client.get(f"/catalog/{project.slug}/scans/1/retry/").status_code == 405
    assert client.get(f"/catalog/{project.slug}/confirm-entry/").status_code == 405


def test_a_failed_scan_shows_its_error_and_a_retry_for_those_allowed(
    cast: Cast, project: Project
) -> None:
    failed = Scan.objects.create(
        project=project, repository=project.repositories.get(), trigger="nightly",
        status=ScanStatus.FAILED, error="The host could not be resolved.",
    )  # fmt: skip
    url = f"/catalog/{project.slug}/scans/{failed.pk}/"
    public = client_for(None).get(url).content.decode()
    assert "The host could not be resolved." in public
    assert "Retry" not in public
    assert "Retry" in client_for(cast.bob).get(url).content.decode()

    assert client_for(cast.carol).post(f"{url}retry/").status_code == 403
    assert client_for(cast.alice).post(f"{url}retry/").status_code == 302
    failed.refresh_from_db()
    assert failed.status == ScanStatus.QUEUED


def test_the_panel_polls_while_a_scan_is_queued(cast: Cast, project: Project) -> None:
    scan_request(project=project, trigger="on_demand")
    panel = client_for(None).get(f"/catalog/{project.slug}/scans/panel/").content.decode()
    assert 'hx-trigger="every 5s"' in panel
    assert "Queued" in panel


def test_a_focal_point_confirms_the_entry(cast: Cast, project: Project) -> None:
    assert client_for(cast.frank).post(f"/catalog/{project.slug}/confirm-entry/").status_code == 403
    response = client_for(cast.alice).post(f"/catalog/{project.slug}/confirm-entry/")
    assert response.status_code == 302
    project.refresh_from_db()
    assert project.confirmed_at is not None


def test_the_scan_list_makes_the_same_queries_for_few_or_many_scans(
    cast: Cast, project: Project
) -> None:
    repository = project.repositories.get()

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client_for(None).get(f"/catalog/{project.slug}/scans/").status_code == 200
        return len(captured)

    Scan.objects.create(project=project, repository=repository, trigger="nightly", status="failed")
    few = queries()
    for _ in range(10):
        Scan.objects.create(
            project=project, repository=repository, trigger="nightly", status="failed"
        )
    assert queries() == few
