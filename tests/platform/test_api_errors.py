"""The API never answers 500 to input, and never HTML: every error is JSON in the documented
shape, `{"detail": "..."}` (with `errors` when the input does not match the schema), and the
OpenAPI description lists every status code an operation answers."""

import json
from typing import Any

import pytest
from django.test import Client

from osunited.accounts.models import User
from osunited.accounts.tokens import api_token_create
from osunited.catalog.models import Project
from osunited.platform.middleware import MethodNotAllowedMiddleware
from tests.conftest import Cast
from tests.factories import ProjectFactory


@pytest.fixture(autouse=True)
def _no_dns(settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


@pytest.fixture
def draft(cast: Cast) -> Project:
    return ProjectFactory(
        name="Supply tracker", slug="supply-tracker", entity=cast.unicef, status="draft",
        focal_points=[cast.alice], repositories=["https://git.example.org/unicef/supply"],
        description="Tracks supplies.", topics=["health"], website="https://supply.example.org",
    )  # fmt: skip


def bearer(user: User) -> dict[str, str]:
    return {"HTTP_AUTHORIZATION": f"Bearer {api_token_create(user=user, name='tests').key}"}


def patch(slug: str, data: object, user: User) -> Any:
    return Client().patch(
        f"/api/projects/{slug}", json.dumps(data), content_type="application/json", **bearer(user)
    )


def assert_json_error(response: Any, status: int) -> dict[str, Any]:
    assert response.status_code == status, response.content
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body: dict[str, Any] = response.json()
    assert isinstance(body["detail"], str)
    assert body["detail"]
    return body


# Numbers and texts out of bounds ----------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    "query",
    [
        "offset=9223372036854775808",
        "offset=1000000001",
        "offset=-1",
        "limit=201",
        "sdg=99999999999999999999999",
        "q=%00",
        "entity=un%00dp",
    ],
)
def test_a_number_or_text_out_of_bounds_is_a_422_without_signing_in(query: str) -> None:
    body = assert_json_error(Client().get(f"/api/projects?{query}"), 422)
    name = query.split("=")[0]
    assert [error["loc"] for error in body["errors"]] == [["query", name]]
    assert f"{name}: " in body["detail"]


@pytest.mark.django_db
def test_the_largest_offset_answers_an_empty_page() -> None:
    body = Client().get("/api/projects?offset=1000000000").json()
    assert (body["offset"], body["items"]) == (1_000_000_000, [])


@pytest.mark.parametrize(
    "path",
    [
        "/api/projects/supply-tracker/scans/9223372036854775808/report",
        "/api/projects/supply-tracker/scans/0/report",
        "/api/projects/supply%00tracker",
        "/api/projects/" + "a" * 81,
    ],
)
def test_an_id_or_slug_out_of_bounds_is_a_422(draft: Project, path: str) -> None:
    assert_json_error(Client().get(path), 422)


def test_a_token_with_a_nul_is_not_valid(draft: Project) -> None:
    response = Client().get("/api/projects", HTTP_AUTHORIZATION="Bearer osu_abcdefgh\x00ijk")
    assert_json_error(response, 401)


# PATCH with null ------------------------------------------------------------------------------


def test_null_in_a_patch_clears_a_field_that_may_be_empty(cast: Cast, draft: Project) -> None:
    cleared = {"description": None, "topics": None, "website": None, "sdgs": None}
    response = patch("supply-tracker", cleared, cast.alice)
    assert response.status_code == 200, response.content
    draft.refresh_from_db()
    assert (draft.description, draft.topics, draft.website) == ("", [], "")


@pytest.mark.parametrize("field", ["name", "entity", "purpose", "development_status"])
def test_null_in_a_field_that_cannot_be_empty_is_a_422(
    cast: Cast, draft: Project, field: str
) -> None:
    body = assert_json_error(patch("supply-tracker", {field: None, "topics": []}, cast.alice), 422)
    assert body["errors"][0]["loc"] == ["body", "payload", field]
    draft.refresh_from_db()
    assert draft.topics == ["health"]


def test_null_repositories_of_an_external_project_are_refused(cast: Cast, draft: Project) -> None:
    body = assert_json_error(patch("supply-tracker", {"repositories": None}, cast.alice), 400)
    assert "repository" in body["detail"]
    assert draft.repositories.count() == 1


def test_the_schema_offers_null_only_where_it_clears(db: None) -> None:
    spec = Client().get("/api/openapi.json").json()
    fields = spec["components"]["schemas"]["ProjectPatch"]["properties"]
    nullable = {
        name for name, schema in fields.items() if {"type": "null"} in schema.get("anyOf", [])
    }
    assert nullable == set(fields) - {"name", "entity", "purpose", "development_status"}
    assert "default" not in fields["name"]


