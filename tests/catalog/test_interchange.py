"""publiccode.yml out and in, and records of the Digital Public Goods registry in."""

import json
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

import pytest
from django.core.exceptions import PermissionDenied

from osunited.catalog.interchange import InterchangeError
from osunited.catalog.interchange.dpga import dpga_records, dpga_to_project, match_entity
from osunited.catalog.interchange.imports import projects_import, read_import_file
from osunited.catalog.interchange.publiccode import project_to_publiccode, publiccode_to_project
from osunited.catalog.models import Project
from osunited.scanner.publiccode import validate_publiccode
from tests.conftest import Cast
from tests.factories import EntityFactory, ProjectFactory

DPGA = Path(__file__).resolve().parents[1] / "data" / "dpga"
NOMINEES = sorted((DPGA / "nominees").glob("*.json"))
LONG = (
    "Plans vaccination campaigns district by district: it estimates the children to reach, "
    "the doses and cold chain needed, and tracks coverage as health workers report it."
)


def real_records() -> list[dict[str, Any]]:
    return [json.loads(path.read_text()) for path in NOMINEES]


@pytest.fixture(autouse=True)
def _no_dns(settings: Any) -> None:
    """The SSRF guard resolves host names unless the admin allows them: allow the records'
    hosts, so that no network is used."""
    hosts = {"git.example.org"}
    for record in real_records():
        hosts |= {urlsplit(r["url"]).hostname or "" for r in record.get("repositories", [])}
    settings.OSU_SCAN_ALLOWED_HOSTS = sorted(hosts - {""})


# publiccode.yml -------------------------------------------------------------------------------


@pytest.fixture
def project(cast: Cast) -> Project:
    return ProjectFactory(
        name="Vaccine planner", entity=cast.unicef, focal_points=[cast.alice],
        purpose="Plans vaccination campaigns.", description=LONG,
        features=["Coverage maps", "Dose forecasts"], development_status="beta",
        licenses="MIT", website="https://planner.example.org",
        topics=["data-visualization", "maps"],
        repositories=["https://git.example.org/unicef/planner"],
    )  # fmt: skip


def test_the_export_is_a_valid_publiccode_yml(project: Project) -> None:
    text = project_to_publiccode(project, page_url="https://osu.example/catalog/x/")
    validation = validate_publiccode(text)
    assert validation.valid, validation.errors
    assert validation.warnings == ()  # the current version: no advice to move on
    assert validation.version == "0"
    assert "alice@" not in text  # contacts by name only


def test_a_short_description_and_no_license_still_validate(cast: Cast) -> None:
    bare = ProjectFactory(entity=cast.unicef, licenses="", description="", topics=[])
    text = project_to_publiccode(bare, page_url="https://osu.example/catalog/bare/")
    assert validate_publiccode(text).valid
    assert "url: https://osu.example/catalog/bare/" in text


def test_export_then_import_gives_the_same_fields(project: Project) -> None:
    imported = publiccode_to_project(project_to_publiccode(project, page_url="https://x.org/"))
    for field in ("name", "purpose", "description", "features", "development_status",
                  "licenses", "website"):  # fmt: skip
        assert imported.fields[field] == getattr(project, field), field
    assert imported.fields["topics"] == ["data-visualization"]  # "maps" is no publiccode category
    assert imported.repositories == ["https://git.example.org/unicef/planner"]
    assert imported.fields["prefill_sources"]["name"] == "publiccode.yml"


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("name: [unclosed", "not valid"),
        ("- a list\n- not a mapping\n", "not valid"),
        ('publiccodeYmlVersion: "0.4"\nname: Half a file\n', "url"),
        ("a: &x [1]\nb: *x\n", "aliases"),
    ],
)
def test_an_invalid_publiccode_yml_is_refused_with_its_problems(text: str, message: str) -> None:
    with pytest.raises(InterchangeError, match=message):
        publiccode_to_project(text)


def test_importing_a_publiccode_yml_creates_a_draft_for_the_importer(
    cast: Cast, project: Project
) -> None:
    text = project_to_publiccode(project, page_url="https://x.org/")
    project.delete()
    [outcome] = projects_import(
        user=cast.frank, records=read_import_file(text, kind="publiccode"),
        fallback_entity=cast.undp,
    )  # fmt: skip
    assert outcome.error == ""
    created = outcome.project
    assert created is not None
    assert created.status == "draft"
    assert list(created.focal_points.all()) == [cast.frank]
    assert created.entity == cast.undp


# DPGA registry records -----------------------------------------------------------------------


def test_there_are_real_records_to_import() -> None:
    assert len(NOMINEES) == 41


@pytest.mark.parametrize("path", NOMINEES, ids=lambda path: path.stem)
def test_every_real_record_reads_into_project_fields(path: Path) -> None:
    record = json.loads(path.read_text())
    imported = dpga_to_project(record)
    assert imported.name == record["name"]
    assert imported.fields["description"]
    assert len(imported.fields["purpose"]) <= 300
    assert [goal for goal, _ in imported.sdgs] == sorted({s["SDGNumber"] for s in record["SDGs"]})
    assert all(evidence for _, evidence in imported.sdgs)
    assert imported.fields["licenses"]
    assert "GPL-3.0 " not in imported.fields["licenses"] + " "


