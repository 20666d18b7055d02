"""One license against another for each kind of use, by each independent source. Published
cases name where they are published."""

from __future__ import annotations

import time

import pytest

from osunited.licenses import SOURCES, PairCheck, Use, Verdict, check_pair

LINKING = (Use.DYNAMIC_LINKING, Use.STATIC_LINKING)


def said(check: PairCheck, source: str) -> Verdict:
    return next(v.verdict for v in check.verdicts if v.source.key == source)


def test_every_source_answers_every_check_once() -> None:
    check = check_pair("MIT", "Apache-2.0", Use.MERGED_SOURCES)

    assert [v.source for v in check.verdicts] == list(SOURCES)
    assert {s.key for s in SOURCES} == {"osadl", "fsf", "eupl", "asf", "families"}
    assert all(v.explanation for v in check.verdicts)


# The GNU project's license list, https://www.gnu.org/licenses/license-list.html#apache2:
# "compatible with GPLv3", not with GPLv2.
@pytest.mark.parametrize(
    ("outbound", "expected"),
    [("GPL-3.0-only", Verdict.COMPATIBLE), ("GPL-2.0-only", Verdict.INCOMPATIBLE)],
)
def test_fsf_apache_2_is_compatible_with_gplv3_not_gplv2(outbound: str, expected: Verdict) -> None:
    check = check_pair("Apache-2.0", outbound, Use.MERGED_SOURCES)

    assert said(check, "fsf") == expected
    assert next(v for v in check.verdicts if v.source.key == "fsf").reference.endswith("#apache2")


def test_fsf_gplv2_or_later_code_may_join_a_gplv3_work_gplv2_only_may_not() -> None:
    # https://www.gnu.org/licenses/license-list.html#GPLv2
    assert said(check_pair("GPL-2.0-or-later", "GPL-3.0-only", Use.MERGED_SOURCES), "fsf") == (
        Verdict.COMPATIBLE
    )
    assert said(check_pair("GPL-2.0-only", "GPL-3.0-only", Use.MERGED_SOURCES), "fsf") == (
        Verdict.INCOMPATIBLE
    )


def test_fsf_apache_code_in_a_gplv2_or_later_project_takes_gplv3() -> None:
    check = check_pair("Apache-2.0", "GPL-2.0-or-later", Use.MERGED_SOURCES)

    fsf = next(v for v in check.verdicts if v.source.key == "fsf")
    assert fsf.verdict == Verdict.CONDITIONAL
    assert "GPLv3 or later" in fsf.explanation


def test_osadl_apache_2_in_a_gpl_2_only_work_is_no() -> None:
    # OSADL matrix, https://www.osadl.org/fileadmin/checklists/matrix.html: row GPL-2.0-only,
    # column Apache-2.0: "No".
    check = check_pair("Apache-2.0", "GPL-2.0-only", Use.STATIC_LINKING)

    assert said(check, "osadl") == Verdict.INCOMPATIBLE
    assert "No" in next(v for v in check.verdicts if v.source.key == "osadl").explanation


def test_osadl_does_not_speak_of_distinct_components_or_tools() -> None:
    for use in (Use.DISTINCT_COMPONENT, Use.TOOL):
        assert said(check_pair("GPL-3.0-only", "MIT", use), "osadl") == Verdict.NOT_COVERED


def test_eupl_appendix_lets_eupl_code_be_combined_under_gpl_3() -> None:
    # EUPL-1.2, article 5 and its appendix ("GNU GPL v. 3"),
    # https://joinup.ec.europa.eu/collection/eupl/matrix-eupl-compatible-open-source-licences
    check = check_pair("EUPL-1.2", "GPL-3.0-only", Use.MERGED_SOURCES)

    assert said(check, "eupl") == Verdict.COMPATIBLE


def test_eupl_code_merged_into_a_licence_outside_its_appendix_is_incompatible() -> None:
    check = check_pair("EUPL-1.2", "MIT", Use.MERGED_SOURCES)

    assert said(check, "eupl") == Verdict.INCOMPATIBLE
    assert said(check_pair("EUPL-1.2", "MIT", Use.DYNAMIC_LINKING), "eupl") == (Verdict.CONDITIONAL)


