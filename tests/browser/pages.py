"""What the browser tests do on a page: open it signed in as someone, make a workflow
transition from a project page's actions."""

from django.conf import settings
from django.test import Client
from playwright.sync_api import Browser, Page

from osunited.accounts.models import User

PHONE = {"width": 390, "height": 844}


def signed_in_page(
    browser: Browser,
    base_url: str,
    user: User | None,
    *,
    viewport: dict[str, int] | None = None,
    javascript: bool = True,
    locale: str = "en-GB",
) -> Page:
    """A new page, signed in as `user` (None: anonymous) with a session made by Django, in a
    browser whose language is `locale` (it sends it as Accept-Language)."""
    # Playwright reads viewport=None as "no fixed viewport": leave it out for the default size.
    sized = {"viewport": viewport} if viewport else {}
    context = browser.new_context(
        locale=locale, base_url=base_url, java_script_enabled=javascript, **sized
    )
    if user is not None:
        client = Client()
        client.force_login(user)
        cookie = client.cookies[settings.SESSION_COOKIE_NAME]
        context.add_cookies([{"name": cookie.key, "value": cookie.value, "url": base_url}])
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def phone_page(
    browser: Browser, base_url: str, user: User | None = None, *, javascript: bool = True
) -> Page:
    """`signed_in_page` on a 390 px wide phone."""
    return signed_in_page(browser, base_url, user, viewport=PHONE, javascript=javascript)


def act(page: Page, action: str, comment: str) -> None:
    """Make a workflow transition from the project page's actions."""
    page.get_by_label(f"Comment for “{action}”").fill(comment)
    page.get_by_role("button", name=action, exact=True).click()
