"""The OSEE framework as a 1EdTech CASE 1.1 package: valid against 1EdTech's own JSON Schema of
the CFPackage (tests/osee/data/case_v1p1_cfpackage-jsonschema1.json, see the README there), with
identifiers that never change from one export to the next."""

from __future__ import annotations

import json
from collections import Counter
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema
import pytest

from osunited.osee import case_identifier, case_package, load_osee

SCHEMA = Path(__file__).resolve().parent / "data" / "case_v1p1_cfpackage-jsonschema1.json"
BASE = "https://platform.example/learning/osee/"


@cache
def validator() -> jsonschema.Draft201909Validator:
    schema = json.loads(SCHEMA.read_text("utf-8"))
    return jsonschema.Draft201909Validator(
        schema, format_checker=jsonschema.Draft201909Validator.FORMAT_CHECKER
    )


def package() -> dict[str, Any]:
    return case_package(load_osee(), BASE, guideline_titles={"CB2": "Develop plans"})


def test_the_package_is_valid_against_the_cfpackage_schema() -> None:
    errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator().iter_errors(package())]
    assert errors == []


@pytest.mark.parametrize(
    "spoil",
    [
        lambda p: p["CFItems"][0].pop("uri"),
        lambda p: p["CFItems"][0].update(identifier="strategy"),
        lambda p: p["CFAssociations"][0].update(associationType="dependsOn"),
        lambda p: p["CFDocument"].update(lastChangeDateTime="October 2024"),
    ],
)
def test_the_schema_refuses_a_spoilt_package(spoil: Any) -> None:
    spoilt = package()
    spoil(spoilt)
    assert not validator().is_valid(spoilt)


def test_every_category_module_and_competency_is_an_item_of_its_type() -> None:
    osee = load_osee()
    items = package()["CFItems"]
    assert Counter(item["CFItemType"] for item in items) == {
        "Category": 3,
        "Module": 9,
        "Competency": 37,
    }
    by_code = {item["humanCodingScheme"]: item for item in items}
    competency = by_code["strategy/costing-labour-versus-licences"]
    assert competency["abbreviatedStatement"] == "Costing Labour versus licences"
    description = osee.competency(competency["humanCodingScheme"]).description
    assert competency["fullStatement"] == description
    assert competency["uri"] == f"{BASE}strategy/#costing-labour-versus-licences"
    assert by_code["strategy"]["uri"] == f"{BASE}strategy/"
    assert "to be completed" in by_code["technical"]["notes"]


def test_the_tree_is_made_of_is_child_of_associations() -> None:
    result = package()
    identifiers = {item["humanCodingScheme"]: item["identifier"] for item in result["CFItems"]}
    parent_of = {
        a["originNodeURI"]["identifier"]: a["destinationNodeURI"]["identifier"]
        for a in result["CFAssociations"]
        if a["associationType"] == "isChildOf"
    }
    assert len(parent_of) == 3 + 9 + 37
    assert parent_of[identifiers["technical"]] == result["CFDocument"]["identifier"]
    assert parent_of[identifiers["strategy"]] == identifiers["organisational-and-programmatic"]
    competency = identifiers["capacity-building/strategic-funding-acquisition"]
    assert parent_of[competency] == identifiers["capacity-building"]


def test_dependencies_and_cpf_alignments_are_related_associations_with_their_reason() -> None:
    osee = load_osee()
    result = package()
    definitions = result["CFDefinitions"]
    groupings = {g["title"]: g["identifier"] for g in definitions["CFAssociationGroupings"]}
    related = [a for a in result["CFAssociations"] if a["associationType"] == "isRelatedTo"]
    to_cb2 = [a for a in related if a["destinationNodeURI"]["uri"] == f"{BASE}#cpf-CB2"]
    cb2 = osee.alignment("CB2")
    assert cb2 is not None
    assert len(to_cb2) == len(cb2.module_ids) + len(cb2.competency_ids)
    assert {a["notes"] for a in to_cb2} == {cb2.reason}
    assert to_cb2[0]["destinationNodeURI"]["title"] == "CB2: Develop plans"
    assert {a["CFAssociationGroupingURI"]["identifier"] for a in to_cb2} == {
        groupings["Alignment with the CPF"]
    }
    dependencies = [
        a for a in related if a["CFAssociationGroupingURI"]["title"] == "Dependencies and overlaps"
    ]
    named = sum(1 for m in osee.modules for d in m.dependencies if d.module_id)
    assert len(dependencies) == named


def test_identifiers_are_stable_and_unique() -> None:
    first, second = package(), case_package(load_osee(), "https://elsewhere.example/osee")
    assert [i["identifier"] for i in first["CFItems"]] == [
        i["identifier"] for i in second["CFItems"]
    ]
    assert first["CFDocument"]["identifier"] == second["CFDocument"]["identifier"]
    # Fixed for good: a learning system that aligned its courses to them keeps its alignment.
    assert case_identifier("module:strategy") == "b893bb75-c7b7-5960-a126-1b42c37e8f6b"
    identifiers = [i["identifier"] for i in first["CFItems"]]
    identifiers += [a["identifier"] for a in first["CFAssociations"]]
    assert len(identifiers) == len(set(identifiers))


def test_the_last_change_is_the_drafts_month() -> None:
    result = package()
    assert result["CFDocument"]["lastChangeDateTime"] == "2024-10-01T00:00:00+00:00"
    assert result["CFDocument"]["caseVersion"] == "1.1"
    assert {i["lastChangeDateTime"] for i in result["CFItems"]} == {"2024-10-01T00:00:00+00:00"}
