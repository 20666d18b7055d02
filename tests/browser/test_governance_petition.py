"""The issue's bar (#20): an entity files a petition in the browser, the secretariat puts it to
the vote, three board members vote in their own browsers, the secretariat closes it with reasons,
the decision is published with its votes and the entity appears as a member; axe on every page
of the Board's petitions and decisions, and the petition page fits a phone."""

from __future__ import annotations

import pytest
from django.urls import reverse
from playwright.sync_api import Browser, Page

from osunited.accounts.models import GrantedRole
from osunited.accounts.services import role_grant
from osunited.entities.models import OssibStatus
from osunited.governance.models import Petition
from tests.browser.accessibility import serious_violations
from tests.browser.pages import phone_page, signed_in_page
from tests.factories import EntityFactory, UserFactory

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def _board_member(acronym: str, domain: str):  # type: ignore[no-untyped-def]
    representative = UserFactory(email=f"representative@{domain}", totp=True)
    EntityFactory(
        acronym=acronym,
        slug=acronym.lower(),
        ossib_status=OssibStatus.MEMBER,
        ossib_representative=representative,
    )
    return representative


def _checked(page: Page) -> Page:
    assert serious_violations(page) == [], page.url
    return page


def _file_the_petition(browser: Browser, base_url: str, erin) -> str:  # type: ignore[no-untyped-def]
    page = signed_in_page(browser, base_url, erin)
    page.goto("/entities/unicef/")
    page.get_by_role("link", name="File a petition for UNICEF to join the Board").click()
    _checked(page)
    assert page.get_by_label("Open source liaison's e-mail (G1)").input_value() == (
        "alice@unicef.org"
    )
    page.get_by_label("Governance structure (G2)").fill("An OSPO of three in the CIO's office.")
    page.get_by_label("Title").first.fill("UNICEF open source policy")
    page.get_by_label("Link").first.fill("https://example.org/unicef-policy")
    page.get_by_role("button", name="File the petition").click()
    page.get_by_text("Petition filed").wait_for()
    _checked(page)
    url = page.url
    page.context.close()
    return url


def test_a_petition_is_filed_voted_and_the_entity_joins(live_server, browser: Browser, cast):
    cast.unicef.liaison = cast.alice
    cast.unicef.save(update_fields=["liaison"])
    role_grant(user=cast.frank, role=GrantedRole.BOARD_SECRETARIAT, actor=None)
    voters = [cast.grace, _board_member("ITU", "itu.int"), _board_member("FAO", "fao.org")]
    petition_url = _file_the_petition(browser, live_server.url, cast.erin)

    secretariat = signed_in_page(browser, live_server.url, cast.frank)
    secretariat.goto(petition_url)
    secretariat.get_by_role("button", name="Put the petition to the Board's vote").click()
    secretariat.get_by_text("The petition is put to the Board's vote.").wait_for()
    _checked(secretariat)

    for voter in voters:
        page = signed_in_page(browser, live_server.url, voter)
        page.goto(petition_url)
        page.get_by_label("For", exact=True).check()
        page.get_by_role("button", name="Cast your vote").click()
        page.get_by_text("Your vote is recorded").wait_for()
        _checked(page)
        page.context.close()

    secretariat.reload()
    secretariat.get_by_label("Reasons for the decision (published)").fill("G1 to G3 are met.")
    secretariat.get_by_role("button", name="Close the vote and publish the decision").click()
    secretariat.get_by_text("The vote is closed and the decision published.").wait_for()
    secretariat.context.close()

    public = signed_in_page(browser, live_server.url, None)
    decision = Petition.objects.get().decision
    public.goto(reverse("governance:decisions_detail", args=[decision.pk]))
    _checked(public)
    assert public.locator("#decision dd strong").inner_text() == "Accepted"
    votes = public.get_by_role("table", name="Votes by seat").locator("tbody tr")
    assert votes.count() == 3
    assert [votes.nth(row).locator("td").first.inner_text() for row in range(3)] == ["For"] * 3
    assert "G1 to G3 are met." in public.content()
    for path in ("governance:decisions_list", "governance:petitions_list"):
        public.goto(reverse(path))
        _checked(public)
    public.goto(reverse("entities:ossib"))
    _checked(public)
    unicef = public.get_by_role("row").filter(has_text="UNICEF")
    assert "Member" in unicef.inner_text()
    assert "Alice" in unicef.inner_text()
    public.context.close()


def test_the_petition_page_fits_a_phone_and_the_settings_pass_axe(
    live_server, browser: Browser, cast
):
    cast.unicef.liaison = cast.alice
    cast.unicef.save(update_fields=["liaison"])
    petition_url = _file_the_petition(browser, live_server.url, cast.erin)
    phone = phone_page(browser, live_server.url)
    phone.goto(petition_url)
    assert phone.evaluate("document.documentElement.scrollWidth") <= 390
    _checked(phone)
    phone.context.close()
    admin = signed_in_page(browser, live_server.url, cast.heidi)
    admin.goto(reverse("governance:board_settings"))
    _checked(admin)
    admin.context.close()
