"""Licenses in plain language: choosealicense.com's summaries read as typed records."""

from __future__ import annotations

from license_expression import get_spdx_licensing  # type: ignore[import-untyped]

from osunited.licenses._summaries import (
    Family,
    family_of,
    license_summaries,
    patent_terms,
    summary_for,
)


def test_every_summary_of_the_source_is_read_with_its_rules() -> None:
    summaries = license_summaries()

    assert len(summaries) == 47
    for summary in summaries.values():
        assert summary.title
        assert summary.description
        assert summary.permissions or summary.conditions or summary.limitations


def test_every_summary_names_a_license_of_the_spdx_list() -> None:
    spdx = get_spdx_licensing()
    unknown = [
        s.spdx_id for s in license_summaries().values() if spdx.unknown_license_keys(s.spdx_id)
    ]
    assert unknown == []


def test_the_mit_license_in_plain_language() -> None:
    mit = summary_for("MIT")

    assert mit is not None
    assert [r.label for r in mit.permissions] == [
        "Commercial use",
        "Modification",
        "Distribution",
        "Private use",
    ]
    assert [r.tag for r in mit.conditions] == ["include-copyright"]
    assert {r.tag for r in mit.limitations} == {"liability", "warranty"}


def test_a_gpl_version_with_only_or_or_later_finds_its_summary() -> None:
    for license_id in ("GPL-3.0-only", "GPL-3.0-or-later", "gpl-3.0+"):
        found = summary_for(license_id)
        assert found is not None, license_id
        assert found.title == "GNU General Public License v3.0"
        assert "same-license" in {r.tag for r in found.conditions}
    assert summary_for("AGPL-3.0-or-later").title.startswith("GNU Affero")


def test_a_license_it_does_not_summarise_is_none() -> None:
    assert summary_for("LicenseRef-Proprietary") is None
    assert summary_for("") is None


def family(license_id: str) -> Family:
    found = summary_for(license_id)
    assert found is not None, license_id
    return family_of(found)


def test_each_license_has_its_family_from_its_conditions() -> None:
    assert {i: family(i) for i in ("MIT", "Apache-2.0", "BSD-3-Clause", "0BSD")} == dict.fromkeys(
        ("MIT", "Apache-2.0", "BSD-3-Clause", "0BSD"), Family.PERMISSIVE
    )
    assert family("CC0-1.0") == family("Unlicense") == Family.PUBLIC_DOMAIN
    assert family("MPL-2.0") == family("LGPL-3.0-only") == family("EPL-2.0") == Family.WEAK_COPYLEFT
    assert family("GPL-2.0-or-later") == family("CC-BY-SA-4.0") == Family.STRONG_COPYLEFT
    # The EUPL's copyleft covers communication to the public over a network, as the AGPL's does.
    assert family("AGPL-3.0-only") == family("EUPL-1.2") == Family.NETWORK_COPYLEFT
    assert {family_of(s) for s in license_summaries().values()} == set(Family)


def test_patent_terms_are_read_from_the_rules() -> None:
    terms = {i: patent_terms(summary_for(i)) for i in ("Apache-2.0", "MIT", "CC0-1.0")}  # type: ignore[arg-type]
    assert terms == {"Apache-2.0": "granted", "MIT": "silent", "CC0-1.0": "excluded"}
