"""The exports of a result set: CSV in the CSIS dataset's columns, JSON with every field."""

from __future__ import annotations

import json

import pytest
from django.test import Client

from osunited.policies.csis import CSIS_COLUMNS, parse_csis
from tests.policies.search_data import known_library

pytestmark = pytest.mark.django_db


def test_the_csv_export_holds_the_results_and_parses_back() -> None:
    known_library()
    response = Client().get("/policies/export.csv?objective=cost&status=approved&sort=title")
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    text = b"".join(response.streaming_content).decode()
    assert text.splitlines()[0].split(",")[:3] == list(CSIS_COLUMNS[:3])
    parsed = parse_csis(text)
    assert parsed.errors == ()
    assert [record.title for record in parsed.records] == [
        "Digital Strategy",
        "Free Software Procurement Law",
    ]
    brazil = parsed.records[1]
    assert (brazil.issuer, brazil.region, brazil.year) == ("Brazil", "south_america", 2019)
    assert brazil.objectives == ("cost", "sovereignty")
    assert brazil.action == "procurement_mandatory"
    assert brazil.sources[0].url == "https://example.org/brazil-law"


def test_the_json_export_has_every_field_with_clauses_and_sources() -> None:
    policies = known_library()
    response = Client().get("/policies/export.json?q=brazil")
    data = json.loads(b"".join(response.streaming_content))
    assert "CC-BY-4.0" in data["attribution"]
    [record] = data["policies"]
    assert record["public_id"] == str(policies["free"].public_id)
    assert record["url"].endswith(f"/policies/{policies['free'].public_id}/")
    assert record["objectives"] == ["cost", "sovereignty"]
    assert record["clauses"] == [
        {
            "reference": "",
            "text": "Public bodies shall prefer open source software.",
            "framework": "cpf-rc1",
            "items": ["G2", "P1"],
        }
    ]
    assert record["sources"] == [
        {"citation": "https://example.org/brazil-law", "url": "https://example.org/brazil-law"}
    ]
    assert record["year"] == 2019
    assert record["date"] is None  # not stated: null, never a guess


def test_an_unpublished_policy_is_never_exported() -> None:
    known_library()
    text = b"".join(Client().get("/policies/export.csv").streaming_content).decode()
    assert len(parse_csis(text).records) == 5
    assert "Unpublished draft" not in text
