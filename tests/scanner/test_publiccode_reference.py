"""The reference validator's own test corpus (italia/publiccode-parser-go, testdata/v0), run
through `validate_publiccode`: the same verdicts and the same keys in error, network aside.

The files and what the reference says of each are in tests/data/publiccode-reference/.
"""

import json
import re
from pathlib import Path
from typing import Any

import pytest

from osunited.scanner.publiccode import (
    PublicCodeValidation,
    files_in_directory,
    validate_publiccode,
)

CORPUS = Path(__file__).parents[1] / "data" / "publiccode-reference"
CASES: dict[str, dict[str, Any]] = json.loads((CORPUS / "verdicts.json").read_text())["cases"]
AGREEING = {name: case for name, case in CASES.items() if "not_checked" not in case}
_VERSION_LINE = re.compile(rb'^publiccodeYmlVersion: "0"$', re.M)
# Files that declare "0" and are read as far as their version (not refused as bytes or YAML).
VERSIONED = sorted(
    name
    for name, case in CASES.items()
    if _VERSION_LINE.search((CORPUS / name).read_bytes()) and case["errors"] != [""]
)


def validate_case(name: str) -> PublicCodeValidation:
    path = CORPUS / name
    return validate_publiccode(path.read_bytes(), files=files_in_directory(path.parent))


def same_field(ours: str, theirs: str) -> bool:
    """The reference names a field or the value inside it ("isBasedOn.foobar" where we say
    "isBasedOn", "description" where we say "description.en_GB"): one within the other."""
    shorter, longer = sorted((ours, theirs), key=len)
    return longer == shorter or longer.startswith((f"{shorter}.", f"{shorter}["))


def unmatched(ours: set[str], theirs: set[str]) -> set[str]:
    return {key for key in ours if not any(same_field(key, other) for other in theirs)}


def disagreements(name: str, case: dict[str, Any]) -> list[str]:
    result = validate_case(name)
    errors = {p.key for p in result.errors}
    warnings = {p.key for p in result.warnings}
    expected_errors = set(case["errors"])
    found = [
        f"verdict {result.verdict!r}" if result.verdict != case["verdict"] else "",
        f"errors the reference does not give: {unmatched(errors, expected_errors)}",
        f"errors missed: {unmatched(expected_errors - set(case.get('cascade', [])), errors)}",
        f"warnings the reference does not give: {unmatched(warnings, set(case['warnings']))}",
        f"warnings missed: {unmatched(set(case['warnings']), warnings)}",
    ]
    return [line for line in found if line and not line.endswith("set()")]


def test_the_corpus_is_complete() -> None:
    on_disk = {str(p.relative_to(CORPUS)) for p in CORPUS.rglob("*.yml")}

    assert on_disk == set(CASES)
    assert len(CASES) == 173


@pytest.mark.parametrize("name", sorted(AGREEING))
def test_it_judges_each_case_as_the_reference(name: str) -> None:
    assert disagreements(name, CASES[name]) == []


def test_video_urls_are_not_matched_against_the_oembed_providers() -> None:
    # The one case out of 173 where the verdicts differ, on purpose (see docs/publiccode.md).
    name = "invalid/description_en_videos_invalid_oembed.yml"

    assert CASES[name]["verdict"] == "invalid"
    assert validate_case(name).verdict == "valid"
    assert len(AGREEING) == 172


@pytest.mark.parametrize("name", VERSIONED)
def test_version_1_is_refused_alone(name: str) -> None:
    # The reference's testdata/v1: the same files declaring "1", each refused on the version.
    content = (CORPUS / name).read_bytes()

    result = validate_publiccode(_VERSION_LINE.sub(b'publiccodeYmlVersion: "1"', content))

    assert [(p.key, p.severity) for p in result.problems] == [("publiccodeYmlVersion", "error")]
