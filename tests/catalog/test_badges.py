"""/catalog/<slug>/badge/<kind>.svg: a project's health, license and stage as an SVG badge that
its repository embeds, with the Markdown to copy on the project's page; and its stored logo."""

from __future__ import annotations

import pytest
from defusedxml import ElementTree

from osunited.catalog.badges import ADVANCE, Badge, badge_svg, shortened, text_width
from osunited.catalog.models import Project, ScanHealth, ScanShowcase
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory, scans_succeeded

pytestmark = pytest.mark.django_db

SVG = "{http://www.w3.org/2000/svg}"


@pytest.fixture
def tracker(cast: Cast) -> Project:
    return ProjectFactory(
        name="Supply Tracker", slug="supply-tracker", status="published", entity=cast.unicef,
        licenses="MIT", scan_health=ScanHealth.NEEDS_ATTENTION, development_status="beta",
    )  # fmt: skip


@pytest.mark.parametrize(
    ("kind", "title"),
    [("health", "health: Needs attention"), ("license", "license: MIT"), ("stage", "stage: Beta")],
)
def test_each_badge_is_an_accessible_svg_image(tracker: Project, kind: str, title: str) -> None:
    response = client_for(None).get(f"/catalog/supply-tracker/badge/{kind}.svg")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml; charset=utf-8"
    assert response["Cache-Control"] == "public, max-age=300"
    svg = ElementTree.fromstring(response.content)
    assert svg.get("role") == "img"
    assert svg.get("aria-label") == title
    assert svg.find(f"{SVG}title").text == title
    assert [t.text for t in svg.iter(f"{SVG}text")] == title.split(": ")


def test_an_unscanned_project_says_so_and_an_archived_one_is_archived(cast: Cast) -> None:
    ProjectFactory(name="Old", slug="old", status="archived", entity=cast.unicef, licenses="")
    client = client_for(cast.heidi)
    assert b"Not scanned yet" in client.get("/catalog/old/badge/health.svg").content
    assert b"not declared" in client.get("/catalog/old/badge/license.svg").content
    assert b"Archived" in client.get("/catalog/old/badge/stage.svg").content


def test_text_is_escaped_and_shortened(tracker: Project) -> None:
    tracker.licenses = 'MIT AND "<script>alert(1)</script>" & ' + "X" * 80
    tracker.save(update_fields=["licenses"])
    body = client_for(None).get("/catalog/supply-tracker/badge/license.svg").content.decode()
    assert "<script>" not in body
    assert "&lt;script&gt;" in body
    assert "&quot;" in body
    assert "…" in body
    ElementTree.fromstring(body)  # still well-formed


def test_widths_follow_the_text_in_a_fixed_width_font() -> None:
    assert text_width("MIT") == pytest.approx(3 * ADVANCE)
    assert text_width("疫苗") == pytest.approx(4 * ADVANCE)  # wide characters: twice
    short = ElementTree.fromstring(badge_svg(Badge("license", "MIT", "#000")))
    long = ElementTree.fromstring(badge_svg(Badge("license", "Apache-2.0 OR MIT", "#000")))
    assert int(long.get("width")) - int(short.get("width")) == round(14 * ADVANCE)
    assert shortened("a\nb\x00c") == "a b c"


def test_right_to_left_the_label_is_on_the_right() -> None:
    badge = Badge("license", "MIT", "#000")
    ltr = ElementTree.fromstring(badge_svg(badge))
    rtl = ElementTree.fromstring(badge_svg(badge, rtl=True))
    label_width = round(text_width("license") + 12)
    assert [r.get("x") for r in ltr.iter(f"{SVG}rect")] == ["0", str(label_width)]
    assert [r.get("x") for r in rtl.iter(f"{SVG}rect")] == [str(round(3 * ADVANCE + 12)), "0"]


@pytest.mark.parametrize("role", ["anonymous", "external_contributor", "un_staff", "reviewer"])
def test_a_project_not_published_has_no_badge_for_outsiders(cast: Cast, role: str) -> None:
    ProjectFactory(name="Hidden", slug="hidden", status="draft", entity=cast.unicef)
    response = client_for(cast.by_role()[role]).get("/catalog/hidden/badge/health.svg")
    assert response.status_code == 404


def test_its_focal_point_sees_a_badge_no_shared_cache_keeps(cast: Cast) -> None:
    ProjectFactory(
        name="Hidden", slug="hidden", status="draft", entity=cast.unicef, focal_points=[cast.alice]
    )
    response = client_for(cast.alice).get("/catalog/hidden/badge/health.svg")
    assert response.status_code == 200
    assert response["Cache-Control"] == "private, no-store"


def test_an_unknown_project_or_kind_is_a_plain_404(tracker: Project) -> None:
    client = client_for(None)
    for url in ("/catalog/nothing/badge/health.svg", "/catalog/supply-tracker/badge/cla.svg"):
        response = client.get(url)
        assert response.status_code == 404
        assert not response["Content-Type"].startswith("image/svg+xml")


def test_the_page_shows_each_badge_with_its_markdown(tracker: Project) -> None:
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert (
        '<img src="/catalog/supply-tracker/badge/health.svg" alt="health: Needs attention">' in page
    )
    snippet = (
        '<pre dir="ltr"><code>[![license](http://testserver/catalog/supply-tracker/badge/'
        "license.svg)](http://testserver/catalog/supply-tracker/)</code></pre>"
    )
    assert snippet in page


def test_a_draft_page_offers_no_badge_to_embed(cast: Cast) -> None:
    ProjectFactory(
        name="Hidden", slug="hidden", status="draft", entity=cast.unicef, focal_points=[cast.alice]
    )
    page = client_for(cast.alice).get("/catalog/hidden/").content.decode()
    assert "/badge/" not in page


def test_the_logo_is_served_as_an_image_that_can_do_nothing(tracker: Project) -> None:
    (scan,) = scans_succeeded(tracker)
    ScanShowcase.objects.create(
        scan=scan, logo=b"<svg xmlns='http://www.w3.org/2000/svg'/>",
        logo_media_type="image/svg+xml", logo_sha256="ab" * 32,
    )  # fmt: skip
    Project.objects.filter(pk=tracker.pk).update(latest_scan=scan)
    response = client_for(None).get("/catalog/supply-tracker/logo")
    assert response.status_code == 200
    assert response["Content-Type"] == "image/svg+xml"
    assert response["Content-Security-Policy"] == (
        "default-src 'none'; style-src 'unsafe-inline'; sandbox"
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    page = client_for(None).get("/catalog/supply-tracker/").content.decode()
    assert '<img class="project-logo" src="/catalog/supply-tracker/logo?v=abababababababab"' in page


def test_without_a_stored_logo_there_is_none_to_fetch(tracker: Project) -> None:
    assert client_for(None).get("/catalog/supply-tracker/logo").status_code == 404
