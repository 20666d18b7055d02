"""/api/docs in Chromium (#21): the interactive API documentation works under the site's strict
Content-Security-Policy (scripts and styles from the site only, no inline script): it lists the
operations, and the browser reports no violation of the policy."""

from __future__ import annotations

import pytest
from playwright.sync_api import Browser, expect

from tests.browser.accessibility import serious_violations
from tests.browser.pages import signed_in_page

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]

# Each violation the browser reports, kept by the page itself: an init script is not subject to
# the page's policy, and Chromium fires this event for every refused script, style or address.
RECORD_VIOLATIONS = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", (event) => {
  window.__cspViolations.push(`${event.violatedDirective} ${event.blockedURI}`);
});
"""


def test_the_api_docs_list_the_operations_under_the_csp(live_server, browser: Browser) -> None:
    page = signed_in_page(browser, live_server.url, None)
    page.add_init_script(RECORD_VIOLATIONS)
    console_errors: list[str] = []
    page.on("console", lambda m: console_errors.append(m.text) if m.type == "error" else None)

    response = page.goto("/api/docs")

    assert response is not None
    policy = response.headers["content-security-policy"]
    assert "script-src 'self'" in policy
    assert "'unsafe-inline'" not in policy
    expect(page.get_by_role("heading", level=1, name="REST API")).to_be_visible()
    operations = page.locator("#swagger-ui .opblock")
    expect(operations.first).to_be_visible()
    assert operations.count() >= 10
    expect(
        page.locator(".opblock-summary-path", has_text="/api/projects/{slug}").first
    ).to_be_visible()

    operations.first.locator(".opblock-summary").click()  # an operation opens in place
    expect(page.locator("#swagger-ui .opblock-body").first).to_be_visible()

    assert page.evaluate("window.__cspViolations") == []
    assert [e for e in console_errors if "Content Security Policy" in e] == []
    assert serious_violations(page) == []