def test_asf_category_x_gpl_may_not_be_included_in_an_apache_project() -> None:
    # ASF 3rd Party License Policy, https://www.apache.org/legal/resolved.html#category-x
    for use in (Use.STATIC_LINKING, Use.MERGED_SOURCES):
        assert said(check_pair("GPL-3.0-only", "Apache-2.0", use), "asf") == Verdict.INCOMPATIBLE
    # Kept separate, it is the ASF's rule for its own products, not the license's.
    for use in (Use.DISTINCT_COMPONENT, Use.DYNAMIC_LINKING):
        check = check_pair("GPL-3.0-only", "Apache-2.0", use)
        assert said(check, "asf") == Verdict.CONDITIONAL
        assert (
            "own products" in next(v for v in check.verdicts if v.source.key == "asf").explanation
        )
    # ... but "using a GPL'ed tool during the build is okay" (#prohibited).
    assert said(check_pair("GPL-3.0-only", "Apache-2.0", Use.TOOL), "asf") == Verdict.COMPATIBLE


def test_asf_category_b_only_in_binary_form() -> None:
    # https://www.apache.org/legal/resolved.html#category-b: MPL 2.0, binary-only inclusion.
    assert said(check_pair("MPL-2.0", "Apache-2.0", Use.STATIC_LINKING), "asf") == (
        Verdict.CONDITIONAL
    )
    assert said(check_pair("MPL-2.0", "Apache-2.0", Use.MERGED_SOURCES), "asf") == (
        Verdict.INCOMPATIBLE
    )
    assert said(check_pair("MIT", "Apache-2.0", Use.MERGED_SOURCES), "asf") == Verdict.COMPATIBLE


def test_asf_speaks_of_apache_projects_only() -> None:
    assert said(check_pair("MIT", "GPL-3.0-only", Use.MERGED_SOURCES), "asf") == (
        Verdict.NOT_COVERED
    )


@pytest.mark.parametrize("outbound", ["MIT", "Apache-2.0", "LicenseRef-Proprietary"])
def test_families_lgpl_dynamic_linking_is_fine_for_permissive_and_proprietary(
    outbound: str,
) -> None:
    # The LGPL's purpose (https://www.gnu.org/licenses/why-not-lgpl.html): non-free programs
    # may link the library.
    assert said(check_pair("LGPL-2.1-only", outbound, Use.DYNAMIC_LINKING), "families") == (
        Verdict.COMPATIBLE
    )
    static = check_pair("LGPL-2.1-only", outbound, Use.STATIC_LINKING)
    families = next(v for v in static.verdicts if v.source.key == "families")
    assert families.verdict == Verdict.CONDITIONAL
    assert "relink" in families.explanation
    assert said(check_pair("LGPL-2.1-only", outbound, Use.MERGED_SOURCES), "families") == (
        Verdict.INCOMPATIBLE
    )


def test_families_strong_copyleft_is_fine_beside_the_project_not_inside_it() -> None:
    beside = check_pair("GPL-3.0-only", "MIT", Use.DISTINCT_COMPONENT)
    linked = check_pair("GPL-3.0-only", "MIT", Use.DYNAMIC_LINKING)

    assert beside.verdict == Verdict.COMPATIBLE
    assert "offer the sources" in beside.verdicts[-1].explanation
    assert linked.verdict == Verdict.INCOMPATIBLE
    assert said(check_pair("GPL-3.0-only", "GPL-3.0-or-later", Use.MERGED_SOURCES), "families") == (
        Verdict.COMPATIBLE
    )


def test_families_network_copyleft_names_network_use() -> None:
    check = check_pair("AGPL-3.0-only", "Apache-2.0", Use.STATIC_LINKING)

    assert "network" in check.verdicts[-1].explanation


def test_a_real_disagreement_between_published_sources_is_kept() -> None:
    # EUPL-1.2 code in a GPL-3.0-only work: the EUPL's appendix names GPLv3 (compatible), the
    # GNU list says it needs relicensing first (conditional), OSADL answers Yes.
    check = check_pair("EUPL-1.2", "GPL-3.0-only", Use.MERGED_SOURCES)

    assert check.disagreement
    assert said(check, "eupl") == Verdict.COMPATIBLE
    assert said(check, "fsf") == Verdict.CONDITIONAL
    assert said(check, "osadl") == Verdict.COMPATIBLE
    assert check.verdict == Verdict.CONDITIONAL  # the most cautious, not an average


def test_osadl_and_the_family_rules_disagree_on_lgpl_linked_statically_by_mit() -> None:
    check = check_pair("LGPL-2.1-only", "MIT", Use.STATIC_LINKING)

    assert said(check, "osadl") == Verdict.INCOMPATIBLE
    assert said(check, "families") == Verdict.CONDITIONAL
    assert check.disagreement


