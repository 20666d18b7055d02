"""The use-case chooser (CPF 4.2.2): the engine's recommendation, its reasons tied to the
answers, the alternatives and the conflicts that included licenses force; the SPDX header."""

from __future__ import annotations

import pytest

from osunited.licenses import (
    ChooserAnswers,
    ChooserQuestion,
    CopyleftPreference,
    Deployment,
    Family,
    Released,
    recommend,
    spdx_header,
)

NETWORK = frozenset({Deployment.NETWORK})


def test_a_library_wanting_no_copyleft_and_a_patent_grant_gets_apache() -> None:
    result = recommend(ChooserAnswers(Released.LIBRARY))

    assert result.license_id == "Apache-2.0"
    assert result.family is Family.PERMISSIVE
    questions = {reason.question for reason in result.reasons}
    assert {
        ChooserQuestion.RELEASED,
        ChooserQuestion.COPYLEFT,
        ChooserQuestion.PATENTS,
    } <= questions
    mit = next(a for a in result.alternatives if a.license_id == "MIT")
    assert [r.question for r in mit.why_lower] == [ChooserQuestion.PATENTS]
    assert "says nothing of patents" in mit.why_lower[0].text


def test_without_the_patent_answer_mit_and_apache_tie_in_the_packages_order() -> None:
    packages = {"Permissive": ["MIT", "Apache-2.0"]}
    result = recommend(ChooserAnswers(Released.LIBRARY, patent_grant=False), packages)

    assert result.license_id == "MIT"
    assert result.packages == ("Permissive",)
    assert any("recommended package Permissive" in r.text for r in result.reasons)
    (apache,) = result.alternatives
    assert "as well as MIT" in apache.why_lower[-1].text


def test_a_network_service_wanting_network_copyleft_gets_a_network_copyleft() -> None:
    answers = ChooserAnswers(
        Released.SERVICE, NETWORK, CopyleftPreference.NETWORK_IF_NEEDED, patent_grant=True
    )
    result = recommend(answers)

    assert result.family is Family.NETWORK_COPYLEFT
    gpl = next(a for a in result.alternatives if a.license_id == "GPL-3.0-or-later")
    assert gpl.why_lower[0].question is ChooserQuestion.DEPLOYMENT


def test_network_if_needed_means_strong_copyleft_when_only_distributed() -> None:
    answers = ChooserAnswers(Released.APPLICATION, copyleft=CopyleftPreference.NETWORK_IF_NEEDED)
    assert recommend(answers).license_id == "GPL-3.0-or-later"


def test_a_weak_copyleft_for_an_application_ranks_permissive_licenses_lower() -> None:
    result = recommend(ChooserAnswers(Released.APPLICATION, copyleft=CopyleftPreference.WEAK))

    assert result.family is Family.WEAK_COPYLEFT
    apache = next(a for a in result.alternatives if a.license_id == "Apache-2.0")
    assert "less than asked" in apache.why_lower[0].text


@pytest.mark.parametrize(
    ("released", "expected"),
    [(Released.DOCUMENTATION, "CC-BY-4.0"), (Released.DATA, "CC0-1.0")],
)
def test_content_and_data_get_content_licenses(released: Released, expected: str) -> None:
    result = recommend(ChooserAnswers(released))

    assert result.license_id == expected
    assert all(r.question is not ChooserQuestion.PATENTS for r in result.reasons)
    apache = next(a for a in result.alternatives if a.license_id == "Apache-2.0")
    assert "written for software" in apache.why_lower[0].text


def test_software_never_gets_a_creative_commons_license() -> None:
    result = recommend(ChooserAnswers(Released.LIBRARY))
    cc_by = next(a for a in result.alternatives if a.license_id == "CC-BY-4.0")
    assert "not written for software" in cc_by.why_lower[0].text


