"""The catalog's CSV and JSON exports, a project's publiccode.yml, and the import page."""

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from osunited.catalog.interchange.exports import VULNERABILITY_COLUMNS
from osunited.catalog.models import Project
from osunited.scanner.publiccode import validate_publiccode
from tests.conftest import Cast, client_for
from tests.factories import ProjectFactory

DHIS2 = Path(__file__).resolve().parents[1] / "data/dpga/nominees/dhis2.json"


@pytest.fixture(autouse=True)
def _no_dns(settings: Any) -> None:
    settings.OSU_SCAN_ALLOWED_HOSTS = ["git.example.org", "github.com"]


@pytest.fixture
def catalog(cast: Cast) -> dict[str, Project]:
    published = ProjectFactory(
        name="Vaccine planner", slug="vaccine-planner", entity=cast.unicef, status="published",
        focal_points=[cast.alice], repositories=["https://git.example.org/unicef/planner"],
        purpose="=HYPERLINK(\"http://evil.example\",\"click\")",
    )  # fmt: skip
    published.sdgs.create(goal=3, evidence="Health.")
    draft = ProjectFactory(
        name="Secret draft", slug="secret-draft", entity=cast.who, status="draft",
        focal_points=[cast.alice],
    )  # fmt: skip
    return {"published": published, "draft": draft}


def streamed(response: Any) -> str:
    return b"".join(response.streaming_content).decode()


def csv_rows(client: Client) -> list[dict[str, str]]:
    response = client.get(reverse("catalog:export_csv"))
    assert response["Content-Type"].startswith("text/csv")
    return list(csv.DictReader(io.StringIO(streamed(response))))


def test_the_csv_lists_only_what_the_reader_may_see(
    cast: Cast, catalog: dict[str, Project]
) -> None:
    assert [row["slug"] for row in csv_rows(Client())] == ["vaccine-planner"]
    assert [row["slug"] for row in csv_rows(client_for(cast.frank))] == ["vaccine-planner"]
    slugs = [row["slug"] for row in csv_rows(client_for(cast.alice))]
    assert slugs == ["secret-draft", "vaccine-planner"]


def test_csv_cells_that_look_like_formulas_are_neutralised(catalog: dict[str, Project]) -> None:
    [row] = csv_rows(Client())
    assert row["purpose"] == '\'=HYPERLINK("http://evil.example","click")'
    assert row["sdgs"] == "3"
    assert row["repositories"] == "https://git.example.org/unicef/planner"


@pytest.mark.parametrize("start", ["=", "+", "-", "@", "\t", "\r"])
def test_every_formula_start_is_quoted(cast: Cast, start: str) -> None:
    ProjectFactory(name="Formula", entity=cast.unicef, status="published",
                   description=f"{start}cmd|' /C calc'!A0")  # fmt: skip
    [row] = csv_rows(Client())
    assert row["description"].startswith("'" + start)


def test_the_json_export_has_its_schema(cast: Cast, catalog: dict[str, Project]) -> None:
    response = Client().get(reverse("catalog:export_json"))
    assert response["Content-Disposition"].startswith("attachment;")
    body = json.loads(streamed(response))
    assert body["format"] == "osunited-catalog/1"
    assert "generated_at" in body
    [project] = body["projects"]
    assert set(project) == {
        "slug", "name", "entity", "status", "purpose", "description", "development_status",
        "licenses", "website", "documentation_url", "repositories", "sdgs", "topics",
        "languages", "hosting", "scan_health", "latest_scan_finished_at", "status_changed_at",
        "page_url", *VULNERABILITY_COLUMNS,
    }  # fmt: skip
    assert project["sdgs"] == [{"goal": 3, "evidence": "Health."}]
    assert project["entity"] == "UNICEF"
    assert project["page_url"] == "http://testserver/catalog/vaccine-planner/"


def test_the_json_export_of_an_empty_catalog_is_valid(db: None) -> None:
    body = json.loads(streamed(Client().get(reverse("catalog:export_json"))))
    assert body["projects"] == []


def test_a_projects_publiccode_yml_validates(cast: Cast, catalog: dict[str, Project]) -> None:
    response = Client().get(reverse("catalog:project_publiccode", args=["vaccine-planner"]))
    assert response.status_code == 200
    assert validate_publiccode(response.content.decode()).valid


def test_a_drafts_publiccode_yml_is_hidden(cast: Cast, catalog: dict[str, Project]) -> None:
    url = reverse("catalog:project_publiccode", args=["secret-draft"])
    assert Client().get(url).status_code == 404
    assert client_for(cast.frank).get(url).status_code == 404
    assert client_for(cast.alice).get(url).status_code == 200


# The import page ---------------------------------------------------------------------------


def upload(client: Client, name: str, content: bytes, **data: str) -> Any:
    file = SimpleUploadedFile(name, content)
    return client.post(reverse("catalog:import"), {"file": file, **data})


def test_staff_import_a_publiccode_yml(cast: Cast, catalog: dict[str, Project]) -> None:
    url = reverse("catalog:project_publiccode", args=["vaccine-planner"])
    text = Client().get(url).content.decode()
    catalog["published"].delete()
    response = upload(client_for(cast.frank), "publiccode.yml", text.encode(),
                      format="publiccode", entity=str(cast.undp.pk))  # fmt: skip
    assert response.status_code == 200
    [outcome] = response.context["outcomes"]
    assert outcome.project.name == "Vaccine planner"
    assert outcome.project.status == "draft"
    assert list(outcome.project.focal_points.all()) == [cast.frank]


def test_a_dpga_record_is_imported_into_the_chosen_entity(cast: Cast) -> None:
    response = upload(client_for(cast.frank), "dhis2.json", DHIS2.read_bytes(),
                      format="dpga", entity=str(cast.undp.pk))  # fmt: skip
    [outcome] = response.context["outcomes"]
    assert outcome.project.entity == cast.undp
    assert "DHIS2" in response.content.decode()


def test_a_malformed_file_changes_nothing(cast: Cast) -> None:
    for name, content, kind in [
        ("bad.json", b'{"name": "x",', "dpga"),
        ("bad.yml", b"name: [unclosed", "publiccode"),
        ("bad.yml", b"\xff\xfe\x00binary", "publiccode"),
    ]:
        response = upload(client_for(cast.frank), name, content, format=kind)
        assert response.status_code == 400
        assert response.context["error"]
    assert not Project.objects.exists()


def test_a_bulk_dpga_file_is_for_platform_admins(cast: Cast) -> None:
    record = json.loads(DHIS2.read_text())
    bulk = json.dumps([record, {**record, "name": "DHIS2 copy"}]).encode()
    response = upload(client_for(cast.frank), "bulk.json", bulk, format="dpga",
                      entity=str(cast.undp.pk))  # fmt: skip
    assert response.status_code == 400
    assert not Project.objects.exists()
    response = upload(client_for(cast.heidi), "bulk.json", bulk, format="dpga",
                      entity=str(cast.undp.pk))  # fmt: skip
    assert [o.project is not None for o in response.context["outcomes"]] == [True, False]
    assert response.context["outcomes"][1].duplicate  # the same repository


def test_external_contributors_cannot_import(cast: Cast) -> None:
    response = upload(client_for(cast.carol), "dhis2.json", DHIS2.read_bytes(), format="dpga")
    assert response.status_code == 403
