"""The total cost of ownership calculator: a GET form whose address holds the scenario, results
with how each figure was computed, clear messages for bad input, and CSV and XLSX exports."""

from __future__ import annotations

import csv
import io
from decimal import Decimal

import pytest
from django.test import Client
from openpyxl import load_workbook

URL = "/learning/strategy/tco/"
PHASES = {
    "develop_first": 1,
    "develop_last": 1,
    "deploy_first": 2,
    "deploy_last": 2,
    "scale_first": 3,
    "scale_last": 3,
    "operate_first": 4,
    "operate_last": 5,
}
SCENARIO = {
    "horizon": 5,
    **PHASES,
    "labour-0-option": "open_source",
    "labour-0-role": "Developer",
    "labour-0-phase": "develop",
    "labour-0-person_months": "12",
    "labour-0-monthly_wage": "5000",
    "labour-1-option": "open_source",
    "labour-1-role": "Maintainer",
    "labour-1-phase": "operate",
    "labour-1-person_months": "6",
    "labour-1-country": "US",
    "licence-0-option": "proprietary",
    "licence-0-name": "Suite",
    "licence-0-phase": "operate",
    "licence-0-price": "200",
    "licence-0-users": "1000",
    "licence-0-growth": "10",
    "running-0-option": "open_source",
    "running-0-name": "Cloud",
    "running-0-kind": "hosting",
    "running-0-phase": "operate",
    "running-0-annual_cost": "1000",
    "running-0-growth": "10",
}

pytestmark = pytest.mark.django_db


def test_the_empty_form_shows_the_wage_table_with_its_source_and_year(client: Client) -> None:
    page = client.get(URL).content.decode()
    assert "U.S. Bureau of Labor Statistics" in page
    assert "https://blsmon1.bls.gov/oes/2018/may/oes151133.htm" in page
    assert "Year 2018, in USD." in page
    assert "66,740.00" in page
    assert page.count("<legend>Labour line") == 3


def test_a_bookmarked_scenario_computes_by_year_phase_and_total(client: Client) -> None:
    response = client.get(URL, SCENARIO)
    assert response.status_code == 200
    page = response.content.decode()
    assert "Low band: year 4." in page
    assert "How year 4 was computed" in page
    assert "17,685.01" in page  # 3 person-months x 5,561.67 + hosting 1,000
    assert "6 person-months spread evenly over the phase's 2 years" in page
    assert "percentiles 10 and 90 (U.S. Bureau of Labor Statistics" in page
    assert "1000 users grown 10% a year for 1 year," in page
    assert "Years 1 to 5" in page


def test_each_computation_offers_two_more_blank_lines(client: Client) -> None:
    page = client.get(URL, SCENARIO).content.decode()
    assert page.count("<legend>Labour line") == 4
    assert page.count("<legend>Licence line") == 3


def test_a_line_missing_a_value_is_named_and_nothing_is_computed(client: Client) -> None:
    response = client.get(URL, {**SCENARIO, "labour-1-person_months": ""})
    assert response.status_code == 400
    page = response.content.decode()
    assert "Labour line 2, Person-months in the phase: Fill this in too" in page
    assert "How year 1 was computed" not in page


def test_a_country_outside_the_table_asks_for_the_wage(client: Client) -> None:
    response = client.get(URL, {**SCENARIO, "labour-1-country": ""})
    assert response.status_code == 400
    assert "Choose a country from the wage table or enter a monthly wage." in (
        response.content.decode()
    )


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({"operate_last": "10"}, "Operate: the last year must be from the first year to year 5."),
        ({"labour-0-person_months": "0"}, "Ensure this value is greater than or equal to 0.1."),
        ({"labour-0-person_months": "lots"}, "Enter a number."),
        ({"licence-0-growth": "500"}, "Ensure this value is less than or equal to 300."),
        ({"horizon": "7"}, "Select a valid choice."),
        ({"labour-10-role": "Eleventh"}, "At most 10 lines of each kind."),
    ],
)
def test_bad_input_is_a_message_in_words_not_a_server_error(
    client: Client, change: dict[str, str], message: str
) -> None:
    response = client.get(URL, {**SCENARIO, **change})
    assert response.status_code == 400
    assert message in response.content.decode()


def test_the_csv_has_every_line_and_year_then_the_totals(client: Client) -> None:
    response = client.get(URL, {**SCENARIO, "format": "csv"})
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.DictReader(io.StringIO(response.content.decode())))
    maintainer = [r for r in rows if r["row"] == "line" and r["line"] == "Maintainer"]
    assert [(r["year"], r["quantity"], r["amount_low_usd"]) for r in maintainer] == [
        ("4", "3.00", "16685.01"),
        ("5", "3.00", "16685.01"),
    ]
    assert "Bureau of Labor Statistics" in maintainer[0]["wage_source"]
    total = next(r for r in rows if r["row"] == "total" and r["option"] == "proprietary")
    assert (total["last_year"], total["amount_low_usd"]) == ("5", "420000.00")
    assert next(r for r in rows if r["row"] == "break_even_low")["year"] == "4"


def test_exports_escape_a_text_a_spreadsheet_would_run(client: Client) -> None:
    risky = {**SCENARIO, "labour-0-role": '=HYPERLINK("http://x")'}
    rows = list(csv.DictReader(io.StringIO(client.get(URL, {**risky, "format": "csv"}).text)))
    assert {r["line"] for r in rows if r["row"] == "line"} >= {'\'=HYPERLINK("http://x")'}
    book = load_workbook(io.BytesIO(client.get(URL, {**risky, "format": "xlsx"}).content))
    assert book["Line costs"]["C2"].value == '\'=HYPERLINK("http://x")'


def test_the_xlsx_has_the_inputs_and_results_summed_by_formulas(client: Client) -> None:
    response = client.get(URL, {**SCENARIO, "format": "xlsx"})
    assert response["Content-Disposition"] == (
        'attachment; filename="total-cost-of-ownership.xlsx"'
    )
    content = io.BytesIO(response.content)
    formulas, values = load_workbook(content), load_workbook(content, data_only=True)
    assert formulas.sheetnames == ["Inputs", "Line costs", "Results"]
    assert formulas["Inputs"]["B1"].value == 5
    assert formulas["Line costs"]["J2"].value == "=ROUND(F2*H2,2)"
    results, cached = formulas["Results"], values["Results"]
    assert results["B2"].value.startswith("=SUMIFS('Line costs'!$J$2:$J$")
    assert cached["B2"].value == 60000  # the developer's year: 12 x 5,000
    assert results["H3"].value == "=H2+F3"
    assert Decimal(str(cached["D5"].value)) == Decimal("200000")