def test_a_gpl_3_component_forces_a_gpl_3_compatible_license() -> None:
    """The FSF's list: code under GPLv3 may be combined only into a work under GPLv3 (or the
    AGPLv3, by GPLv3 section 13): https://www.gnu.org/licenses/license-list.html#GNUGPLv3"""
    result = recommend(ChooserAnswers(Released.APPLICATION, included=("GPL-3.0-only",)))

    assert result.license_id == "GPL-3.0-only"
    (conflict,) = result.conflicts
    assert conflict.included == "GPL-3.0-only"
    assert {"Apache-2.0", "MIT", "MPL-2.0"} <= set(conflict.ruled_out)
    assert "GPL-3.0-only" in conflict.compatible
    assert conflict.explanation
    apache = next(a for a in result.alternatives if a.license_id == "Apache-2.0")
    assert apache.ruled_out
    assert apache.why_lower[-1].question is ChooserQuestion.INCLUDED or any(
        r.question is ChooserQuestion.INCLUDED for r in apache.why_lower
    )


def test_permissive_components_leave_every_license_open() -> None:
    result = recommend(ChooserAnswers(Released.LIBRARY, included=("MIT", "BSD-3-Clause")))

    assert result.license_id == "Apache-2.0"
    assert result.conflicts == ()
    assert any(r.question is ChooserQuestion.INCLUDED for r in result.reasons)


def test_gpl_2_only_with_apache_2_leaves_no_license() -> None:
    """The FSF's list: the Apache License 2.0 is incompatible with GPLv2
    (https://www.gnu.org/licenses/license-list.html#apache2)."""
    answers = ChooserAnswers(Released.APPLICATION, included=("GPL-2.0-only", "Apache-2.0"))
    result = recommend(answers)

    assert result.license_id is None
    assert "No recommended license" in result.reasons[0].text
    assert {c.included for c in result.conflicts} == {"GPL-2.0-only", "Apache-2.0"}
    assert all(a.ruled_out for a in result.alternatives)


def test_no_published_package_means_no_candidate() -> None:
    result = recommend(ChooserAnswers(Released.LIBRARY), {})
    assert result.license_id is None
    assert result.reasons[0].question is ChooserQuestion.CANDIDATES


def test_an_unknown_candidate_ranks_last_and_says_why() -> None:
    result = recommend(ChooserAnswers(Released.LIBRARY), {"Odd": ["LicenseRef-odd", "MIT"]})
    assert result.license_id == "MIT"
    assert "not a license the platform knows" in result.alternatives[0].why_lower[-1].text


def test_the_spdx_header_in_a_few_comment_styles() -> None:
    assert spdx_header("apache-2.0", "UNICEF", 2025, language="python") == (
        "# SPDX-FileCopyrightText: 2025 UNICEF\n# SPDX-License-Identifier: Apache-2.0\n"
    )
    assert spdx_header("MIT", "UNICEF", 2025, language="javascript").startswith("// SPDX-File")
    assert spdx_header("MIT", "UNICEF", 2025, language="c") == (
        "/*\n * SPDX-FileCopyrightText: 2025 UNICEF\n * SPDX-License-Identifier: MIT\n */\n"
    )
    html = spdx_header("MIT OR Apache-2.0", "WHO", 2024, language="html")
    assert html == (
        "<!--\nSPDX-FileCopyrightText: 2024 WHO\nSPDX-License-Identifier: MIT OR Apache-2.0\n-->\n"
    )
    assert "LicenseRef-acme" in spdx_header("LicenseRef-acme", "WHO", 2024)


@pytest.mark.parametrize(
    ("expression", "holder", "year", "language"),
    [
        ("not a license", "UNICEF", 2025, "python"),
        ("MIT AND", "UNICEF", 2025, "python"),
        ("", "UNICEF", 2025, "python"),
        ("MIT", "two\nlines", 2025, "python"),
        ("MIT", "", 2025, "python"),
        ("MIT", "UNICEF", 25, "python"),
        ("MIT", "UNICEF", 2025, "cobol"),
        ("MIT " * 500, "UNICEF", 2025, "python"),
    ],
)
def test_the_spdx_header_refuses_bad_input_with_a_sentence(
    expression: str, holder: str, year: int, language: str
) -> None:
    with pytest.raises(ValueError, match=r"\w+ \w+"):
        spdx_header(expression, holder, year, language=language)
