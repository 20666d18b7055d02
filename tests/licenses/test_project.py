"""A whole project's compatibility: each component judged, the reason naming licenses, use and
path, the project taking the most cautious verdict, and the JSON form read back."""

from __future__ import annotations

import json

from osunited.licenses import (
    Component,
    ComponentKind,
    ProjectVerdict,
    Use,
    Verdict,
    judge_project,
    project_verdict_from_dict,
    project_verdict_to_dict,
)


def dependency(name: str, license: str | None, use: Use, *path: str) -> Component:
    return Component(name, ComponentKind.DEPENDENCY, license, use, tuple(path))


PROJECT = [
    dependency("pkg:npm/a", "MIT", Use.STATIC_LINKING),
    dependency("pkg:npm/b", "GPL-3.0-only", Use.STATIC_LINKING, "pkg:npm/a"),
    dependency("pkg:npm/c", None, Use.DYNAMIC_LINKING, "pkg:npm/a", "pkg:npm/x"),
    Component("vendor/lib.c", ComponentKind.FILE, "MPL-2.0", Use.MERGED_SOURCES, line=3),
]


def test_the_project_takes_its_most_cautious_component() -> None:
    verdict = judge_project("Apache-2.0", PROJECT)

    assert [c.verdict for c in verdict.components] == [
        Verdict.COMPATIBLE,
        Verdict.INCOMPATIBLE,
        Verdict.UNKNOWN,
        Verdict.INCOMPATIBLE,
    ]
    assert verdict.verdict == Verdict.INCOMPATIBLE
    assert [c.component.name for c in verdict.conflicts] == ["pkg:npm/b", "vendor/lib.c"]


def test_a_conflict_names_the_licenses_the_use_and_the_path() -> None:
    conflict = judge_project("Apache-2.0", PROJECT).components[1]

    assert "GPL-3.0-only" in conflict.reason
    assert "Apache-2.0" in conflict.reason
    assert "linked statically" in conflict.reason
    assert "pkg:npm/a -> pkg:npm/b" in conflict.reason
    assert conflict.check is not None
    assert conflict.check.verdict == Verdict.INCOMPATIBLE


def test_a_file_names_its_line() -> None:
    file = judge_project("Apache-2.0", PROJECT).components[3]

    assert "vendor/lib.c, line 3" in file.reason


def test_a_component_whose_license_nobody_states_is_unknown() -> None:
    unknown = judge_project("Apache-2.0", PROJECT).components[2]

    assert unknown.verdict == Verdict.UNKNOWN
    assert "nobody states its license" in unknown.reason
    assert "pkg:npm/a -> pkg:npm/x -> pkg:npm/c" in unknown.reason
    assert unknown.check is None


def test_without_a_project_license_everything_is_unknown() -> None:
    verdict = judge_project(None, PROJECT[:1])

    assert verdict.verdict == Verdict.UNKNOWN
    assert "states no license" in verdict.components[0].reason


def test_a_project_of_compatible_components_is_compatible() -> None:
    verdict = judge_project("GPL-3.0-only", PROJECT[:2])

    assert verdict.verdict == Verdict.COMPATIBLE
    assert judge_project("MIT", []).verdict == Verdict.COMPATIBLE


def test_a_disagreement_is_said_in_the_reason() -> None:
    verdict = judge_project("MIT", [dependency("pkg:pypi/x", "LGPL-2.1-only", Use.STATIC_LINKING)])

    assert verdict.verdict == Verdict.INCOMPATIBLE
    assert "The sources disagree" in verdict.components[0].reason


def test_components_with_the_same_license_share_one_check() -> None:
    same = [dependency(f"pkg:npm/p{i}", "MIT", Use.DYNAMIC_LINKING) for i in range(5)]

    verdict = judge_project("Apache-2.0", same)

    assert len({id(c.check) for c in verdict.components}) == 1


def test_the_verdict_round_trips_through_json() -> None:
    verdict = judge_project("Apache-2.0", PROJECT)

    stored = json.loads(json.dumps(project_verdict_to_dict(verdict)))
    read: ProjectVerdict = project_verdict_from_dict(stored)

    assert read == verdict
    assert len(stored["checks"]) == 3  # the unknown component has none
    assert project_verdict_from_dict(project_verdict_to_dict(judge_project(None, []))) == (
        judge_project(None, [])
    )
