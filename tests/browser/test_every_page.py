"""Every page of the platform (issue #21), in Arabic and English, on a desktop (1280 px) and a
phone (390 px): no horizontal overflow, no serious or critical axe-core violation, the page's
direction on every form control, table and caption, and URLs, versions, license identifiers and
e-mail addresses kept left to right in Arabic. The pages come from the URL resolver
(tests/browser/every_page.py), filled from the demo's data, loaded once for the module."""

from __future__ import annotations

from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.test import Client
from django.test.utils import override_settings
from django.urls import reverse
from django.utils import timezone
from playwright.sync_api import Browser, BrowserContext, Locator
from playwright.sync_api import Page as Tab
from pytest_django.live_server_helper import LiveServer

from osunited.accounts.models import GrantedRole, User
from osunited.accounts.services import role_grant, two_factor_exception_grant
from osunited.demo.services import demo_load, demo_user
from osunited.entities.models import Entity
from osunited.forges.services import forge_save, namespace_set
from tests.browser import every_page
from tests.browser.every_page import Page, platform_pages, viewer_email

pytestmark = pytest.mark.browser

LANGUAGES = ("ar", "en")
DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 390, "height": 844}
AXE = Path(__import__("axe_playwright_python").__file__).parent / "axe.min.js"
MEASURE = (Path(__file__).parent / "every_page.js").read_text()


class Site:
    """The live server on the demo's data, and one browser tab per language and viewer."""

    def __init__(self, browser: Browser, url: str) -> None:
        self.browser, self.url = browser, url
        self.contexts: dict[tuple[str, str | None], BrowserContext] = {}
        self.tabs: dict[tuple[str, str | None], Tab] = {}

    def tab(self, language: str, email: str | None) -> Tab:
        key = (language, email)
        if key not in self.tabs:
            context = self.browser.new_context(base_url=self.url, locale=language, viewport=DESKTOP)
            cookies = [{"name": settings.LANGUAGE_COOKIE_NAME, "value": language}]
            if email is not None:
                client = Client()
                client.force_login(User.objects.get(email=email))
                session = client.cookies[settings.SESSION_COOKIE_NAME]
                cookies.append({"name": session.key, "value": session.value})
            context.add_cookies([{**cookie, "url": self.url} for cookie in cookies])
            context.add_init_script(path=AXE)
            self.contexts[key], self.tabs[key] = context, context.new_page()
            self.tabs[key].set_default_timeout(30_000)
        return self.tabs[key]

    def close(self) -> None:
        for context in self.contexts.values():
            context.close()


def what_the_demo_lacks() -> None:
    """A forge with a namespace, a representative of an entity that may petition the Board, an
    account with an authenticator app and one without a password: pages the demo never shows."""
    admin = User.objects.get(email=every_page.ADMIN)
    forge = forge_save(
        actor=admin,
        name="UN GitLab",
        kind="gitlab",
        base_url="https://gitlab.example.org",
        token="glpat-secret-token-1234",
        hosting_team=["hosting-team"],
    )
    namespace_set(actor=admin, entity=Entity.objects.get(slug="unicef"), forge=forge, path="ospo")
    unep = demo_user(every_page.PETITIONER)
    role_grant(
        user=unep,
        role=GrantedRole.ENTITY_REPRESENTATIVE,
        entity=Entity.objects.get(slug="unep"),
        actor=None,
    )
    two_factor_exception_grant(
        user=unep,
        reason="Every page test.",
        expires_at=timezone.now() + timedelta(days=1),
        actor=None,
    )
    from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
    from allauth.mfa.totp.internal.auth import TOTP

    with_totp = User.objects.get(email=every_page.CONTRIBUTOR)
    TOTP.activate(with_totp, "JBSWY3DPEHPK3PXP")
    RecoveryCodes.activate(with_totp)
    User.objects.create_user(every_page.WITHOUT_PASSWORD, None)


def database_as_migrated() -> None:
    """What the migrations put in (the audit log's triggers, the first policy documents), which
    the database holds before the module's first page, whatever ran before in this process."""
    from tests.conftest import put_back_what_migrations_put

    put_back_what_migrations_put(sender=None)


def database_emptied() -> None:
    """As migrated again, for the next module (tests/test_database's flush)."""
    from django.core.management import call_command

    call_command("flush", verbosity=0, interactive=False)


@pytest.fixture(scope="module")
def site(
    browser: Browser,
    django_db_setup: None,
    django_db_blocker: Any,
    tmp_path_factory: pytest.TempPathFactory,
) -> Iterator[Site]:
    """The demo, loaded once for every page of the module and committed, so that the live
    server sees it; the database is emptied after the last page."""
    folder = tmp_path_factory.mktemp("every-page")
    module_settings = override_settings(
        VAR_DIR=folder,
        OSU_SCAN_LOCAL_ROOTS=[str(folder / "demo-repos")],
        MEDIA_ROOT=folder / "media",
        # The pages behind a fresh sign-in (authenticator app) stay open for the whole module.
        ACCOUNT_REAUTHENTICATION_TIMEOUT=3600,
    )
    with django_db_blocker.unblock(), module_settings:
        database_as_migrated()
        demo_load()
        what_the_demo_lacks()
        server = LiveServer("localhost")
        server._live_server_modified_settings.enable()
        demo_site = Site(browser, server.url)
        try:
            yield demo_site
        finally:
            demo_site.close()
            server._live_server_modified_settings.disable()
            server.stop()
            database_emptied()


