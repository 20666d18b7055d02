"""The catalog in Chromium, as its users go through it: a focal point registers a project from a
repository URL, a reviewer approves it, the public finds it with its scan, a second scan shows
what changed, and an unconfirmed entry goes through sunset to archived."""

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from django.conf import settings
from playwright.sync_api import Browser, expect

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.catalog.models import Project
from osunited.catalog.sunset import sunset_sweep
from osunited.demo.repositories import (
    SECOND_SCAN_CHANGE,
    apply_commit,
    build_repository,
    demo_repositories,
)
from tests.browser.accessibility import serious_violations
from tests.browser.pages import act, signed_in_page
from tests.conftest import Cast
from tests.factories import ProjectFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def repository(tmp_path: Path, settings) -> Path:  # type: ignore[no-untyped-def]
    settings.OSU_SCAN_LOCAL_ROOTS = [str(tmp_path)]
    field_survey = demo_repositories("https://code.example.org/un")[0]
    return build_repository(tmp_path, field_survey, now=datetime.now(UTC))


@pytest.fixture
def rita(cast: Cast) -> User:
    """A committee member from WHO: bob is from UNDP, alice's entity, so he may not decide."""
    reviewer = UserFactory(email="rita@who.int")
    role_grant(user=reviewer, role=GrantedRole.REVIEWER, actor=None)
    reviewer.refresh_from_db()
    return reviewer


def test_register_from_a_repository_review_publish_and_rescan(
    live_server, browser: Browser, cast: Cast, rita: User, repository: Path
) -> None:
    alice = signed_in_page(browser, live_server.url, cast.alice)
    alice.goto("/catalog/register/")
    alice.get_by_label("Repository URL to prefill from").fill(repository.as_uri())
    alice.get_by_role("button", name="Prefill from repository").click()
    expect(alice.get_by_label("Name:", exact=True)).to_have_value("Field Survey")
    expect(alice.get_by_text("Prefilled from publiccode.yml").first).to_be_visible()
    assert serious_violations(alice) == []
    alice.get_by_label("Purpose:").fill("Offline-first household surveys for field offices.")
    alice.get_by_role("checkbox", name=re.compile(r"^SDG 2\b")).check()
    alice.get_by_label("Evidence for SDG 2").fill("Food security assessments.")
    alice.get_by_role("button", name="Register project").click()
    expect(alice.get_by_role("heading", level=1, name="Field Survey")).to_be_visible()
    project = Project.objects.get(name="Field Survey")
    assert project.status == "draft"
    assert project.repositories.get().url == repository.as_uri()

    act(alice, "Submit for review", "Ready for the committee.")
    expect(alice.get_by_text("Submitted").first).to_be_visible()

    reviewer = signed_in_page(browser, live_server.url, rita)
    reviewer.goto("/catalog/review/")
    reviewer.get_by_role("link", name="Field Survey").click()
    expect(reviewer.get_by_role("heading", name="Checklist")).to_be_visible()
    assert serious_violations(reviewer) == []
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_label("Comment").fill("Meets the minimum requirements.")
    reviewer.get_by_role("button", name="Submit review").click()
    expect(reviewer.get_by_text("Your review of Field Survey is recorded.")).to_be_visible()
    assert Project.objects.get(pk=project.pk).status == "approved"

    alice.goto(f"/catalog/{project.slug}/")
    act(alice, "Publish in the catalog", "Approved by the committee.")

    public = signed_in_page(browser, live_server.url, None)
    public.goto("/catalog/")
    public.get_by_label("Search").first.fill("household surveys")
    public.get_by_role("button", name="Search").click()
    public.get_by_role("link", name="Field Survey").click()
    scan_panel = public.locator("#scan-results")
    expect(scan_panel.get_by_role("heading", name="Automated scan")).to_be_visible()
    expect(scan_panel.get_by_text("Apache-2.0").first).to_be_visible()
    assert serious_violations(public) == []

    apply_commit(repository, SECOND_SCAN_CHANGE, now=datetime.now(UTC))
    alice.goto(f"/catalog/{project.slug}/")
    alice.get_by_role("button", name="Scan now").click()
    alice.goto(f"/catalog/{project.slug}/")
    alice.get_by_role("link", name="Findings and what changed").click()
    changes = alice.get_by_role("heading", name="What changed since the previous scan")
    expect(changes).to_be_visible()
    # The commit removed the changelog and added a security policy.
    new = alice.locator("h3:has-text('new finding') + ul")
    fixed = alice.locator("h3:has-text('fixed finding') + ul")
    expect(new.get_by_text("docs.changelog.missing")).to_be_visible()
    expect(fixed.get_by_text("security.policy.missing")).to_be_visible()


def test_an_unconfirmed_entry_gets_a_sunset_notice_and_is_archived_by_the_committee(
    live_server, browser: Browser, cast: Cast, rita: User
) -> None:
    long_ago = datetime.now(UTC) - timedelta(days=500)
    project = ProjectFactory(
        name="Old Registry", slug="old-registry", entity=cast.undp, status="published",
        focal_points=[cast.alice], repositories=["https://code.example.org/un/old-registry"],
    )  # fmt: skip
    Project.objects.filter(pk=project.pk).update(status_changed_at=long_ago, confirmed_at=long_ago)

    sunset_sweep()  # what the scheduler runs every day

    public = signed_in_page(browser, live_server.url, None)
    public.goto("/catalog/old-registry/")
    expect(public.get_by_text("Sunset notice").first).to_be_visible()
    expect(public.get_by_text("No focal point has confirmed this entry").first).to_be_visible()

    sunset_sweep(now=datetime.now(UTC) + timedelta(days=settings.OSU_CATALOG_SUNSET_GRACE_DAYS + 1))
    Project.objects.filter(pk=project.pk).update(sunset_deadline=datetime.now(UTC) - timedelta(1))
    reviewer = signed_in_page(browser, live_server.url, rita)
    reviewer.goto("/catalog/review/")
    expect(reviewer.get_by_text("passed: may be archived")).to_be_visible()
    reviewer.get_by_role("link", name="Old Registry").click()
    act(reviewer, "Archive", "Not confirmed within the grace period.")

    public.goto("/catalog/old-registry/")
    expect(public.get_by_text("Archived").first).to_be_visible()
    expect(public.get_by_text("Not confirmed within the grace period.").first).to_be_visible()
    assert Project.objects.get(pk=project.pk).status == "archived"
