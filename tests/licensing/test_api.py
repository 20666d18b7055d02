"""The licensing API (#18): licenses as data, one expression against another for each kind of
use with every source's verdict, and a project's whole verdict with the catalog's visibility."""

from __future__ import annotations

from typing import Any

import pytest
from django.test import Client

from osunited.accounts.tokens import api_token_create
from osunited.catalog.models import Project
from osunited.licenses import SOURCES, Use, check_pair, osi_approved_ids
from tests.conftest import Cast
from tests.factories import ProjectFactory, stored_report
from tests.licensing.compatibility_reports import (
    APACHE_PROJECT,
    EXPRESS,
    GPL_LIB,
    compatibility_report,
    scanned,
)

pytestmark = pytest.mark.django_db


def get(url: str, token: str = "", **params: Any) -> Any:
    headers = {"Authorization": f"Bearer {token}"} if token else {}
    return Client().get(url, params, headers=headers)


def assert_one_error_shape(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status
    assert response["Content-Type"].startswith("application/json")
    body = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


# Licenses ------------------------------------------------------------------------------------


def test_licenses_are_listed_page_by_page_in_spdx_id_order() -> None:
    first = get("/api/licenses", limit=10).json()
    second = get("/api/licenses", limit=10, offset=10).json()
    assert first["count"] == second["count"] >= len(osi_approved_ids())
    ids = [item["spdx_id"] for item in first["items"] + second["items"]]
    assert len(ids) == len(set(ids)) == 20
    assert ids == sorted(ids, key=str.casefold)


def test_licenses_are_filtered_by_family_osi_approval_and_words() -> None:
    strong = get("/api/licenses", family="strong-copyleft", osi_approved="true", limit=200).json()
    ids = {item["spdx_id"] for item in strong["items"]}
    assert "GPL-3.0-only" in ids
    assert "MIT" not in ids
    assert all(item["osi_approved"] for item in strong["items"])
    found = get("/api/licenses", q="apache").json()
    assert "Apache-2.0" in [item["spdx_id"] for item in found["items"]]
    assert all("apache" in item["spdx_id"].casefold() for item in found["items"])


def test_one_license_gives_its_facts() -> None:
    mit = get("/api/licenses/mit").json()
    assert mit["spdx_id"] == "MIT"
    assert (mit["family"], mit["patent"], mit["osi_approved"]) == ("permissive", "silent", True)
    assert "include-copyright" in mit["conditions"]
    assert mit["page_url"] == "/licenses/MIT/"


def test_an_unknown_license_is_a_404_in_the_one_error_shape() -> None:
    body = assert_one_error_shape(get("/api/licenses/No-Such-License"), 404)
    assert "No-Such-License" in body["detail"]


# One pair ------------------------------------------------------------------------------------


def test_a_pair_gives_each_sources_verdict_for_the_use_asked() -> None:
    # The ASF's Category X names the LGPL (https://www.apache.org/legal/resolved.html#category-x);
    # the answer is the engine's, each source's kept.
    body = get(
        "/api/licenses/compatibility",
        inbound="LGPL-2.1-only",
        outbound="Apache-2.0",
        use="dynamic-linking",
    ).json()
    [check] = body["checks"]
    assert check["use"] == "dynamic-linking"
    assert [v["source"]["key"] for v in check["verdicts"]] == [s.key for s in SOURCES]
    expected = check_pair("LGPL-2.1-only", "Apache-2.0", Use.DYNAMIC_LINKING)
    assert [v["verdict"] for v in check["verdicts"]] == [v.verdict for v in expected.verdicts]
    by_source = {v["source"]["key"]: v for v in check["verdicts"]}
    assert by_source["asf"]["reference"].endswith("#category-x")
    assert check["verdict"] == expected.verdict
    assert check["most_cautious_sources"] == [
        v.source.key for v in expected.covering if v.verdict == expected.verdict
    ]
    assert check["disagreement"] is expected.disagreement is True


def test_a_pair_without_a_use_answers_for_every_use_in_canonical_spelling() -> None:
    body = get("/api/licenses/compatibility", inbound="mit or apache-2.0", outbound="gpl-3.0+")
    assert body.status_code == 200
    data = body.json()
    assert data["inbound"] == "MIT OR Apache-2.0"
    assert data["outbound"] == "GPL-3.0-or-later"
    assert [check["use"] for check in data["checks"]] == [use.value for use in Use]


@pytest.mark.parametrize(
    "params",
    [
        {"inbound": "GPL-3.0-onl", "outbound": "MIT"},
        {"inbound": "MIT", "outbound": "MIT ANDD GPL-2.0-only"},
        {"inbound": "MIT " * 1000, "outbound": "MIT"},
        {"inbound": "MIT", "outbound": "MIT", "use": "smuggled"},
        {"inbound": "MIT"},
        {"inbound": "MIT\x00", "outbound": "MIT"},
    ],
)
def test_hostile_input_is_a_422_in_the_one_error_shape(params: dict[str, str]) -> None:
    assert_one_error_shape(get("/api/licenses/compatibility", **params), 422)


# A project -----------------------------------------------------------------------------------


@pytest.fixture
def published(cast: Cast) -> Project:
    return ProjectFactory(
        name="Supply tracker", slug="supply-tracker", entity=cast.unicef, status="published",
        licenses="Apache-2.0", focal_points=[cast.alice],
    )  # fmt: skip


def test_a_projects_verdict_lists_its_components_conflicts_first(published: Project) -> None:
    scan = scanned(published, compatibility_report("Apache-2.0", APACHE_PROJECT))
    body = get("/api/projects/supply-tracker/compatibility").json()
    assert (body["measured"], body["not_measured_reason"]) == (True, None)
    assert (body["scan_id"], body["outbound"], body["verdict"]) == (
        scan.pk,
        "Apache-2.0",
        "incompatible",
    )
    assert body["counts"] == {"incompatible": 1, "unknown": 1, "conditional": 1, "compatible": 1}
    [first, *_] = body["components"]
    assert (first["name"], first["license"], first["use"]) == (
        GPL_LIB,
        "GPL-3.0-only",
        "dynamic-linking",
    )
    assert first["path"] == [EXPRESS, GPL_LIB]
    assert "GPL-3.0-only" in first["reason"]
    unknown = get("/api/projects/supply-tracker/compatibility", verdict="unknown").json()
    assert [c["license"] for c in unknown["components"]] == [None]
    assert unknown["count"] == 1


def test_a_project_not_measured_has_null_counts_never_zero(published: Project) -> None:
    body = get("/api/projects/supply-tracker/compatibility").json()
    assert (body["measured"], body["not_measured_reason"]) == (False, "not_scanned")
    assert (body["verdict"], body["counts"], body["components"]) == (None, None, [])
    scanned(published, stored_report({"check_id": "license.project", "outcome": "pass"}))
    body = get("/api/projects/supply-tracker/compatibility").json()
    assert body["not_measured_reason"] == "check_not_run"
    assert body["counts"] is None


def test_a_private_project_is_a_404_unless_the_caller_sees_it(cast: Cast) -> None:
    ProjectFactory(
        name="Draft", slug="draft-tool", entity=cast.unicef, status="draft",
        focal_points=[cast.alice],
    )  # fmt: skip
    assert_one_error_shape(get("/api/projects/draft-tool/compatibility"), 404)
    grace = api_token_create(user=cast.grace, name="t").key  # WHO's: not UNICEF's draft
    assert_one_error_shape(get("/api/projects/draft-tool/compatibility", grace), 404)
    alice = api_token_create(user=cast.alice, name="t").key
    assert get("/api/projects/draft-tool/compatibility", alice).status_code == 200
    assert_one_error_shape(get("/api/projects/draft-tool/compatibility", "not-a-token"), 401)


def test_an_unknown_slug_and_bad_filters_answer_in_the_one_error_shape() -> None:
    assert_one_error_shape(get("/api/projects/no-such-project/compatibility"), 404)
    assert_one_error_shape(get("/api/projects/x/compatibility", verdict="fine"), 422)
    assert_one_error_shape(get("/api/projects/x/compatibility", limit="100000"), 422)


def test_the_openapi_description_has_the_licensing_schemas() -> None:
    spec = Client().get("/api/openapi.json").json()
    for path in (
        "/api/licenses",
        "/api/licenses/{license_id}",
        "/api/licenses/compatibility",
        "/api/projects/{slug}/compatibility",
    ):
        assert path in spec["paths"]
    schemas = spec["components"]["schemas"]
    assert {"LicenseOut", "CompatibilityOut", "ProjectCompatibilityOut"} <= set(schemas)
    # Its own names: the catalog's vulnerabilities keep their reasons for not measuring.
    assert "no_vulnerability_database" in schemas["NotMeasured"]["enum"]
    assert "check_not_run" in schemas["CompatibilityNotMeasured"]["enum"]
    responses = spec["paths"]["/api/licenses/compatibility"]["get"]["responses"]
    assert {"200", "422", "500"} <= set(responses)
