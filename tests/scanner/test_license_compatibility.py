"""License compatibility of a dependency with the project's license (OSADL matrix)."""

from __future__ import annotations

import pytest

from osunited.scanner.licenses._compat import Verdict, compatibility


@pytest.mark.parametrize(
    ("project", "dependency", "verdict"),
    [
        ("GPL-3.0-or-later", "MIT", Verdict.COMPATIBLE),
        ("Apache-2.0", "BSD-3-Clause", Verdict.COMPATIBLE),
        ("MIT", "GPL-3.0-only", Verdict.INCOMPATIBLE),
        ("Apache-2.0", "GPL-2.0-only", Verdict.INCOMPATIBLE),
        ("Apache-2.0", "MIT OR GPL-3.0-only", Verdict.COMPATIBLE),  # the project may choose MIT
        ("MIT", "Apache-2.0 AND GPL-2.0-only", Verdict.INCOMPATIBLE),  # both parts apply
        ("MIT OR GPL-3.0-only", "GPL-3.0-only", Verdict.COMPATIBLE),
        ("Apache-2.0", "LicenseRef-acme-eula", Verdict.UNKNOWN),
        ("Apache-2.0", "not a license ((", Verdict.UNKNOWN),
        ("Apache-2.0", "GPL-2.0-or-later WITH Classpath-exception-2.0", Verdict.CONDITIONAL),
    ],
)
def test_compatibility_follows_the_matrix_and_the_expression(
    project: str, dependency: str, verdict: Verdict
) -> None:
    assert compatibility(project, dependency).verdict == verdict


def test_a_copyleft_conflict_is_explained_in_plain_words() -> None:
    explanation = compatibility("MIT", "AGPL-3.0-only").explanation
    assert "copyleft" in explanation
    assert "released as a whole under AGPL-3.0-only" in explanation
