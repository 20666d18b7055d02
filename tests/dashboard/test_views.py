"""The public dashboard through the test client: filters, the charts' data tables and the data
behind each chart, which is exactly what the chart shows."""

from __future__ import annotations

import csv
import io

import pytest
from django.urls import reverse

from osunited.dashboard.services import snapshot_backfill, snapshot_take
from tests.conftest import Cast, client_for
from tests.dashboard.test_snapshots import PUBLISHED, project
from tests.factories import ProjectSdgFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def measured(cast: Cast) -> None:
    ProjectSdgFactory(project=project(cast, "published", history=PUBLISHED, licenses="MIT"),
                      goal=4)  # fmt: skip
    project(cast, "published", history=PUBLISHED, licenses="GPL-3.0-only", entity=cast.who)
    project(cast, "submitted", history=[(5, "submitted")], licenses="Private-thing")
    snapshot_backfill(days=20)
    snapshot_take()


def test_the_public_dashboard_shows_every_group_with_data_tables(measured: None) -> None:
    response = client_for(None).get(reverse("dashboard:public"))
    html = response.content.decode()
    assert response.status_code == 200
    for group in ("Adoption", "Catalog", "Compliance and security", "Community health"):
        assert f">{group}</h2>" in html
    assert '<th scope="row"><bdi>MIT</bdi></th><td>1</td>' in html
    assert "Private-thing" not in html  # a project in review is not counted
    assert html.count("<summary>Data table") == html.count(
        '<figure class="dash-chart"'
    ) - html.count("Nothing to count yet.") - html.count("dash-unmeasured")


def test_the_entity_filter_shows_that_entitys_figures(measured: None) -> None:
    html = client_for(None).get(reverse("dashboard:public") + "?entity=who").content.decode()
    assert "Monitoring dashboard: WHO" in html
    assert '<th scope="row"><bdi>GPL-3.0-only</bdi></th><td>1</td>' in html
    assert '<th scope="row"><bdi>MIT</bdi></th>' not in html


def test_a_wrong_filter_is_a_clear_error(measured: None) -> None:
    client = client_for(None)
    both = client.get(reverse("dashboard:public") + "?entity=who&sdg=4")
    assert both.status_code == 400
    assert b"Choose an entity or a goal" in both.content
    unknown = client.get(reverse("dashboard:public") + "?sdg=99")
    assert unknown.status_code == 400


def test_the_csv_behind_a_chart_has_exactly_its_rows(measured: None) -> None:
    url = reverse("dashboard:chart_data", args=["projects_by_license", "csv"])
    rows = list(csv.reader(io.StringIO(client_for(None).get(url).content.decode())))
    assert rows == [["key", "projects_by_license"], ["MIT", "1"], ["GPL-3.0-only", "1"]]


def test_the_json_behind_a_trend_has_one_row_a_day(measured: None) -> None:
    url = reverse("dashboard:chart_data", args=["projects", "json"]) + "?period=90d&sdg=4"
    data = client_for(None).get(url).json()
    assert (data["metric"], data["scope"]) == ("projects", "g4")
    assert len(data["rows"]) == 21  # 20 past days and today
    assert data["rows"][-1] == {"day": data["rows"][-1]["day"], "projects": 1}


def test_an_unknown_metric_or_format_is_not_found(measured: None) -> None:
    client = client_for(None)
    assert client.get(reverse("dashboard:chart_data", args=["nothing", "csv"])).status_code == 404
    assert client.get(reverse("dashboard:chart_data", args=["projects", "xml"])).status_code == 404


def test_an_entity_has_its_own_dashboard_linked_from_its_page(measured: None) -> None:
    client = client_for(None)
    assert (
        reverse("dashboard:entity", args=["who"]) in client.get("/entities/who/").content.decode()
    )
    html = client.get(reverse("dashboard:entity", args=["who"])).content.decode()
    assert "Monitoring dashboard: WHO" in html
    assert '<th scope="row"><bdi>GPL-3.0-only</bdi></th><td>1</td>' in html
    assert client.get(reverse("dashboard:entity", args=["nobody"])).status_code == 404


def test_the_ossib_view_compares_entities_and_sorts_by_a_column(measured: None, cast: Cast) -> None:
    client = client_for(cast.grace)  # an OSSIB member
    html = client.get(reverse("dashboard:ossib") + "?sort=projects").content.decode()
    assert '<th scope="col" aria-sort="descending"><a href="?sort=projects">' in html
    body = html.split("<tbody>")[1]
    acronyms = [part.split("<")[0] for part in body.split('/">')[1:]]
    assert acronyms[:2] == ["UNICEF", "WHO"] or acronyms[:2] == ["WHO", "UNICEF"]
    rows = list(csv.reader(io.StringIO(
        client.get(reverse("dashboard:ossib") + "?format=csv").content.decode())))  # fmt: skip
    assert rows[0][:3] == ["entity", "stage", "projects"]
    assert rows[[r[0] for r in rows].index("UNICEF")][:3] == ["UNICEF", "", "1"]


def test_the_ossib_view_is_for_the_board(measured: None, cast: Cast) -> None:
    assert client_for(cast.alice).get(reverse("dashboard:ossib")).status_code == 403


def test_a_distribution_has_its_trend_with_a_table_and_a_csv(measured: None) -> None:
    html = client_for(None).get(reverse("dashboard:public") + "?period=90d").content.decode()
    licenses = html.split('id="chart-projects_by_license"')[1].split("</figure>")[0]
    assert "Trends of the 2 largest:" in licenses
    assert "Trend table (21 points)" in licenses
    url = reverse("dashboard:chart_data", args=["projects_by_license", "csv"])
    rows = list(csv.reader(io.StringIO(
        client_for(None).get(url + "?period=90d&view=trend").content.decode())))  # fmt: skip
    assert rows[0] == ["day", "MIT", "GPL-3.0-only"]
    assert len(rows) == 22
    assert rows[-1][1:] == ["1", "1"]
    assert rows[1][1:] == ["0", "0"]  # 20 days ago nothing was published yet
