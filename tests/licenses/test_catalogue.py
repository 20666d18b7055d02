"""Licenses as data (#18): every OSI-approved license of the SPDX list, and the content and
data licenses a documentation-and-data package needs, with its family, patent terms and
choosealicense.com's tags, found by its SPDX id; the full texts of the ScanCode LicenseDB."""

from __future__ import annotations

from pathlib import Path

import pytest
import yaml

from osunited.licenses import (
    Family,
    PatentTerms,
    all_license_facts,
    data_attribution,
    license_facts,
    license_text,
    osi_approved_ids,
)
from osunited.licenses._catalogue import LicenseDataError, _data_path, _load_entries

RULES = Path(__file__).parents[2] / "src/osunited/licenses/data/choosealicense/rules.yml"


def rule_tags() -> dict[str, set[str]]:
    rules = yaml.safe_load(RULES.read_text("utf-8"))
    return {kind: {rule["tag"] for rule in entries} for kind, entries in rules.items()}


def test_the_spdx_list_approves_141_current_licenses() -> None:
    ids = osi_approved_ids()
    assert len(ids) == 141
    assert {"MIT", "Apache-2.0", "GPL-3.0-only"} <= ids
    assert "GPL-3.0" not in ids  # deprecated


def test_every_osi_approved_license_has_facts() -> None:
    missing = sorted(spdx_id for spdx_id in osi_approved_ids() if license_facts(spdx_id) is None)
    assert not missing, f"no facts for: {', '.join(missing)}"


@pytest.mark.parametrize(
    "spdx_id",
    ["CC-BY-4.0", "CC-BY-SA-4.0", "CC0-1.0", "ODbL-1.0", "PDDL-1.0", "ODC-By-1.0", "OFL-1.1"],
)
def test_the_content_and_data_licenses_are_there_too(spdx_id: str) -> None:
    facts = license_facts(spdx_id)
    assert facts is not None
    assert facts.osi_approved == (spdx_id == "OFL-1.1")


def test_osi_approval_comes_from_the_spdx_list() -> None:
    approved = osi_approved_ids()
    for facts in all_license_facts():
        assert facts.osi_approved == (facts.spdx_id in approved), facts.spdx_id


def test_each_family_agrees_with_the_conditions() -> None:
    copyleft = {"same-license", "same-license--file", "same-license--library"}
    for facts in all_license_facts():
        conditions = set(facts.conditions)
        if facts.family == Family.NETWORK_COPYLEFT:
            assert "network-use-disclose" in conditions, facts.spdx_id
        if facts.family == Family.STRONG_COPYLEFT:
            # Sleepycat asks for the source of the whole program, under any free terms.
            assert conditions & {"same-license", "disclose-source"}, facts.spdx_id
        if facts.family == Family.WEAK_COPYLEFT:
            assert conditions & copyleft, facts.spdx_id
        if facts.family in (Family.PERMISSIVE, Family.PUBLIC_DOMAIN):
            assert not conditions & (copyleft | {"network-use-disclose"}), facts.spdx_id


def test_every_license_is_described_in_a_paragraph() -> None:
    for facts in all_license_facts():
        assert facts.name, facts.spdx_id
        assert len(facts.description) > 40, facts.spdx_id
        assert facts.summary_source in ("choosealicense.com", "osunited")


def test_every_tag_used_is_one_of_choosealicense_rules() -> None:
    known = rule_tags()
    for facts in all_license_facts():
        assert set(facts.permissions) <= known["permissions"], facts.spdx_id
        assert set(facts.conditions) <= known["conditions"], facts.spdx_id
        assert set(facts.limitations) <= known["limitations"], facts.spdx_id


