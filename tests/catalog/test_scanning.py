"""Scans of catalog projects: stored, compared, failed and retried, never duplicated."""

from __future__ import annotations

import io
import shutil
import tarfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.files.base import ContentFile
from django.db import connection
from django.test import override_settings
from django.test.utils import CaptureQueriesContext

from osunited.catalog import scanning
from osunited.catalog.models import Project, Scan, ScanFinding, ScanHealth, ScanStatus
from osunited.catalog.scanning import (
    GENERIC_ERROR,
    finding_fingerprint,
    health_reading,
    scan_diff,
    scan_request,
    scan_retry,
)
from osunited.catalog.services import project_review_submit, project_transition
from osunited.catalog.tasks import run_scan
from tests.catalog.repos import MIT, OLD, commit, days_ago
from tests.conftest import Cast
from tests.factories import ProjectFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def local_roots(tmp_path: Path) -> Iterator[Path]:
    with override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)]):
        yield tmp_path


def project_with(cast: Cast, url: str, **fields: Any) -> Project:
    return ProjectFactory(
        name="Supply Tracker", entity=cast.unicef, status=fields.pop("status", "published"),
        focal_points=[cast.alice], repositories=[url], **fields,
    )  # fmt: skip


def run(project: Project, capture: Any, trigger: str = "on_demand") -> Scan:
    with capture(execute=True):
        (queued,) = scan_request(project=project, trigger=trigger)
    queued.refresh_from_db()
    return queued


