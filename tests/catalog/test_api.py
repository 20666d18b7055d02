"""The REST API: public reads of what the caller may see, token-authenticated writes."""

import json
from typing import Any

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from openapi_spec_validator import validate

from osunited.accounts.models import User
from osunited.accounts.tokens import api_token_create, api_token_revoke
from osunited.catalog.models import Project, ProjectEvent, Scan, ScanHealth, ScanStatus
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory


@pytest.fixture(autouse=True)
def _no_dns(settings: Any) -> None:
    """The SSRF guard resolves host names; the example host is allowed, so no network is used."""
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org"]


def bearer(user: User) -> dict[str, str]:
    key = api_token_create(user=user, name="tests").key
    return {"HTTP_AUTHORIZATION": f"Bearer {key}"}


def post_json(client: Client, url: str, data: object, **headers: str) -> Any:
    return client.post(url, json.dumps(data), content_type="application/json", **headers)


@pytest.fixture
def catalog(cast: Cast) -> dict[str, Project]:
    published = ProjectFactory(
        name="Vaccine planner", slug="vaccine-planner", entity=cast.unicef, status="published",
        focal_points=[cast.alice], repositories=["https://git.example.org/unicef/planner"],
        languages=["Python"], topics=["health"], licenses="MIT",
    )  # fmt: skip
    published.sdgs.create(goal=3, evidence="Plans vaccination campaigns.")
    draft = ProjectFactory(
        name="Secret draft", slug="secret-draft", entity=cast.who, status="draft",
        focal_points=[cast.alice],
    )  # fmt: skip
    other = ProjectFactory(
        name="Water map", slug="water-map", entity=cast.who, status="published",
        languages=["Go"], licenses="Apache-2.0",
    )  # fmt: skip
    return {"published": published, "draft": draft, "other": other}


# OpenAPI --------------------------------------------------------------------------------------


def test_the_openapi_document_is_valid_and_lists_the_endpoints(db: None) -> None:
    response = Client().get("/api/openapi.json")
    assert response.status_code == 200
    spec = response.json()
    validate(spec)
    assert spec["openapi"].startswith("3.")
    assert set(spec["paths"]) >= {
        "/api/projects",
        "/api/projects/{slug}",
        "/api/projects/{slug}/scans",
        "/api/projects/{slug}/scans/latest/report",
        "/api/projects/{slug}/transitions",
        "/api/entities",
    }
    assert set(spec["paths"]["/api/projects/{slug}"]) == {"get", "patch"}
    assert "ApiTokenAuth" in spec["components"]["securitySchemes"]


# Reads ----------------------------------------------------------------------------------------


def test_anonymous_callers_see_published_projects_only(catalog: dict[str, Project]) -> None:
    body = Client().get("/api/projects").json()
    assert [item["slug"] for item in body["items"]] == ["vaccine-planner", "water-map"]
    assert body["count"] == 2
    assert Client().get("/api/projects/secret-draft").status_code == 404


def test_a_draft_is_visible_to_its_focal_point_with_a_token(
    cast: Cast, catalog: dict[str, Project]
) -> None:
    client = Client()
    slugs = [i["slug"] for i in client.get("/api/projects", **bearer(cast.alice)).json()["items"]]
    assert "secret-draft" in slugs
    assert client.get("/api/projects/secret-draft", **bearer(cast.alice)).status_code == 200
    assert client.get("/api/projects/secret-draft", **bearer(cast.frank)).status_code == 404


def test_a_session_does_not_open_drafts_in_the_api(cast: Cast, catalog: dict[str, Project]) -> None:
    assert client_for(cast.alice).get("/api/projects/secret-draft").status_code == 404


def test_a_bad_token_on_a_read_is_a_401(catalog: dict[str, Project]) -> None:
    response = Client().get("/api/projects", HTTP_AUTHORIZATION="Bearer osu_nonsense-key")
    assert response.status_code == 401


