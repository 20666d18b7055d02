"""A newcomer in Chromium: signs up accepting the CLA, confirms the address, signs in, turns on
TOTP; axe-core finds no serious or critical violation on the public entry pages."""

import re

import pyotp
import pytest
from allauth.mfa.models import Authenticator
from django.core import mail
from playwright.sync_api import Page, expect

from osunited.accounts.models import PolicyAcceptance, User
from tests.browser.accessibility import serious_violations

pytestmark = pytest.mark.browser
PASSWORD = "a-long-and-unusual-passphrase"


@pytest.mark.parametrize("path", ["/", "/accounts/signup/", "/accounts/login/"])
def test_public_entry_pages_have_no_serious_accessibility_violations(
    live_server, page: Page, path: str
) -> None:
    page.goto(live_server.url + path)
    expect(page.locator("main h1")).to_be_visible()
    assert serious_violations(page) == []


def sign_up(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/signup/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Display name").fill("Newcomer")
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_label("Password (again):", exact=True).fill(PASSWORD)
    for checkbox in page.get_by_role("checkbox").all():
        checkbox.check()
    page.get_by_role("button", name="Sign Up").click()


def confirm_address(page: Page) -> None:
    link = re.search(r"https?://\S+/accounts/confirm-email/\S+/", mail.outbox[-1].body)
    assert link is not None, mail.outbox[-1].body
    page.goto(link.group(0))
    page.get_by_role("button", name="Confirm").click()


def sign_in(page: Page, base_url: str, email: str) -> None:
    page.goto(base_url + "/accounts/login/")
    page.get_by_label("Email").fill(email)
    page.get_by_label("Password:", exact=True).fill(PASSWORD)
    page.get_by_role("button", name="Sign In").click()


def test_a_newcomer_signs_up_with_the_cla_signs_in_and_turns_on_totp(
    live_server, page: Page
) -> None:
    email = "newcomer@example.org"
    sign_up(page, live_server.url, email)
    expect(page.get_by_role("heading", name="Verify Your Email Address")).to_be_visible()
    user = User.objects.get(email=email)
    acceptances = PolicyAcceptance.objects.filter(user=user)
    accepted = set(acceptances.values_list("document__kind", flat=True))
    assert accepted == {"terms", "use_policy", "cla"}

    confirm_address(page)
    expect(page.get_by_text(f"You have confirmed {email}.")).to_be_visible()
    page.locator("header").get_by_role("button", name="Sign out").click()
    expect(page.locator("header").get_by_role("link", name="Sign in")).to_be_visible()
    sign_in(page, live_server.url, email)
    expect(page.locator("header").get_by_role("link", name="My account")).to_be_visible()

    page.goto(live_server.url + "/accounts/2fa/totp/activate/")
    expect(page.get_by_role("heading", name="Confirm Access")).to_be_visible()
    page.get_by_label("Password:", exact=True).fill(PASSWORD)  # allauth asks again before 2FA
    page.get_by_role("button", name="Confirm").click()
    secret = page.locator("#authenticator_secret").input_value()
    page.get_by_label("Authenticator code").fill(pyotp.TOTP(secret).now())
    page.get_by_role("button", name="Activate").click()
    expect(page.get_by_role("heading", name="Recovery Codes")).to_be_visible()
    assert Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists()
    assert user.staff_source == ""  # an example.org address is an external contributor