@pytest.fixture
def db(django_db_setup: None, django_db_blocker: Any) -> Iterator[None]:
    """The test database, open for the live server, without the transaction that pytest-django's
    own `db` wraps a test in: the module's data is committed once and stays for every page. (A
    test naming a `db` fixture is also what makes pytest-django create the test database.)"""
    with django_db_blocker.unblock():
        yield


def page_url(page: Page) -> str:
    if page.route.startswith("/"):
        return page.route
    fill = every_page.FILL.get(page.name)
    if page.parameters and fill is None:
        pytest.fail(
            f"The URL pattern {page.route!r} ({page.name}) has parameters {page.parameters} and "
            "no way to fill them: add a line to FILL in tests/browser/every_page.py, or to "
            "NOT_PAGES if it answers no page.",
            pytrace=False,
        )
    url = reverse(page.name, kwargs=fill() if fill else None)
    query = every_page.QUERY.get(page.name)
    return f"{url}?{query()}" if query else url


# axe-core, as fast as the matrix needs: the rows of a long table or list past the 15th repeat
# the first ones' markup; at the second width only the rules that read the layout can differ (the
# DOM is the same, resized); the colour contrasts, by far the slowest rule, are measured once per
# page, in Arabic on the phone.
REPEATED = [("tbody", "tr"), ("ul", "li"), ("ol", "li")]
REPEATS = {"exclude": [f"{parent} > {child}:nth-child(n+16)" for parent, child in REPEATED]}
EVERY_RULE: dict[str, Any] = {}
NO_CONTRAST = {"rules": {"color-contrast": {"enabled": False}}}
LAYOUT_RULES = {"runOnly": ["scrollable-region-focusable", "target-size"]}
AXE_RUN = """async ([context, options]) => {
    const found = await axe.run(context, {...options, resultTypes: ["violations"]});
    return found.violations
        .filter(v => v.impact === "serious" || v.impact === "critical")
        .map(v => `axe ${v.id}: ${v.help} (${v.nodes.slice(0, 3).map(n => n.target)})`);
}"""


def measured(tab: Tab, language: str, rules: dict[str, Any]) -> list[str]:
    """What is wrong on the page at the tab's present width."""
    problems: list[str] = tab.evaluate(MEASURE, {"rtl": language == "ar"})
    return problems + tab.evaluate(AXE_RUN, [REPEATS, rules])


@pytest.mark.parametrize("page", platform_pages(), ids=lambda page: page.name)
def test_every_page_fits_both_widths_and_reads_in_both_directions(
    site: Site, db: None, page: Page
) -> None:
    url = page_url(page)
    problems = []
    for language in LANGUAGES:
        tab = site.tab(language, viewer_email(page))
        tab.set_viewport_size(PHONE)
        response = tab.goto(url)
        assert response is not None
        if response.status != page.status:
            pytest.fail(f"{url} in {language} answered {response.status}", pytrace=False)
        phone_rules = EVERY_RULE if language == "ar" else NO_CONTRAST
        problems += [f"{language}, 390 px: {p}" for p in measured(tab, language, phone_rules)]
        tab.set_viewport_size(DESKTOP)
        problems += [f"{language}, 1280 px: {p}" for p in measured(tab, language, LAYOUT_RULES)]
    assert not problems, f"{url} as {viewer_email(page) or 'a visitor'}:\n" + "\n".join(problems)


def middles(*locators: Locator) -> list[float]:
    """The horizontal middle of each element, from the left of the window."""
    boxes = [locator.first.bounding_box() for locator in locators]
    return [box["x"] + box["width"] / 2 for box in boxes if box is not None]


@pytest.mark.parametrize("language", LANGUAGES)
def test_a_chart_and_its_table_mirror_right_to_left(site: Site, db: None, language: str) -> None:
    tab = site.tab(language, None)
    tab.set_viewport_size(DESKTOP)
    tab.goto(reverse("dashboard:public"))
    chart = tab.locator("#chart-projects_by_language")  # Python in 2 projects, JavaScript in 1
    chart.locator("details").first.evaluate("details => details.open = true")
    bar = chart.locator(".chart-bar").nth(1).bounding_box()
    fill = chart.locator(".chart-fill").nth(1).bounding_box()
    assert bar is not None
    assert fill is not None
    row = chart.locator("tbody tr").first
    # Reading order: the label (the axis), its bar, its figure; in the table the key, its value.
    in_order = middles(
        *(chart.locator(part) for part in (".chart-label", ".chart-bar", ".chart-value"))
    )
    cells = middles(row.locator("th"), row.locator("td"))

    rtl = language == "ar"
    assert in_order == sorted(in_order, reverse=rtl)
    assert cells == sorted(cells, reverse=rtl)
    # A bar grows from the inline start: from the left in English, from the right in Arabic.
    assert fill["width"] == pytest.approx(bar["width"] / 2, abs=1)
    if rtl:
        assert fill["x"] + fill["width"] == pytest.approx(bar["x"] + bar["width"], abs=1)
    else:
        assert fill["x"] == pytest.approx(bar["x"], abs=1)
    # A license identifier keeps its left-to-right order in either direction: isolated.
    licenses = tab.locator("#chart-projects_by_license")
    license_id = licenses.locator(".chart-label bdi").first.inner_text()
    assert license_id == licenses.locator("tbody th bdi").first.text_content()
    assert license_id in {"Apache-2.0", "GPL-3.0-only", "MIT"}
