"""The cases the scanner once judged with its own OSADL-only code, now the engine's: code merged
into the project, which is what the OSADL matrix speaks of
(https://www.osadl.org/fileadmin/checklists/matrix.html). Each case checks OSADL's own answer
and the engine's verdict, the most cautious of every source; SPDX expressions are read as the
SPDX specification says (a choice, OR, takes its best option; a combination, AND, its worst)."""

from __future__ import annotations

import pytest

from osunited.licenses import PairCheck, Use, Verdict, check_pair


def osadl(check: PairCheck) -> Verdict:
    return next(v.verdict for v in check.verdicts if v.source.key == "osadl")


@pytest.mark.parametrize(
    ("project", "component", "verdict"),
    [
        ("GPL-3.0-or-later", "MIT", Verdict.COMPATIBLE),
        ("Apache-2.0", "BSD-3-Clause", Verdict.COMPATIBLE),
        ("MIT", "GPL-3.0-only", Verdict.INCOMPATIBLE),
        ("Apache-2.0", "GPL-2.0-only", Verdict.INCOMPATIBLE),
        ("Apache-2.0", "MIT OR GPL-3.0-only", Verdict.COMPATIBLE),  # the project may choose MIT
        ("MIT", "Apache-2.0 AND GPL-2.0-only", Verdict.INCOMPATIBLE),  # both parts apply
        ("MIT OR GPL-3.0-only", "GPL-3.0-only", Verdict.COMPATIBLE),
    ],
)
def test_merged_code_follows_the_osadl_matrix_and_the_expression(
    project: str, component: str, verdict: Verdict
) -> None:
    check = check_pair(component, project, Use.MERGED_SOURCES)

    assert osadl(check) == verdict
    assert check.verdict == verdict


@pytest.mark.parametrize("component", ["LicenseRef-acme-eula", "not a license (("])
def test_what_no_source_can_read_is_unknown_never_compatible(component: str) -> None:
    assert check_pair(component, "Apache-2.0", Use.MERGED_SOURCES).verdict == Verdict.UNKNOWN


def test_a_linking_exception_relaxes_a_gpl_library_for_linking_not_for_merged_code() -> None:
    # The Classpath exception (https://www.gnu.org/software/classpath/license.html) lets a
    # program link the library; it says nothing of copying the library's code.
    expression = "GPL-2.0-or-later WITH Classpath-exception-2.0"

    assert check_pair(expression, "Apache-2.0", Use.DYNAMIC_LINKING).verdict == (
        Verdict.CONDITIONAL
    )
    assert check_pair(expression, "Apache-2.0", Use.MERGED_SOURCES).verdict == (
        Verdict.INCOMPATIBLE
    )


def test_a_copyleft_conflict_is_explained_in_plain_words() -> None:
    check = check_pair("AGPL-3.0-only", "MIT", Use.MERGED_SOURCES)

    families = next(v for v in check.verdicts if v.source.key == "families")
    assert "copyleft" in families.explanation
    assert "released as a whole under AGPL-3.0-only" in families.explanation