def test_a_scan_stores_findings_summary_report_and_the_project_reading(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "old"
    commit(repo, {"README.md": "# Old tool\n"}, when=OLD)
    project = project_with(cast, f"file://{repo}")

    scan = run(project, django_capture_on_commit_callbacks)

    assert scan.status == ScanStatus.SUCCEEDED
    assert scan.attempts == 1
    assert scan.maintenance == "unmaintained"
    assert scan.health == ScanHealth.UNMAINTAINED
    assert len(scan.revision) == 40
    assert scan.report is not None
    assert scan.report["target"]["revision"] == scan.revision
    rules = set(scan.findings.values_list("rule_id", flat=True))
    assert {"license.project.missing", "health.maintained.unmaintained"} <= rules
    assert scan.summary["total"] == scan.findings.count()
    assert scan.summary["by_severity"]["error"] == scan.findings.filter(severity="error").count()
    assert set(scan.scores) == {
        "licensing",
        "security",
        "documentation",
        "community",
        "reusability",
    }
    project.refresh_from_db()
    assert project.latest_scan == scan
    assert project.scan_health == ScanHealth.UNMAINTAINED


def test_a_scan_keeps_the_figures_monitoring_counts(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "active"
    commit(repo, {"README.md": "# Tool\n", "SECURITY.md": "Report to security@example.org\n",
                  "LICENSE": MIT}, when=days_ago(3))  # fmt: skip
    scan = run(project_with(cast, f"file://{repo}"), django_capture_on_commit_callbacks)

    facts = scan.facts
    assert (facts["security_policy"], facts["osi_approved"]) == (True, True)
    assert (facts["commits_90d"], facts["contributors_90d"], facts["bus_factor"]) == (1, 1, 1)
    assert facts["organisations"] == 1
    assert "vulnerabilities" not in facts  # no vulnerability database here: not measured


def test_a_second_scan_shows_what_was_fixed_and_what_is_new(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n", "CHANGELOG.md": "# Changes\n"}, when=days_ago(3))
    project = project_with(cast, f"file://{repo}")
    first = run(project, django_capture_on_commit_callbacks)
    assert scan_diff(first) == ([], [])  # nothing to compare with

    commit(repo, {"LICENSE": MIT, "CHANGELOG.md": None}, when=days_ago(1))
    second = run(project, django_capture_on_commit_callbacks)

    new, fixed = scan_diff(second)
    assert "docs.changelog.missing" in {f.rule_id for f in new}
    assert "license.project.missing" in {f.rule_id for f in fixed}
    assert all(f.scan_id == first.pk for f in fixed)
    assert second.license_expression == "MIT"
    # Findings that stay (a README that is still short, files without a license notice, even
    # though another file is named first now) are neither new nor fixed.
    assert "docs.readme.short" not in {f.rule_id for f in new + fixed}
    assert not [f for f in new + fixed if f.rule_id.startswith("license.file-coverage")]


def scanned_with(project: Project, *fingerprints: list[str]) -> list[Scan]:
    """Succeeded scans of the project's repository, one per list of finding fingerprints."""
    repository = project.repositories.get()
    scans = []
    for prints in fingerprints:
        scan = Scan.objects.create(
            project=project, repository=repository, trigger="nightly",
            status=ScanStatus.SUCCEEDED, summary={"by_severity": {}},
        )  # fmt: skip
        ScanFinding.objects.bulk_create(
            ScanFinding(
                scan=scan, check_id="docs.readme", rule_id=f"rule.{key}", pillar="documentation",
                severity="warning", message=f"Finding {key}", fingerprint=key,
            )
            for key in prints
        )  # fmt: skip
        scans.append(scan)
    project.latest_scan = scans[-1]
    project.save(update_fields=["latest_scan"])
    return scans


def test_the_diff_compares_fingerprints_and_the_panel_counts_it(cast: Cast) -> None:
    project = project_with(cast, "https://example.org/tracker.git")
    first, second = scanned_with(project, ["kept", "fixed-1", "fixed-2"], ["kept", "new"])

    new, fixed = scan_diff(second)
    panel = scanning.scan_panel_for(project=project, user=AnonymousUser())

    assert [f.fingerprint for f in new] == ["new"]
    assert [f.fingerprint for f in fixed] == ["fixed-1", "fixed-2"]
    assert all(f.scan_id == first.pk for f in fixed)
    assert (panel["has_previous"], panel["new_count"], panel["fixed_count"]) == (True, 1, 2)


def test_a_first_scan_has_no_diff_to_count(cast: Cast) -> None:
    project = project_with(cast, "https://example.org/tracker.git")
    (only,) = scanned_with(project, ["a", "b"])

    panel = scanning.scan_panel_for(project=project, user=AnonymousUser())

    assert scan_diff(only) == ([], [])
    assert (panel["has_previous"], panel["new_count"], panel["fixed_count"]) == (False, 0, 0)


def test_the_panel_counts_in_the_database_whatever_the_number_of_findings(cast: Cast) -> None:
    small = ProjectFactory(name="Small", repositories=["https://example.org/small.git"])
    large = ProjectFactory(name="Large", repositories=["https://example.org/large.git"])
    scanned_with(small, ["a"], ["b"])
    scanned_with(large, [f"old-{n}" for n in range(300)], [f"new-{n}" for n in range(200)])

    def panel_of(project: Project) -> tuple[list[str], dict[str, Any]]:
        with CaptureQueriesContext(connection) as captured:
            panel = scanning.scan_panel_for(project=project, user=AnonymousUser())
        return [query["sql"] for query in captured.captured_queries], panel

    (few, small_panel), (many, large_panel) = panel_of(small), panel_of(large)

    assert len(few) == len(many)
    assert (small_panel["new_count"], small_panel["fixed_count"]) == (1, 1)
    assert (large_panel["new_count"], large_panel["fixed_count"]) == (200, 300)
    reading_findings = [sql for sql in many if "catalog_scanfinding" in sql]
    assert len(reading_findings) == 2
    assert all(sql.startswith("SELECT COUNT(*)") for sql in reading_findings)


def test_a_failed_scan_keeps_earlier_results_and_can_be_retried(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    project = project_with(cast, f"file://{repo}")
    good = run(project, django_capture_on_commit_callbacks)
    findings = good.findings.count()
    shutil.move(repo, local_roots / "moved")

    failed = run(project, django_capture_on_commit_callbacks)

    assert failed.status == ScanStatus.FAILED
    assert "does not scan repositories from that folder" in failed.error
    project.refresh_from_db()
    assert project.latest_scan == good
    assert project.scan_health == good.health
    assert good.findings.count() == findings

    shutil.move(local_roots / "moved", repo)
    with django_capture_on_commit_callbacks(execute=True):
        scan_retry(scan=failed, user=cast.alice)
    failed.refresh_from_db()
    assert failed.status == ScanStatus.SUCCEEDED
    assert failed.attempts == 2
    assert failed.error == ""
    project.refresh_from_db()
    assert project.latest_scan == failed


def test_a_url_the_ssrf_guard_refuses_fails_cleanly(
    cast: Cast, django_capture_on_commit_callbacks: Any
) -> None:
    project = project_with(cast, "https://127.0.0.1/org/repo.git")
    scan = run(project, django_capture_on_commit_callbacks)
    assert scan.status == ScanStatus.FAILED
    assert "not a public address" in scan.error
    assert not scan.findings.exists()
    project.refresh_from_db()
    assert project.latest_scan is None
    assert project.scan_health == ScanHealth.NOT_SCANNED


def test_an_unexpected_error_is_recorded_without_its_details(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any, monkeypatch: Any
) -> None:
    def explode(*args: object, **kwargs: object) -> None:
        raise RuntimeError("secret internals")

    monkeypatch.setattr(scanning.scanner, "scan", explode)
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    scan = run(project_with(cast, f"file://{repo}"), django_capture_on_commit_callbacks)
    assert scan.status == ScanStatus.FAILED
    assert scan.error == GENERIC_ERROR


def test_no_second_scan_is_queued_while_one_is_waiting(cast: Cast) -> None:
    project = project_with(cast, "https://git.example.org/unicef/tracker")
    assert len(scan_request(project=project, trigger="on_demand")) == 1
    assert scan_request(project=project, trigger="nightly") == []
    assert Scan.objects.filter(project=project).count() == 1


def test_running_the_task_twice_does_no_harm(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    scan = run(project_with(cast, f"file://{repo}"), django_capture_on_commit_callbacks)
    findings = list(scan.findings.values_list("pk", flat=True))
    run_scan(scan.pk)
    scan.refresh_from_db()
    assert scan.attempts == 1
    assert list(scan.findings.values_list("pk", flat=True)) == findings


def test_submission_and_approval_each_scan_the_project(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    project = project_with(cast, f"file://{repo}", status="draft")
    with django_capture_on_commit_callbacks(execute=True):
        project_transition(project=project, action="submit", user=cast.alice, comment="Ready.")
    with django_capture_on_commit_callbacks(execute=True):
        project_review_submit(
            project=project, reviewer=cast.bob, decision="approve", checklist={}, comment="Good."
        )
    triggers = list(project.scans.order_by("pk").values_list("trigger", "status"))
    assert triggers == [("submission", "succeeded"), ("approval", "succeeded")]


def test_the_nightly_run_scans_published_and_noticed_projects_only(cast: Cast) -> None:
    published = project_with(cast, "https://git.example.org/a")
    noticed = ProjectFactory(
        entity=cast.unicef, status="sunset_notice", repositories=["https://git.example.org/b"]
    )
    ProjectFactory(entity=cast.unicef, status="draft", repositories=["https://git.example.org/c"])
    queued = scanning.scan_nightly()
    assert {s.project_id for s in queued} == {published.pk, noticed.pk}
    assert {s.trigger for s in queued} == {"nightly"}


@pytest.mark.parametrize(
    ("maintenance", "severities", "reading"),
    [
        ("unmaintained", {"info"}, ScanHealth.UNMAINTAINED),
        ("maintained", {"error", "warning"}, ScanHealth.AT_RISK),
        ("unknown", {"warning", "info"}, ScanHealth.NEEDS_ATTENTION),
        ("maintained", {"info"}, ScanHealth.GOOD),
        ("", set(), ScanHealth.GOOD),
    ],
)
def test_the_health_reading(maintenance: str, severities: set[str], reading: ScanHealth) -> None:
    assert health_reading(maintenance, severities) == reading


def test_a_fingerprint_ignores_figures_and_case_but_not_the_rule_or_file() -> None:
    one = finding_fingerprint("license.file-coverage.low", "a.py", "Only 0% of files  state")
    assert one == finding_fingerprint(
        "license.file-coverage.low", "a.py", "only 30% of files state"
    )
    assert one != finding_fingerprint("license.file-coverage.low", "b.py", "Only 0% of files state")
    assert one != finding_fingerprint("license.other", "a.py", "Only 0% of files state")


def test_findings_are_stored_in_bulk(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = local_roots / "tracker"
    commit(repo, {"README.md": "# Tracker\n"}, when=days_ago(2))
    scan = run(project_with(cast, f"file://{repo}"), django_capture_on_commit_callbacks)
    assert ScanFinding.objects.filter(scan=scan).count() == len(
        [f for r in scan.report["results"] for f in r["findings"]]
    )


def test_an_internal_projects_uploaded_archive_is_scanned(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    buffer = io.BytesIO()
    with tarfile.open(fileobj=buffer, mode="w:gz") as archive:
        data = MIT.encode()
        member = tarfile.TarInfo("tool/LICENSE")
        member.size = len(data)
        archive.addfile(member, io.BytesIO(data))
    project = ProjectFactory(
        name="Internal Tool", entity=cast.unicef, status="published", hosting="internal"
    )
    with override_settings(MEDIA_ROOT=str(tmp_path)):
        project.source_archive.save("tool.tar.gz", ContentFile(buffer.getvalue()))
        scan = run(project, django_capture_on_commit_callbacks)
    assert scan.repository is None
    assert scan.status == ScanStatus.SUCCEEDED
    assert scan.license_expression == "MIT"
    assert scan.maintenance == "unknown"  # an archive has no history


def test_a_repository_with_nul_characters_in_its_files_is_stored_on_every_database(
    cast: Cast, local_roots: Path, django_capture_on_commit_callbacks: Any
) -> None:
    """A hostile package.json puts \\u0000 in its fields and an SPDX tag; PostgreSQL refuses
    NUL in text and jsonb, so the scan failed to store there."""
    repo = local_roots / "hostile"
    package = (
        '{"name": "x\\u0000y", "version": "1.0.0", "license": "MIT\\u0000", "dependencies": {}}'
    )
    commit(
        repo,
        {
            "package.json": package,
            "app.js": "// SPDX-License-Identifier: MIT\x00 AND GPL-3.0\n// TODO \x00\n",
            "README.md": "# Hostile\n",
        },
        when=days_ago(2),
    )
    scan = run(project_with(cast, f"file://{repo}"), django_capture_on_commit_callbacks)

    assert scan.status == ScanStatus.SUCCEEDED, scan.error
    stored = Scan.objects.get(pk=scan.pk)
    assert "\x00" not in str(stored.report)
    assert "\x00" not in str(stored.facts)
