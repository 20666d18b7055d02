"""Loading the OSEE data: the shipped files load, every CPF governance and capacity-building
guideline is aligned, and a file that breaks a rule is refused with the entry named."""

from __future__ import annotations

from importlib import resources

import pytest
import yaml

from osunited.framework import load_framework
from osunited.osee import CATEGORY_IDS, MODULE_IDS, OseeError, competency_id, load_osee, parse_osee

DATA = resources.files("osunited.osee").joinpath("data")


def osee_document() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(DATA.joinpath("osee-2024-10.yaml").read_text("utf-8"))


def alignment_document() -> dict:  # type: ignore[type-arg]
    return yaml.safe_load(DATA.joinpath("cpf-alignment.yaml").read_text("utf-8"))


def parse(osee: dict, alignments: dict | None = None):  # type: ignore[no-untyped-def,type-arg]
    return parse_osee(
        yaml.safe_dump(osee), alignments=None if alignments is None else yaml.safe_dump(alignments)
    )


def test_the_shipped_framework_has_every_module_and_category_in_order() -> None:
    osee = load_osee()
    assert tuple(m.id for m in osee.modules) == MODULE_IDS
    assert {c.id for c in osee.categories} == set(CATEGORY_IDS)
    assert (osee.date, osee.version) == ("2024-10", "Working Draft, October 2024")
    assert [r.role for r in osee.ospo_roles][:2] == ["Strategy / management", "Fundraising"]
    assert len(osee.ospo_roles) == 7
    assert all(r.strategic for r in osee.ospo_roles)


def test_competency_ids_are_scoped_by_module_and_unique() -> None:
    osee = load_osee()
    ids = [c.id for c in osee.competencies()]
    assert len(ids) == len(set(ids)) == 37
    assert osee.competency("strategy/costing-labour-versus-licences").name == (
        "Costing Labour versus licences"
    )
    assert competency_id("requirements-and-specifications", "Continuous Evaluation & X") == (
        "requirements-and-specifications/continuous-evaluation-x"
    )


def test_every_cb_and_g_guideline_of_the_cpf_is_aligned_to_what_exists() -> None:
    osee = load_osee()
    guidelines = [
        item.id
        for item in load_framework("cpf-rc1").items
        if item.pillar in {"governance", "capacity_building"}
    ]
    assert guidelines == [f"G{n}" for n in range(1, 11)] + [f"CB{n}" for n in range(1, 5)]
    assert [a.guideline_id for a in osee.alignments] == guidelines
    for alignment in osee.alignments:
        assert alignment.reason
        assert alignment.module_ids
        for module_id in alignment.module_ids:
            osee.module(module_id)
        for competency_id_ in alignment.competency_ids:
            assert osee.competency(competency_id_).module_id in alignment.module_ids


def test_the_capacity_building_guidelines_name_competencies() -> None:
    osee = load_osee()
    for guideline in ("CB1", "CB2", "CB3", "CB4"):
        alignment = osee.alignment(guideline)
        assert alignment is not None
        assert alignment.competency_ids, guideline
    cb2 = osee.alignment("CB2")
    assert cb2 is not None
    assert "procurement-and-legal" in cb2.module_ids


def test_an_error_names_the_entry_at_fault() -> None:
    document = osee_document()
    del document["modules"][1]["competencies"][2]["description"]
    with pytest.raises(OseeError) as raised:
        parse(document)
    message = str(raised.value)
    assert "modules[1 'strategy'].competencies[2 'Platform and tool selection'].description" in (
        message
    )
    assert "Field required" in message


def test_an_unknown_key_is_refused() -> None:
    document = osee_document()
    document["modules"][0]["duration"] = "2 hours"
    with pytest.raises(OseeError, match=r"modules\[0 'dpg-management-program'\]\.duration"):
        parse(document)


def test_a_missing_module_is_refused() -> None:
    document = osee_document()
    del document["modules"][2]
    with pytest.raises(OseeError, match="Missing: community-management"):
        parse(document)


def test_a_competency_named_twice_in_a_module_is_refused() -> None:
    document = osee_document()
    competencies = document["modules"][1]["competencies"]
    competencies.append(dict(competencies[0]))
    with pytest.raises(OseeError, match="'strategy/costing-labour-versus-licences' appears twice"):
        parse(document)


def test_a_dependency_on_an_unknown_module_is_refused() -> None:
    document = osee_document()
    document["modules"][1]["dependencies"][0]["module"] = "no-such-module"
    with pytest.raises(OseeError, match=r"modules\[strategy\] depends on an unknown module"):
        parse(document)


def test_an_incomplete_category_with_modules_is_refused() -> None:
    document = osee_document()
    document["modules"][1]["category"] = "technical"
    with pytest.raises(OseeError, match=r"technical.*incomplete but has modules"):
        parse(document)


def test_an_alignment_naming_an_unknown_competency_is_refused() -> None:
    alignments = alignment_document()
    alignments["alignments"][0]["competencies"] = ["strategy/no-such-competency"]
    with pytest.raises(OseeError, match=r"alignments\[G1\] names what the framework lacks"):
        parse(osee_document(), alignments)


def test_an_alignment_naming_a_competency_of_a_module_it_leaves_out_is_refused() -> None:
    alignments = alignment_document()
    outside = "digital-inclusion/designing-inclusive-open-source-software-solutions"
    alignments["alignments"][0]["competencies"] = [outside]
    with pytest.raises(OseeError, match="belong to modules it does not name"):
        parse(osee_document(), alignments)


def test_a_guideline_aligned_twice_is_refused() -> None:
    alignments = alignment_document()
    alignments["alignments"].append(alignments["alignments"][0])
    with pytest.raises(OseeError, match="'G1' appears twice"):
        parse(osee_document(), alignments)


def test_text_that_is_not_yaml_is_refused() -> None:
    with pytest.raises(OseeError, match="not valid YAML"):
        parse_osee("modules: [")
