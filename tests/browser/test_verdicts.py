"""Trustworthy verdicts in Chromium (#14): a new focal point walks registration → scan → review →
publish → sunset → archive, and every figure on the way is right or says it was not measured."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from osunited.catalog.models import Project
from osunited.catalog.sunset import sunset_sweep
from osunited.dashboard.services import snapshot_take
from osunited.demo.repositories import build_repository, demo_repositories
from osunited.demo.vulndb import demo_vulndb_ensure
from tests.browser.accessibility import serious_violations
from tests.browser.pages import act, signed_in_page
from tests.conftest import Cast

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def repository(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """The demo's Field Survey repository: it pins django 4.2.1 and requests 2.25.0."""
    settings.OSU_SCAN_LOCAL_ROOTS = [str(tmp_path)]
    field_survey = demo_repositories("https://code.example.org/un")[0]
    return build_repository(tmp_path, field_survey, now=datetime.now(UTC))


@pytest.fixture
def vulnerability_database(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    """The PyPA advisories the project ships, as `make run` imports them."""
    path = tmp_path / "osv.sqlite3"
    demo_vulndb_ensure(path)
    settings.OSU_SCAN_VULNDB = str(path)
    return path


def vulnerabilities(page: Page) -> str:
    return page.locator("dd.vulnerabilities").first.inner_text()


def test_a_project_from_registration_to_archive_shows_only_true_figures(
    live_server, browser: Browser, cast: Cast, repository: Path, vulnerability_database: Path
) -> None:
    alice = signed_in_page(browser, live_server.url, cast.alice)
    alice.goto("/catalog/register/")
    entity = alice.get_by_label("Entity")
    assert entity.locator("option").all_inner_texts() == [str(cast.unicef)]
    alice.get_by_label("Repository URL to prefill from").fill(repository.as_uri())
    alice.get_by_role("button", name="Prefill from repository").click()
    expect(alice.get_by_label("Name:", exact=True)).to_have_value("Field Survey")
    alice.get_by_label("Purpose:").fill("Offline-first household surveys for field offices.")
    alice.get_by_role("checkbox", name=re.compile(r"^SDG 2\b")).check()
    alice.get_by_label("Evidence for SDG 2").fill("Food security assessments.")
    alice.get_by_role("button", name="Register project").click()
    expect(alice.get_by_role("heading", level=1, name="Field Survey")).to_be_visible()
    project = Project.objects.get(name="Field Survey")

    act(alice, "Submit for review", "Ready for the committee.")
    alice.goto(f"/catalog/{project.slug}/")
    figures = vulnerabilities(alice)
    assert "Checked against the OSV database of 2024-10-10" in figures
    assert re.search(r"\d+ known vulnerabilities: \d+ of unknown severity", figures), figures
    assert "0 critical" not in figures  # a severity with none found is left out
    expect(alice.locator("ul.advisories").get_by_text("django 4.2.1").first).to_be_visible()

    bob = signed_in_page(browser, live_server.url, cast.bob)
    bob.goto("/catalog/review/")
    bob.get_by_role("link", name="Field Survey").click()
    checklist = bob.locator(".checklist-item", has_text="No dependency with a known vulnerability")
    expect(checklist.get_by_text("not met according to the scan")).to_be_visible()
    expect(bob.get_by_text("Not every repository has a successful scan yet")).to_have_count(0)
    assert serious_violations(bob) == []
    bob.get_by_label("Approve").check()
    bob.get_by_label("Comment").fill("Upgrade django and requests soon.")
    bob.get_by_role("button", name="Submit review").click()
    expect(bob.get_by_text("Your review of Field Survey is recorded.")).to_be_visible()

    alice.goto(f"/catalog/{project.slug}/")
    act(alice, "Publish in the catalog", "Approved by the committee.")
    public = signed_in_page(browser, live_server.url, None)
    public.goto(f"/catalog/{project.slug}/")
    assert "Checked against the OSV database of 2024-10-10" in vulnerabilities(public)
    assert serious_violations(public) == []

    snapshot_take()
    public.goto("/dashboard/")
    expect(public.get_by_text("Measured over 1 of 1 project.").first).to_be_visible()

    long_ago = datetime.now(UTC) - timedelta(days=500)
    Project.objects.filter(pk=project.pk).update(status_changed_at=long_ago, confirmed_at=long_ago)
    sunset_sweep()
    public.goto(f"/catalog/{project.slug}/")
    expect(public.get_by_text("This project is under a sunset notice.")).to_be_visible()

    bob.goto(f"/catalog/{project.slug}/")
    expect(bob.get_by_text("has not passed: archiving waits until then.")).to_be_visible()
    expect(bob.get_by_role("button", name="Archive", exact=True)).to_have_count(0)

    past = datetime.now(UTC) - timedelta(days=1)
    Project.objects.filter(pk=project.pk).update(sunset_deadline=past)  # the grace period ends
    bob.goto(f"/catalog/{project.slug}/")
    act(bob, "Archive", "No focal point answered within the grace period.")
    public.goto(f"/catalog/{project.slug}/")
    expect(public.get_by_text("This project is archived.")).to_be_visible()
    expect(
        public.get_by_text("Reason: No focal point answered within the grace period.")
    ).to_be_visible()
    assert serious_violations(public) == []


def test_without_a_vulnerability_database_every_page_says_not_measured(
    live_server, browser: Browser, cast: Cast, repository: Path, tmp_path: Path, settings
) -> None:  # type: ignore[no-untyped-def]
    settings.OSU_SCAN_VULNDB = str(tmp_path / "no-such-database.sqlite3")
    alice = signed_in_page(browser, live_server.url, cast.alice)
    alice.goto("/catalog/register/")
    alice.get_by_label("Repository URL to prefill from").fill(repository.as_uri())
    alice.get_by_role("button", name="Prefill from repository").click()
    expect(alice.get_by_label("Name:", exact=True)).to_have_value("Field Survey")
    alice.get_by_label("Purpose:").fill("Offline-first household surveys for field offices.")
    alice.get_by_role("button", name="Register project").click()
    project = Project.objects.get(name="Field Survey")
    assert "Not measured: not scanned yet" in vulnerabilities(alice)

    act(alice, "Submit for review", "Ready for the committee.")
    alice.goto(f"/catalog/{project.slug}/")
    figures = vulnerabilities(alice)
    assert "Not measured: the scan had no vulnerability database" in figures
    assert "0 critical" not in figures

    bob = signed_in_page(browser, live_server.url, cast.bob)
    bob.goto(f"/catalog/{project.slug}/review/")
    checklist = bob.locator(".checklist-item", has_text="No dependency with a known vulnerability")
    expect(checklist.get_by_text("unknown")).to_be_visible()