def test_sdg_evidence_comes_from_the_record() -> None:
    record = json.loads((DPGA / "nominees" / "dhis2.json").read_text())
    imported = dpga_to_project(record)
    goals = dict(imported.sdgs)
    assert goals[3].startswith("DHIS2 is the world's largest")
    assert goals[17].startswith("The HISP mission statement")  # no text: the evidence URL
    assert imported.fields["licenses"] == "BSD-3-Clause"
    assert imported.repositories == ["https://github.com/dhis2/dhis2-core"]
    assert imported.fields["website"] == "https://www.dhis2.org/"


def test_organisations_match_un_entities_by_acronym_or_name(cast: Cast) -> None:
    fao = EntityFactory(acronym="FAO", name="Food and Agriculture Organization")
    wfp = EntityFactory(acronym="WFP", name="World Food Programme")
    entities = [cast.undp, fao, wfp]
    assert match_entity(["FAO"], entities) == fao
    assert match_entity(["Food and Agriculture Organization (FAO) of the United Nations"],
                        entities) == fao  # fmt: skip
    assert match_entity(["United Nations Development Programme (UNDP)"], entities) == cast.undp
    assert match_entity(["United Nations World Food Programme"], entities) == wfp
    assert match_entity(["Norad", "KoBo, Inc"], entities) is None


def test_every_real_record_imports_with_a_clear_outcome(cast: Cast) -> None:
    """Bulk import of the whole registry sample by an admin. Records whose organisations name a
    UN entity go to it, the others to the chosen entity; a record without any repository cannot
    be an externally hosted project and says so."""
    fao = EntityFactory(acronym="FAO", name="Food and Agriculture Organization")
    records = read_import_file(json.dumps(real_records()), kind="dpga")
    outcomes = projects_import(user=cast.heidi, records=records, fallback_entity=cast.who)
    assert len(outcomes) == 41
    without_repository = {
        r["name"] for r in real_records() if not any(x["url"] for x in r.get("repositories", []))
    }
    assert len(without_repository) == 4
    failed = {o.name: o.error for o in outcomes if not o.project}
    assert failed == dict.fromkeys(
        without_repository, "An externally hosted project needs at least one repository URL."
    )
    assert Project.objects.count() == 37
    assert Project.objects.get(name="Open Foris Collect").entity == fao
    assert Project.objects.get(name="PRISM").entity == cast.who  # no WFP entity here
    assert Project.objects.get(name="UN Biodiversity Lab").entity == cast.undp
    assert Project.objects.get(name="DHIS2").entity == cast.who
    dhis2 = Project.objects.get(name="DHIS2")
    assert dhis2.status == "draft"
    assert list(dhis2.focal_points.all()) == [cast.heidi]
    assert dhis2.sdgs.count() == 3


def test_unknown_organisations_are_a_per_record_error_without_a_chosen_entity(
    cast: Cast,
) -> None:
    record = (DPGA / "nominees" / "dhis2.json").read_text()
    [outcome] = projects_import(user=cast.frank, records=read_import_file(record, kind="dpga"))
    assert outcome.project is None
    assert "No UN entity among the organisations" in outcome.error
    assert "Health Information Systems Programme" in outcome.error
    assert not Project.objects.exists()


def test_a_reimport_finds_the_project_by_name_or_repository(cast: Cast) -> None:
    record = json.loads((DPGA / "nominees" / "dhis2.json").read_text())
    first = projects_import(
        user=cast.frank, records=[dpga_to_project(record)], fallback_entity=cast.undp
    )
    assert first[0].project is not None
    renamed = dpga_to_project({**record, "name": "DHIS 2 (renamed)"})
    [again] = projects_import(user=cast.frank, records=[renamed], fallback_entity=cast.undp)
    assert again.duplicate
    assert again.existing == first[0].project
    assert Project.objects.count() == 1


def test_several_records_at_once_are_for_platform_admins(cast: Cast) -> None:
    records = read_import_file(json.dumps(real_records()[:2]), kind="dpga")
    with pytest.raises(PermissionDenied):
        projects_import(user=cast.frank, records=records, fallback_entity=cast.undp)
    assert not Project.objects.exists()


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ('{"name": "Broken", ', "not valid JSON"),
        ('"just a string"', "a record"),
        ("[1, 2]", "a record"),
        ("[]", "a record"),
    ],
)
def test_a_malformed_dpga_file_is_refused(text: str, message: str) -> None:
    with pytest.raises(InterchangeError, match=message):
        dpga_records(text)


def test_a_record_without_required_keys_is_its_own_error(cast: Cast) -> None:
    good = real_records()[0]
    records = read_import_file(json.dumps([{"name": "Nameless"}, good]), kind="dpga")
    outcomes = projects_import(user=cast.heidi, records=records, fallback_entity=cast.undp)
    assert outcomes[0].error.startswith("Nameless: The record lacks description")
    assert outcomes[1].project is not None