# Bodies -------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("body", "status"),
    [
        ("{bad", 400),
        ('{"purpose": "Tracks\\u0000 supplies."}', 422),
        ('{"features": ["\\ud800"]}', 422),
        ('{"sdgs": [{"goal": 18, "evidence": "No such goal."}]}', 422),
        ("[]", 422),  # not an object: was taken as a patch that changes nothing
        ('{"hosting": "internal"}', 422),  # not a field of the patch: was silently ignored
        ('{"purpose": "Tracks supplies.", "descripton": "A typo."}', 422),
    ],
)
def test_a_body_that_cannot_be_stored_is_refused(
    cast: Cast, draft: Project, body: str, status: int
) -> None:
    response = Client().patch(
        "/api/projects/supply-tracker", body, content_type="application/json",
        **bearer(cast.alice),
    )  # fmt: skip
    assert_json_error(response, status)
    draft.refresh_from_db()
    assert draft.purpose != "Tracks\x00 supplies."


def test_a_body_over_the_size_limit_is_a_json_400(
    cast: Cast, draft: Project, settings: Any
) -> None:
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 100
    response = patch("supply-tracker", {"description": "x" * 200}, cast.alice)
    assert_json_error(response, 400)


# Never HTML -----------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize("path", ["/api/nowhere", "/api/", "/api/projects/a/b/c"])
def test_an_address_the_api_does_not_have_is_a_json_404(path: str) -> None:
    body = assert_json_error(Client().get(path), 404)
    assert "/api/openapi.json" in body["detail"]


@pytest.mark.django_db
def test_other_addresses_keep_the_sites_404_page() -> None:
    response = Client().get("/nowhere/")
    assert response.status_code == 404
    assert response["Content-Type"] == "text/html; charset=utf-8"


def broken_lookup(user: Any, slug: str) -> Project:
    raise RuntimeError("the database went away")


def test_a_fault_in_an_api_call_is_a_json_500_and_logged(
    draft: Project, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    monkeypatch.setattr("osunited.catalog.api.get_project_for_user", broken_lookup)
    response = Client(raise_request_exception=False).get("/api/projects/supply-tracker/scans")
    body = assert_json_error(response, 500)
    assert "the database went away" not in body["detail"]
    logged = [r for r in caplog.records if r.name == "django.request" and r.exc_info]
    assert [str(r.exc_info[1]) for r in logged if r.exc_info] == ["the database went away"]


def test_django_hears_of_the_fault(draft: Project, monkeypatch: pytest.MonkeyPatch) -> None:
    # got_request_exception is sent, as for a page: error reporting and the test client see it.
    monkeypatch.setattr("osunited.catalog.api.get_project_for_user", broken_lookup)
    with pytest.raises(RuntimeError, match="the database went away"):
        Client().get("/api/projects/supply-tracker/scans")


def test_a_fault_outside_the_api_views_is_a_json_500_under_api(
    db: None, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken(self: object, request: object) -> None:
        raise RuntimeError("a middleware failed")

    monkeypatch.setattr(MethodNotAllowedMiddleware, "__call__", broken)
    client = Client(raise_request_exception=False)
    assert_json_error(client.get("/api/projects"), 500)
    page = client.get("/catalog/")
    assert page.status_code == 500
    assert page["Content-Type"] == "text/html; charset=utf-8"


# The description ------------------------------------------------------------------------------

EXPECTED_CODES = {
    ("get", "/api/projects"): {"200", "401", "422", "500"},
    ("post", "/api/projects"): {"201", "400", "401", "403", "422", "500"},
    ("get", "/api/projects/{slug}"): {"200", "401", "404", "422", "500"},
    ("patch", "/api/projects/{slug}"): {"200", "400", "401", "403", "404", "422", "500"},
    ("get", "/api/projects/{slug}/scans"): {"200", "401", "404", "422", "500"},
    ("get", "/api/projects/{slug}/scans/latest/report"): {"200", "401", "404", "422", "500"},
    ("get", "/api/projects/{slug}/scans/{scan_id}/report"): {"200", "401", "404", "422", "500"},
    ("post", "/api/projects/{slug}/transitions"): {"200", "400", "401", "403", "404", "422", "500"},
    ("get", "/api/entities"): {"200", "500"},
    ("get", "/api/licenses"): {"200", "422", "500"},
    ("get", "/api/licenses/compatibility"): {"200", "422", "500"},
    ("get", "/api/licenses/{license_id}"): {"200", "404", "422", "500"},
    ("get", "/api/policies"): {"200", "422", "500"},
    ("get", "/api/policies/{public_id}"): {"200", "404", "422", "500"},
    ("get", "/api/projects/{slug}/compatibility"): {"200", "401", "404", "422", "500"},
}


def test_the_description_lists_every_status_code_of_every_operation(db: None) -> None:
    spec = Client().get("/api/openapi.json").json()
    codes = {
        (method, path): set(operation["responses"])
        for path, operations in spec["paths"].items()
        for method, operation in operations.items()
    }
    assert codes == EXPECTED_CODES
    for (_, path), operation_codes in codes.items():
        for code in operation_codes - {"200", "201"}:
            answer = spec["paths"][path][_]["responses"][code]
            schema = answer["content"]["application/json"]["schema"]["$ref"]
            expected = "InvalidInputOut" if code == "422" else "ErrorOut"
            assert schema == f"#/components/schemas/{expected}"


def test_a_method_the_api_does_not_take_is_a_json_405_like_every_other_answer() -> None:
    response = Client().delete("/api/projects")

    assert response.status_code == 405
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert "GET" in response["Allow"]
    assert "Method not allowed" in response.json()["detail"]
