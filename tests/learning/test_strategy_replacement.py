"""The replacement value of a catalogued project: what its latest scan measured, COCOMO II with
its constants stated, priced with a wage from the table or entered."""

from __future__ import annotations

from pathlib import Path

import pytest
from django.test import Client
from django.utils import timezone

from osunited.catalog.models import Scan, ScanStatus, ScanTrigger
from osunited.catalog.scanning import facts_of
from osunited.scanner import scan
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory


def scanned(
    project: object, report: dict[str, object] | None, facts: dict[str, object] | None = None
) -> Scan:
    now = timezone.now()
    stored = Scan.objects.create(
        project=project,
        trigger=ScanTrigger.ON_DEMAND,
        status=ScanStatus.SUCCEEDED,
        started_at=now,
        finished_at=now,
        revision="0123456789abcdef",
        report=report,
        facts=facts or {},
    )
    project.latest_scan = stored  # type: ignore[attr-defined]
    project.save(update_fields=["latest_scan"])  # type: ignore[attr-defined]
    return stored


@pytest.fixture
def project(cast: Cast) -> object:
    published = ProjectFactory(slug="wayfinder", entity=cast.unicef, status="published")
    scanned(published, {"stats": {"files": 42, "bytes": 2048}, "results": []})
    return published


def url(slug: str = "wayfinder") -> str:
    return f"/learning/strategy/replacement/{slug}/"


def test_a_scan_from_before_the_count_says_scan_again_never_zero(
    client: Client, project: object
) -> None:
    page = client.get(url()).content.decode()
    assert (
        "Not measured by this scan: it was made before the scanner counted lines of code." in page
    )
    assert "Scan the project again" in page
    assert "person-months over" not in page
    assert "<dd>42</dd>" in page
    assert "2.0\xa0KB" in page
    assert "A = 2.94, B = 0.91" in page
    assert '<th scope="row">PMAT</th><td>4.68</td>' in page


def test_a_count_entered_is_priced_with_the_wage_table(client: Client, project: object) -> None:
    response = client.get(url(), {"lines_of_code": "100000", "country": "US"})
    assert response.status_code == 200
    page = response.content.decode()
    assert "2,587,845.05 to 6,473,872.45 USD" in page  # 465.3 person-months x 5,561.67 / 13,913.33
    assert "From the number of lines of code you entered" in page
    assert "465.3 person-months of 152 hours" in page
    assert "United States, percentiles 10 and 90" in page


def test_an_entered_wage_prices_alone(client: Client, project: object) -> None:
    page = client.get(url(), {"lines_of_code": "1000", "monthly_wage": "1000"}).content.decode()
    assert "2,900.00 to 2,900.00 USD" in page  # 2.9 person-months
    assert "1,000.00 USD a month, entered" in page


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"lines_of_code": "many", "country": "US"}, "Enter a whole number."),
        ({"lines_of_code": "0", "country": "US"}, "greater than or equal to 1."),
        (
            {"lines_of_code": "1000"},
            "Choose a country from the wage table or enter a monthly wage.",
        ),
        ({"lines_of_code": "1000", "monthly_wage": "0"}, "A monthly wage is more than 0."),
        ({"lines_of_code": "1000", "country": "ZZ"}, "Select a valid choice."),
    ],
)
def test_bad_input_is_a_message_and_no_estimate(
    client: Client, project: object, query: dict[str, str], message: str
) -> None:
    response = client.get(url(), query)
    assert response.status_code == 400
    page = response.content.decode()
    assert message in page
    assert "From the number of lines of code you entered" not in page


def test_a_project_never_scanned_says_nothing_is_known(client: Client, cast: Cast) -> None:
    ProjectFactory(slug="unscanned", entity=cast.unicef, status="published")
    page = client.get(url("unscanned")).content.decode()
    assert "No scan of this project has succeeded yet" in page


def test_a_draft_is_hidden_from_others_and_shown_to_its_entity(cast: Cast) -> None:
    ProjectFactory(slug="secret", entity=cast.unicef, status="draft")
    assert client_for(None).get(url("secret")).status_code == 404
    assert client_for(cast.carol).get(url("secret")).status_code == 404
    assert client_for(cast.erin).get(url("secret")).status_code == 200


def test_the_index_offers_the_projects_with_a_scan(client: Client, project: object) -> None:
    page = client.get("/learning/strategy/").content.decode()
    assert url() in page


@pytest.fixture
def counted(cast: Cast, tmp_path: Path) -> object:
    """A project whose latest scan counted 2,000 lines of code, 2 of them in tests."""
    tree = tmp_path / "tree"
    files = {
        "app.py": "# the app\n" + "x = 1\n" * 1198,
        "tests/test_app.py": "def test_it():\n    assert True\n",
        "web/app.js": "let a = 1;\n" * 800,
    }
    for name, text in files.items():
        (tree / name).parent.mkdir(parents=True, exist_ok=True)
        (tree / name).write_text(text, encoding="utf-8")
    report = scan(tree, use_cache=False, only=["health.code-size"])
    measured = ProjectFactory(slug="measured", entity=cast.unicef, status="published")
    scanned(measured, report.to_dict(), facts_of(report))
    return measured


def test_the_scanned_lines_of_code_are_shown_and_priced(client: Client, counted: object) -> None:
    page = client.get(url("measured")).content.decode()
    assert "2,000, without blank lines and comments, vendored or generated files" in page
    assert "2 of them in tests" in page
    assert '<a href="#code-by-language">by language</a>' in page
    assert '<th scope="row">Python</th><td>1,200</td>' in page
    assert '<th scope="row">JavaScript</th><td>800</td>' in page
    assert "COCOMO II puts writing this code again at 6.3 person-months over 6.6 months" in page
    assert 'name="lines_of_code" value="2000"' in page


def test_the_scanned_count_priced_says_where_it_comes_from(client: Client, counted: object) -> None:
    page = client.get(url("measured"), {"lines_of_code": "2000", "country": "US"}).content
    text = page.decode()
    assert "6.3 person-months of 152 hours" in text
    assert "From the lines of code the scan of" in text
    assert "From the number of lines of code you entered" not in text


def test_a_count_entered_still_overrides_the_scan(client: Client, counted: object) -> None:
    page = client.get(url("measured"), {"lines_of_code": "1000", "monthly_wage": "1000"})
    text = page.content.decode()
    assert "2,900.00 to 2,900.00 USD" in text
    assert "From the number of lines of code you entered" in text
    assert 'name="lines_of_code" value="1000"' in text


def test_a_scan_without_counted_code_says_so(client: Client, cast: Cast) -> None:
    docs = ProjectFactory(slug="docs-only", entity=cast.unicef, status="published")
    scanned(
        docs,
        {"stats": {"files": 1, "bytes": 10}, "results": []},
        {"lines_of_code_not_measured": "no_code_in_a_counted_language"},
    )
    page = client.get(url("docs-only")).content.decode()
    assert "the scan found no source file of the project's own" in page
    assert "person-months over" not in page
