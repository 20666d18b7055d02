"""The replacement value of a catalogued project: what its latest scan measured, COCOMO II with
its constants stated, priced with a wage from the table or entered."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from osunited.catalog.models import Scan, ScanStatus, ScanTrigger
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory


def scanned(project: object, report: dict[str, object] | None) -> Scan:
    now = timezone.now()
    scan = Scan.objects.create(
        project=project,
        trigger=ScanTrigger.ON_DEMAND,
        status=ScanStatus.SUCCEEDED,
        started_at=now,
        finished_at=now,
        revision="0123456789abcdef",
        report=report,
    )
    project.latest_scan = scan  # type: ignore[attr-defined]
    project.save(update_fields=["latest_scan"])  # type: ignore[attr-defined]
    return scan


@pytest.fixture
def project(cast: Cast) -> object:
    published = ProjectFactory(slug="wayfinder", entity=cast.unicef, status="published")
    scanned(published, {"stats": {"files": 42, "bytes": 2048}, "results": []})
    return published


def url(slug: str = "wayfinder") -> str:
    return f"/learning/strategy/replacement/{slug}/"


def test_the_page_says_lines_of_code_are_not_measured_and_why(
    client: Client, project: object
) -> None:
    page = client.get(url()).content.decode()
    assert "Not measured: the scanner counts files and bytes, not lines of code" in page
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