def test_osadl_keeps_a_gpl_3_only_part_out_of_an_or_later_work_where_the_gnu_list_does_not() -> (
    None
):
    check = check_pair("GPL-3.0-only", "GPL-3.0-or-later", Use.STATIC_LINKING)

    assert said(check, "osadl") == Verdict.INCOMPATIBLE
    assert said(check, "fsf") == Verdict.COMPATIBLE
    assert check.disagreement


def test_a_choice_takes_its_best_option() -> None:
    check = check_pair("GPL-3.0-only OR MIT", "Apache-2.0", Use.MERGED_SOURCES)

    assert check.verdict == Verdict.COMPATIBLE
    assert "choice" in check.verdicts[0].explanation


def test_a_combination_takes_its_worst_part() -> None:
    check = check_pair("MIT AND GPL-3.0-only", "Apache-2.0", Use.MERGED_SOURCES)

    assert check.verdict == Verdict.INCOMPATIBLE
    assert said(check, "asf") == Verdict.INCOMPATIBLE


def test_an_outbound_choice_takes_the_option_that_fits() -> None:
    check = check_pair("GPL-3.0-only", "MIT OR GPL-3.0-or-later", Use.MERGED_SOURCES)

    assert said(check, "families") == Verdict.COMPATIBLE


def test_a_linking_exception_lets_a_gpl_library_be_linked() -> None:
    with_exception = "GPL-2.0-only WITH Classpath-exception-2.0"

    assert said(check_pair(with_exception, "MIT", Use.DYNAMIC_LINKING), "families") == (
        Verdict.COMPATIBLE
    )
    assert said(check_pair(with_exception, "MIT", Use.MERGED_SOURCES), "families") == (
        Verdict.INCOMPATIBLE
    )
    # OSADL's matrix has a column for this very license with its exception.
    assert said(check_pair(with_exception, "GPL-2.0-only", Use.STATIC_LINKING), "osadl") == (
        Verdict.COMPATIBLE
    )


def test_an_unknown_license_is_covered_by_no_source() -> None:
    check = check_pair("LicenseRef-Mystery", "MIT", Use.MERGED_SOURCES)

    assert check.covering == ()
    assert check.verdict == Verdict.UNKNOWN


@pytest.mark.parametrize(
    "hostile",
    ["", "   ", "(((", "MIT AND", "hello world !!!", "MIT WITH", "\x00\x01", "MIT " * 2_500],
)
def test_hostile_input_is_unknown_with_a_reason_quickly(hostile: str) -> None:
    start = time.perf_counter()
    check = check_pair(hostile, "MIT", Use.MERGED_SOURCES)
    assert time.perf_counter() - start < 0.5

    assert check.verdict == Verdict.UNKNOWN
    assert all(v.verdict == Verdict.UNKNOWN and v.explanation for v in check.verdicts)


def test_a_ten_thousand_character_expression_is_not_read() -> None:
    long = " AND ".join(["MIT"] * 2_000)[:10_000]

    check = check_pair("MIT", long, Use.TOOL)

    assert check.verdict == Verdict.UNKNOWN
    assert "10,000 characters" in check.verdicts[0].explanation


def test_family_rules_leave_patent_terms_into_a_copyleft_to_the_sources_that_know() -> None:
    # GNU license list (#apache2): Apache-2.0 joins GPLv3 but not GPLv2. A rule by family alone
    # cannot tell the two apart, so it does not pronounce, and the project's verdict follows
    # the sources that do.
    for outbound, expected in (
        ("GPL-3.0-or-later", Verdict.COMPATIBLE),
        ("GPL-2.0-only", Verdict.INCOMPATIBLE),
    ):
        check = check_pair("Apache-2.0", outbound, Use.STATIC_LINKING)
        families = next(v for v in check.verdicts if v.source.key == "families")
        assert families.verdict == Verdict.NOT_COVERED
        assert check.verdict == expected
        assert not check.disagreement


def test_osadl_speaks_of_including_not_of_a_library_loaded_at_run_time() -> None:
    # The LGPL-2.1 (section 6) lets a program under any terms use the library as a shared
    # library; the OSADL matrix's No for an LGPL part in an MIT work is about including it.
    linked = check_pair("LGPL-2.1-only", "MIT", Use.DYNAMIC_LINKING)
    assert said(linked, "osadl") == Verdict.NOT_COVERED
    assert linked.verdict == Verdict.COMPATIBLE
    merged = check_pair("LGPL-2.1-only", "MIT", Use.MERGED_SOURCES)
    assert said(merged, "osadl") == Verdict.INCOMPATIBLE
