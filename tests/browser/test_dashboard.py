"""The public dashboard in Chromium: figures with their data tables, a filter, the CSV behind a
chart, and no serious accessibility violation."""

import csv
import io
from collections import Counter
from pathlib import Path

import pytest
from playwright.sync_api import Browser, expect

from osunited.catalog.models import Project
from osunited.catalog.workflow import PUBLIC_STATUSES
from osunited.dashboard.services import snapshot_backfill, snapshot_take
from tests.browser.accessibility import serious_violations
from tests.browser.test_catalog import signed_in_page
from tests.conftest import Cast
from tests.dashboard.test_snapshots import PUBLISHED, project

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_public_dashboard_filters_and_gives_the_csv_behind_a_chart(
    live_server, browser: Browser, cast: Cast
) -> None:
    project(cast, "published", history=PUBLISHED, licenses="MIT")
    project(cast, "published", history=PUBLISHED, licenses="EUPL-1.2", entity=cast.who)
    snapshot_backfill(days=30)
    snapshot_take()
    page = signed_in_page(browser, live_server.url, None)
    page.goto("/dashboard/")
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring dashboard: All entities")
    licenses = page.locator("#chart-projects_by_license")
    licenses.get_by_text("Data table").click()
    expect(licenses.get_by_role("row", name="MIT 1")).to_be_visible()
    assert serious_violations(page) == []

    page.get_by_label("Entity:", exact=True).select_option("who")
    page.get_by_role("button", name="Show").click()
    expect(page.get_by_role("heading", level=1)).to_have_text("Monitoring dashboard: WHO")
    licenses = page.locator("#chart-projects_by_license")
    with page.expect_download() as download:
        licenses.get_by_role("link", name="CSV Projects by license", exact=True).click()
    rows = list(csv.reader(io.StringIO(Path(download.value.path()).read_text())))
    in_database = Counter(
        Project.objects.filter(entity=cast.who, status__in=PUBLIC_STATUSES).values_list(
            "licenses", flat=True)
    )  # fmt: skip
    assert rows[0] == ["key", "projects_by_license"]
    assert {key: int(count) for key, count in rows[1:]} == dict(in_database)
    assert serious_violations(page) == []


def test_the_entity_dashboard_and_the_ossib_view_in_chromium(
    live_server, browser: Browser, cast: Cast
) -> None:
    project(cast, "published", history=PUBLISHED, licenses="MIT")
    project(cast, "published", history=PUBLISHED, licenses="MIT", entity=cast.who)
    project(cast, "published", history=PUBLISHED, licenses="MIT", entity=cast.who)
    snapshot_take()
    visitor = signed_in_page(browser, live_server.url, None)
    visitor.goto("/entities/unicef/")
    visitor.get_by_role("link", name="Dashboard of UNICEF").click()
    expect(visitor.get_by_role("heading", level=1)).to_have_text("Monitoring dashboard: UNICEF")
    assert serious_violations(visitor) == []

    board = signed_in_page(browser, live_server.url, cast.grace)
    board.goto("/dashboard/")
    board.get_by_role("link", name="Entities side by side (OSSIB view)").click()
    board.get_by_role("link", name="Public projects").click()
    first = board.locator("tbody tr").first
    expect(first.get_by_role("rowheader")).to_have_text("WHO")
    expect(first.get_by_role("cell").nth(1)).to_have_text("2")
    assert serious_violations(board) == []
