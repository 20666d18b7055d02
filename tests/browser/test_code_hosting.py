"""Code hosting in Chromium, as a newcomer goes through it: the platform admin configures a
GitLab (a fake one on 127.0.0.1) and UNICEF's group, a reviewer approves an uploaded project, its
page shows the private repository provisioned, the committee's release makes it public, and a
provisioning refused by the forge shows why, with a retry that works."""

from __future__ import annotations

import io
import tarfile
from collections.abc import Iterator
from datetime import timedelta

import pytest
from django.core.files.base import ContentFile
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from osunited.catalog.models import Project, Scan, ScanStatus, ScanTrigger
from osunited.catalog.services import project_review_submit
from osunited.catalog.services.transitions import project_transition
from osunited.forges.models import Forge
from tests.browser.accessibility import serious_violations
from tests.browser.pages import act, signed_in_page
from tests.conftest import Cast
from tests.factories import ProjectFactory, ProjectSdgFactory
from tests.forges.fake_gitlab import FakeGitLab

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


@pytest.fixture
def gitlab() -> Iterator[FakeGitLab]:
    with FakeGitLab() as server:
        server.add_group("unicef/ospo")
        server.add_user("alice")  # she signed in to the forge once
        yield server
    assert not server.crashes


def uploaded_project(cast: Cast, name: str) -> Project:
    """An internal project in review whose uploaded source was scanned: ready to be approved."""
    archive = io.BytesIO()
    with tarfile.open(fileobj=archive, mode="w:gz") as tar:
        content = b"# Field Survey\n"
        info = tarfile.TarInfo("survey/README.md")
        info.size = len(content)
        tar.addfile(info, io.BytesIO(content))
    project = ProjectFactory(
        name=name,
        entity=cast.unicef,
        hosting="internal",
        status="in_review",
        focal_points=[cast.alice],
    )
    project.source_archive.save("survey.tar.gz", ContentFile(archive.getvalue()))
    ProjectSdgFactory(project=project, goal=3)
    now = timezone.now()
    Scan.objects.create(
        project=project,
        trigger=ScanTrigger.SUBMISSION,
        status=ScanStatus.SUCCEEDED,
        started_at=now,
        finished_at=now,
    )
    return project


def configure_the_forge(admin: Page, gitlab: FakeGitLab) -> None:
    admin.goto("/")
    admin.get_by_role("link", name="Code hosting").click()
    admin.get_by_role("link", name="Add a forge").click()
    admin.get_by_label("Name").fill("UN GitLab")
    admin.get_by_label("Kind").select_option("gitlab")
    admin.get_by_label("API address").fill(gitlab.url)
    admin.get_by_label("Access token").fill(gitlab.token)
    admin.get_by_label("Hosting team").fill("hosting-team")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("The forge UN GitLab was saved.")).to_be_visible()
    admin.get_by_role("link", name="Set the namespace of UNICEF").click()
    admin.get_by_label("Forge").select_option(label="UN GitLab")
    admin.get_by_label("Group or organisation").fill("unicef/ospo")
    admin.get_by_role("button", name="Save").click()
    expect(admin.get_by_text("will be created in UN GitLab: unicef/ospo")).to_be_visible()
    admin.get_by_role("button", name="Check connection").click()
    expect(admin.get_by_text("the token acts as osu-bot, who may manage it")).to_be_visible()
    assert gitlab.token not in admin.content()
    assert serious_violations(admin) == []


def test_an_approved_upload_gets_its_repository_released_archived_and_retried(
    live_server, browser: Browser, cast: Cast, gitlab: FakeGitLab
) -> None:
    configure_the_forge(signed_in_page(browser, live_server.url, cast.heidi), gitlab)
    assert Forge.objects.get().namespaces.get().entity == cast.unicef
    project = uploaded_project(cast, "Field Survey")

    reviewer = signed_in_page(browser, live_server.url, cast.bob)
    reviewer.goto("/catalog/review/")
    reviewer.get_by_role("link", name="Field Survey").click()
    reviewer.get_by_label("Approve").check()
    reviewer.get_by_label("Comment").fill("Meets the minimum requirements.")
    reviewer.get_by_role("button", name="Submit review").click()
    expect(reviewer.get_by_text("Your review of Field Survey is recorded.")).to_be_visible()

    alice = signed_in_page(browser, live_server.url, cast.alice)
    alice.goto(f"/catalog/{project.slug}/")
    hosting = alice.locator("#project-hosting")
    expect(hosting.get_by_text("Provisioned", exact=True)).to_be_visible()
    remote = gitlab.project_by_path(f"unicef/ospo/{project.slug}")
    assert remote is not None
    assert remote["visibility"] == "private"
    expect(hosting.get_by_role("link", name=remote["web_url"])).to_be_visible()

    assert alice.get_by_role("button", name="Publish in the catalog").count() == 0  # CPF 4.4.8
    expect(alice.get_by_text("the Project Review Committee decides its release")).to_be_visible()
    reviewer.goto(f"/catalog/{project.slug}/")
    act(reviewer, "Publish in the catalog", "The committee approves its release.")
    assert gitlab.project_by_path(f"unicef/ospo/{project.slug}")["visibility"] == "public"
    public = signed_in_page(browser, live_server.url, None)
    public.set_viewport_size({"width": 390, "height": 844})
    public.goto(f"/catalog/{project.slug}/")
    expect(public.get_by_role("link", name=remote["web_url"])).to_be_visible()
    assert public.evaluate("document.documentElement.scrollWidth") <= 390

    # Seen: the audit table made the page 534 px wide on a phone (its cells' hidden texts).
    admin = signed_in_page(browser, live_server.url, cast.heidi)
    admin.set_viewport_size({"width": 390, "height": 844})
    admin.goto(f"/hosting/namespaces/{Forge.objects.get().namespaces.get().pk}/audits/")
    admin.get_by_role("button", name="Audit now").click()
    expect(admin.get_by_text("The namespace was audited.")).to_be_visible()
    assert admin.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(admin) == []

    project_transition(
        project=project, action="give_sunset_notice", user=cast.bob, comment="No activity."
    )
    Project.objects.filter(pk=project.pk).update(sunset_deadline=timezone.now() - timedelta(days=1))
    reviewer.goto(f"/catalog/{project.slug}/")
    act(reviewer, "Archive", "Sunset: nobody maintains it any more.")
    expect(reviewer.get_by_text("Archived").first).to_be_visible()
    assert gitlab.project_by_path(f"unicef/ospo/{project.slug}")["archived"] is True

    second = uploaded_project(cast, "Clinic Registry")
    gitlab.fail_next(status=403)  # the forge refuses the first call of its provisioning
    project_review_submit(
        project=second, reviewer=cast.bob, decision="approve", checklist={}, comment="Fine."
    )
    alice.set_viewport_size({"width": 390, "height": 844})
    alice.goto(f"/catalog/{second.slug}/")
    hosting = alice.locator("#project-hosting")
    expect(hosting.get_by_text("Provisioning failed")).to_be_visible()
    expect(hosting.get_by_text("403")).to_be_visible()
    assert alice.evaluate("document.documentElement.scrollWidth") <= 390
    assert serious_violations(alice) == []
    hosting.get_by_role("button", name="Retry").click()
    expect(alice.locator("#project-hosting").get_by_text("Provisioned", exact=True)).to_be_visible()
    assert gitlab.project_by_path(f"unicef/ospo/{second.slug}") is not None
