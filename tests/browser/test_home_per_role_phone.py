"""A person holding every role finds their work on the home page and in the navigation, and their
notifications, on a 390 px phone in Arabic and English: no horizontal overflow, axe clean (#21)."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, Page, expect

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant
from osunited.assessments.services import assessment_start
from osunited.catalog.models import ProjectEvent
from osunited.governance.models import Decision, MotionKind, Petition
from osunited.notifications import kinds
from osunited.notifications.services import notify
from tests.browser.accessibility import serious_violations
from tests.browser.pages import PHONE, signed_in_page
from tests.conftest import Cast
from tests.factories import FeedbackFactory, ProjectFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _everyone_at_once(cast: Cast) -> User:
    """grace: WHO's OSSIB seat, and a reviewer, UNICEF's representative and a focal point."""
    grace = cast.grace
    role_grant(user=grace, role=GrantedRole.REVIEWER, actor=None)
    role_grant(user=grace, role=GrantedRole.ENTITY_REPRESENTATIVE, entity=cast.unicef, actor=None)
    mine = ProjectFactory(
        name="Vaccine supply chain dashboard with a long name",
        entity=cast.unicef,
        status="changes_requested",
        focal_points=[grace],
    )
    FeedbackFactory(project=mine, published=True)
    waiting = ProjectFactory(name="Cold chain", entity=cast.undp, status="submitted")
    submitted = ProjectEvent.objects.create(
        project=waiting, action="submit", from_status="draft", to_status="submitted", comment="."
    )
    ProjectEvent.objects.filter(pk=submitted.pk).update(
        created_at=timezone.now() - timedelta(days=4)
    )
    assessment_start(entity=cast.unicef, framework_id="cpf-rc1", user=grace)
    Petition.objects.create(entity=cast.undp, governance_structure="An OSPO.")
    Decision.objects.create(
        kind=MotionKind.OTHER,
        title="Admit UNDP",
        motion="That.",
        quorum_percent=50,
        majority_percent=50,
        closes_at=timezone.now() + timedelta(days=3),
    )
    notify(
        users=[grace],
        kind=kinds.PROJECT_STATUS,
        url=reverse("catalog:detail", kwargs={"slug": mine.slug}),
        params={"project": mine.name, "status": "changes_requested"},
    )
    return User.objects.get(pk=grace.pk)


def _in(language: str, browser: Browser, url: str, user: User) -> Page:
    page = signed_in_page(browser, url, user, viewport=PHONE)
    cookie = {"name": settings.LANGUAGE_COOKIE_NAME, "value": language, "url": url}
    page.context.add_cookies([cookie])
    return page


def _fits_and_passes_axe(page: Page) -> None:
    assert page.evaluate("document.documentElement.scrollWidth") <= PHONE["width"]
    assert serious_violations(page) == []


def test_every_role_finds_its_work_on_a_phone_in_arabic_and_english(
    live_server, browser: Browser, cast: Cast
) -> None:
    grace = _everyone_at_once(cast)
    for language in ("ar", "en"):
        page = _in(language, browser, live_server.url, grace)
        page.goto(reverse("home"))
        expect(page.locator("html")).to_have_attribute("lang", language)
        for heading in ("reviewer", "focal-point", "representative", "board", "overview"):
            expect(page.locator(f"#{heading}-heading")).to_be_visible()
        _fits_and_passes_axe(page)
        page.goto(reverse("notifications:list"))
        _fits_and_passes_axe(page)
        page.context.close()


def test_a_notification_opened_from_the_navigation_leads_to_its_page(
    live_server, browser: Browser, cast: Cast
) -> None:
    grace = _everyone_at_once(cast)
    page = _in("en", browser, live_server.url, grace)
    page.goto(reverse("home"))
    account = page.get_by_role("navigation", name="Account")
    expect(account.get_by_role("link", name="Review queue (1 item waiting)")).to_be_visible()
    account.get_by_role("link", name="Notifications (1 item waiting)").click()
    page.get_by_role("link", name="is now “Changes requested”").click()
    expect(page).to_have_url(
        live_server.url
        + reverse(
            "catalog:detail", kwargs={"slug": "vaccine-supply-chain-dashboard-with-a-long-name"}
        )
    )
    expect(account.get_by_role("link", name="Notifications", exact=True)).to_be_visible()
    page.context.close()