def test_the_project_has_its_catalog_fields(cast: Cast, catalog: dict[str, Project]) -> None:
    project = catalog["published"]
    scan = Scan.objects.create(
        project=project, trigger="nightly", status=ScanStatus.SUCCEEDED, health=ScanHealth.GOOD,
        scores={"licensing": 90}, license_expression="MIT", report={"tool": "osu"},
    )  # fmt: skip
    project.latest_scan = scan
    project.save(update_fields=["latest_scan"])
    body = Client().get("/api/projects/vaccine-planner").json()
    assert body["entity"]["acronym"] == "UNICEF"
    assert body["sdgs"] == [{"goal": 3, "evidence": "Plans vaccination campaigns."}]
    assert body["repositories"] == ["https://git.example.org/unicef/planner"]
    assert body["latest_scan"]["health"] == "good"
    assert body["latest_scan"]["scores"] == {"licensing": 90}
    assert body["latest_scan"]["license"] == "MIT"
    report = Client().get(body["latest_scan"]["report_url"])
    assert report.json() == {"tool": "osu"}
    assert Client().get("/api/projects/vaccine-planner/scans/latest/report").json() == {
        "tool": "osu"
    }
    scans = Client().get("/api/projects/vaccine-planner/scans").json()
    assert [s["id"] for s in scans] == [scan.pk]


def test_the_scans_of_a_draft_are_hidden(cast: Cast, catalog: dict[str, Project]) -> None:
    Scan.objects.create(project=catalog["draft"], trigger="nightly", status=ScanStatus.SUCCEEDED)
    assert Client().get("/api/projects/secret-draft/scans").status_code == 404


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("q=vaccine", ["vaccine-planner"]),
        ("q=vacc", ["vaccine-planner"]),  # words match as prefixes, as on /catalog/
        ("q=%22vacc*%22%27", ["vaccine-planner"]),  # query syntax is only words
        ("entity=who", ["water-map"]),
        ("entity=UNICEF", ["vaccine-planner"]),
        ("sdg=3", ["vaccine-planner"]),
        ("license=apache", ["water-map"]),
        ("language=go", ["water-map"]),
        ("topic=health", ["vaccine-planner"]),
        ("status=draft", []),
        ("limit=1", ["vaccine-planner"]),
        ("limit=1&offset=1", ["water-map"]),
    ],
)
def test_the_list_filters_and_pages(
    catalog: dict[str, Project], query: str, expected: list[str]
) -> None:
    body = Client().get(f"/api/projects?{query}").json()
    assert [item["slug"] for item in body["items"]] == expected


def test_the_list_takes_a_fixed_number_of_queries(cast: Cast) -> None:
    for number in range(12):
        project = ProjectFactory(name=f"P{number:02}", entity=cast.unicef, status="published",
                                 repositories=[f"https://git.example.org/p{number}"])  # fmt: skip
        project.sdgs.create(goal=4, evidence="School.")
    with CaptureQueriesContext(connection) as queries:
        body = Client().get("/api/projects").json()
    assert len(body["items"]) == 12
    assert len(queries) <= 5


def test_entities_are_listed(cast: Cast) -> None:
    acronyms = [e["acronym"] for e in Client().get("/api/entities").json()]
    assert {"UNICEF", "WHO", "UNDP"} <= set(acronyms)


# Writes ---------------------------------------------------------------------------------------

NEW_PROJECT = {
    "name": "Supply tracker",
    "entity": "undp",
    "purpose": "Tracks supplies to health centres.",
    "development_status": "beta",
    "repositories": ["https://git.example.org/undp/supply"],
    "sdgs": [{"goal": 3, "evidence": "Medicines reach clinics."}],
}


def test_un_staff_create_a_draft_with_a_token(cast: Cast) -> None:
    response = post_json(Client(), "/api/projects", NEW_PROJECT, **bearer(cast.frank))
    assert response.status_code == 201, response.content
    body = response.json()
    assert body["status"] == "draft"
    assert body["sdgs"] == [{"goal": 3, "evidence": "Medicines reach clinics."}]
    project = Project.objects.get(slug=body["slug"])
    assert list(project.focal_points.all()) == [cast.frank]


def test_un_staff_cannot_create_a_project_for_another_entity(cast: Cast) -> None:
    project = {**NEW_PROJECT, "entity": "unicef"}
    response = post_json(Client(), "/api/projects", project, **bearer(cast.frank))
    assert response.status_code in (400, 422), response.content
    assert "only for your own entity, UNDP" in str(response.json())
    assert not Project.objects.exists()


def test_a_write_without_a_token_is_refused(cast: Cast) -> None:
    assert post_json(Client(), "/api/projects", NEW_PROJECT).status_code == 401
    assert not Project.objects.exists()


def test_a_session_does_not_authenticate_a_write(cast: Cast) -> None:
    response = post_json(client_for(cast.frank), "/api/projects", NEW_PROJECT)
    assert response.status_code == 401
    assert not Project.objects.exists()