@pytest.mark.parametrize(
    ("spdx_id", "family", "patent"),
    [
        ("Apache-2.0", Family.PERMISSIVE, PatentTerms.GRANTED),
        ("MIT", Family.PERMISSIVE, PatentTerms.SILENT),
        ("BSD-2-Clause-Patent", Family.PERMISSIVE, PatentTerms.GRANTED),
        ("CC0-1.0", Family.PUBLIC_DOMAIN, PatentTerms.EXCLUDED),
        ("GPL-3.0-only", Family.STRONG_COPYLEFT, PatentTerms.GRANTED),
        ("GPL-2.0-or-later", Family.STRONG_COPYLEFT, PatentTerms.SILENT),
        ("AGPL-3.0-or-later", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("LGPL-2.1-only", Family.WEAK_COPYLEFT, PatentTerms.SILENT),
        ("MPL-2.0", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("EPL-2.0", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("EUPL-1.2", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("OSL-3.0", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("Sleepycat", Family.STRONG_COPYLEFT, PatentTerms.SILENT),
        ("PDDL-1.0", Family.PUBLIC_DOMAIN, PatentTerms.SILENT),
        ("ODC-By-1.0", Family.PERMISSIVE, PatentTerms.SILENT),
        # The engine's classification (#18): module, file or library copyleft is weak; an
        # external-deployment or network clause makes a network copyleft.
        ("EPL-1.0", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("CPL-1.0", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("CDDL-1.0", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("MPL-1.1", Family.WEAK_COPYLEFT, PatentTerms.GRANTED),
        ("LGPL-2.0-or-later", Family.WEAK_COPYLEFT, PatentTerms.SILENT),
        ("RPL-1.5", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("CAL-1.0", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("CPAL-1.0", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("APSL-2.0", Family.NETWORK_COPYLEFT, PatentTerms.GRANTED),
        ("Unlicense", Family.PUBLIC_DOMAIN, PatentTerms.SILENT),
        ("0BSD", Family.PERMISSIVE, PatentTerms.SILENT),
        ("Python-2.0", Family.PERMISSIVE, PatentTerms.SILENT),
    ],
)
def test_well_known_licenses_have_their_family_and_patent_terms(
    spdx_id: str, family: Family, patent: PatentTerms
) -> None:
    facts = license_facts(spdx_id)
    assert facts is not None, spdx_id
    assert (facts.family, facts.patent) == (family, patent)


def test_cc0_says_patent_rights_are_not_granted() -> None:
    facts = license_facts("CC0-1.0")
    assert facts is not None
    assert "patent-use" in facts.limitations
    assert not facts.osi_approved


def test_a_deprecated_id_finds_its_current_license_in_any_case() -> None:
    assert license_facts("GPL-3.0") == license_facts("GPL-3.0-only")
    only, later = license_facts("gpl-3.0"), license_facts("GPL-3.0+")
    assert only is not None
    assert only.spdx_id == "GPL-3.0-only"
    assert later is not None
    assert later.spdx_id == "GPL-3.0-or-later"
    mit = license_facts(" mit ")
    assert mit is not None
    assert mit.spdx_id == "MIT"


def test_an_unknown_id_has_no_facts_and_no_text() -> None:
    assert license_facts("No-Such-License-1.0") is None
    assert license_text("No-Such-License-1.0") is None


def test_the_sources_are_named_on_each_license() -> None:
    mit, sleepycat = license_facts("MIT"), license_facts("Sleepycat")
    assert mit is not None
    assert mit.summary_source == "choosealicense.com"
    assert sleepycat is not None
    assert sleepycat.summary_source == "osunited"
    assert mit.name == "MIT License"
    assert mit.osi_approved


def test_all_license_facts_are_sorted_by_id_without_repeats() -> None:
    ids = [facts.spdx_id for facts in all_license_facts()]
    assert ids == sorted(ids)
    assert len(ids) == len(set(ids))


def test_the_full_text_of_a_license_comes_from_the_licensedb() -> None:
    text = license_text("MIT")
    assert text is not None
    assert "Permission is hereby granted" in text
    assert not text.startswith("---")
    gpl = license_text("GPL-3.0+")
    assert gpl is not None
    assert "GNU GENERAL PUBLIC LICENSE" in gpl


def test_a_license_the_licensedb_keeps_under_a_licenseref_still_has_its_text() -> None:
    text = license_text("WordNet")
    assert text is not None
    assert "Princeton University" in text


def test_the_attributions_name_each_source_and_its_license() -> None:
    attribution = " ".join(data_attribution())
    for source in (
        "choosealicense.com",
        "ScanCode LicenseDB",
        "CC-BY-4.0",
        "SPDX License List",
        "MIT License",
    ):
        assert source in attribution


def test_our_own_data_file_is_valid() -> None:
    assert _load_entries(_data_path())


def write(tmp_path: Path, entry: dict[str, object]) -> Path:
    good = {
        "id": "AAL",
        "family": "permissive",
        "patent": "silent",
        "permissions": ["commercial-use"],
        "conditions": ["include-copyright"],
        "limitations": ["warranty"],
        "description": "A paragraph.",
    }
    path = tmp_path / "licenses.yaml"
    path.write_text(yaml.safe_dump({"licenses": [good, {**good, **entry}]}), "utf-8")
    return path


@pytest.mark.parametrize(
    ("entry", "message"),
    [
        ({"id": "Nonesuch-1.0"}, r"entry 2 \(Nonesuch-1.0\): not a current SPDX license id"),
        ({"id": "GPL-3.0"}, r"entry 2 \(GPL-3.0\): not a current SPDX license id"),
        ({"id": "ISC", "family": "copyleft"}, r"entry 2 \(ISC\): family 'copyleft'"),
        ({"id": "ISC", "patent": "maybe"}, r"entry 2 \(ISC\): patent 'maybe'"),
        ({"id": "ISC", "conditions": ["give-back"]}, r"\(ISC\): unknown conditions"),
        ({"id": "ISC", "patent": "granted"}, r"\(ISC\): patent 'granted' goes with"),
        ({"id": "ISC", "limitations": ["patent-use"]}, r"\(ISC\): patent 'excluded' goes"),
        ({"id": "ISC", "description": " "}, r"\(ISC\): description must be"),
        ({"id": "ISC", "osi": True}, r"\(ISC\): missing keys \[\], unknown keys \['osi'\]"),
        ({}, r"entry 2 \(AAL\): a duplicate"),
    ],
)
def test_a_malformed_entry_raises_an_error_naming_it(
    tmp_path: Path, entry: dict[str, object], message: str
) -> None:
    with pytest.raises(LicenseDataError, match=message):
        _load_entries(write(tmp_path, entry))


def test_a_file_that_is_not_a_list_of_licenses_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "licenses.yaml"
    path.write_text("licenses: {MIT: 1}\n", "utf-8")
    with pytest.raises(LicenseDataError, match="a list under 'licenses'"):
        _load_entries(path)
    path.write_text("licenses: [\n", "utf-8")
    with pytest.raises(LicenseDataError, match="not valid YAML"):
        _load_entries(path)