def test_a_revoked_token_is_refused(cast: Cast) -> None:
    created = api_token_create(user=cast.frank, name="old")
    api_token_revoke(token=created.token, actor=cast.frank)
    response = post_json(
        Client(), "/api/projects", NEW_PROJECT, HTTP_AUTHORIZATION=f"Bearer {created.key}"
    )
    assert response.status_code == 401


def test_an_external_contributor_cannot_write(cast: Cast) -> None:
    # Their token cannot even be made; a token made while they were staff stops working.
    headers = bearer(cast.frank)
    cast.frank.staff_source = ""
    cast.frank.save(update_fields=["staff_source"])
    assert post_json(Client(), "/api/projects", NEW_PROJECT, **headers).status_code == 401


def test_staff_who_did_not_accept_the_policies_cannot_write(cast: Cast) -> None:
    headers = bearer(cast.frank)
    cast.frank.policy_acceptances.all().delete()
    response = post_json(Client(), "/api/projects", NEW_PROJECT, **headers)
    assert response.status_code == 403
    assert "policies" in response.json()["detail"]


def test_invalid_input_is_a_400_with_a_message(cast: Cast) -> None:
    data = {**NEW_PROJECT, "entity": "nowhere"}
    response = post_json(Client(), "/api/projects", data, **bearer(cast.frank))
    assert response.status_code == 400
    assert "nowhere" in response.json()["detail"]
    data = {**NEW_PROJECT, "repositories": []}
    response = post_json(Client(), "/api/projects", data, **bearer(cast.frank))
    assert response.status_code == 400
    assert "repository" in response.json()["detail"]


def test_a_focal_point_patches_their_project(cast: Cast, catalog: dict[str, Project]) -> None:
    response = Client().patch(
        "/api/projects/secret-draft", json.dumps({"purpose": "A clearer purpose."}),
        content_type="application/json", **bearer(cast.alice),
    )  # fmt: skip
    assert response.status_code == 200, response.content
    assert response.json()["purpose"] == "A clearer purpose."
    catalog["draft"].refresh_from_db()
    assert catalog["draft"].purpose == "A clearer purpose."


def test_others_cannot_patch(cast: Cast, catalog: dict[str, Project]) -> None:
    patch = json.dumps({"purpose": "Hijacked."})
    response = Client().patch(
        "/api/projects/vaccine-planner", patch, content_type="application/json",
        **bearer(cast.frank),
    )  # fmt: skip
    assert response.status_code == 403
    response = Client().patch(
        "/api/projects/secret-draft", patch, content_type="application/json",
        **bearer(cast.frank),
    )  # fmt: skip
    assert response.status_code == 404


def test_transitions_go_through_the_workflow(cast: Cast, catalog: dict[str, Project]) -> None:
    url = "/api/projects/secret-draft/transitions"
    submit = {"action": "submit", "comment": "Ready for review."}
    response = post_json(Client(), url, submit, **bearer(cast.alice))
    assert response.json() == {"slug": "secret-draft", "status": "submitted"}
    assert ProjectEvent.objects.get().comment == "Ready for review."

    approve = {"action": "approve", "comment": "Too early."}
    response = post_json(Client(), url, approve, **bearer(cast.bob))
    assert response.status_code == 400
    assert "not possible" in response.json()["detail"]

    start = {"action": "start_review", "comment": "Taking it."}
    assert post_json(Client(), url, start, **bearer(cast.frank)).status_code == 404
    response = post_json(Client(), url, start, **bearer(cast.bob))
    assert response.json()["status"] == "in_review"


def test_a_transition_needs_a_comment(cast: Cast, catalog: dict[str, Project]) -> None:
    response = post_json(
        Client(), "/api/projects/secret-draft/transitions", {"action": "submit", "comment": " "},
        **bearer(cast.alice),
    )  # fmt: skip
    assert response.status_code == 400
    assert "comment" in response.json()["detail"]


def test_a_transition_on_someone_elses_public_project_is_forbidden(
    cast: Cast, catalog: dict[str, Project]
) -> None:
    response = post_json(
        Client(), "/api/projects/water-map/transitions",
        {"action": "give_sunset_notice", "comment": "Mine now."}, **bearer(cast.frank),
    )  # fmt: skip
    assert response.status_code == 403
