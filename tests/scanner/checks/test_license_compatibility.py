"""license.compatibility: the whole project judged by the licenses engine, each dependency for
the way it is used and with the chain of packages that brings it in; the verdict read back from
a stored report, and carried by the SBOMs."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from spdx_tools.spdx.model import Document
from spdx_tools.spdx.model.annotation import AnnotationType
from spdx_tools.spdx.parser.json import json_parser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from osunited.licenses import ComponentKind, Use, Verdict, project_verdict_to_dict
from osunited.scanner import (
    Outcome,
    ScanReport,
    Severity,
    project_compatibility,
    report_from_dict,
    scan,
)
from osunited.scanner.reports import render
from tests.scanner.conftest import TreeMaker

ONLY = ["license.project", "deps.inventory", "license.compatibility"]


def package_lock(root: list[str], packages: dict[str, dict[str, Any]]) -> str:
    """A package-lock.json v3: the project requires `root`; `packages` by name."""
    entries: dict[str, Any] = {"": {"dependencies": dict.fromkeys(root, "*")}}
    entries |= {f"node_modules/{name}": entry for name, entry in packages.items()}
    return json.dumps({"lockfileVersion": 3, "packages": entries}, indent=2)


@pytest.fixture
def apache_with_gpl_below(make_tree: TreeMaker, license_texts: dict[str, str]) -> Path:
    """An Apache-2.0 project whose MIT dependency requires a GPL-3.0-only package."""
    lock = package_lock(
        ["express"],
        {
            "express": {"version": "4.19.2", "license": "MIT", "dependencies": {"gpl-lib": "1"}},
            "gpl-lib": {"version": "1.0.0", "license": "GPL-3.0-only"},
        },
    )
    return make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "package.json": json.dumps({"dependencies": {"express": "4.19.2"}}),
            "package-lock.json": lock,
        }
    )


def test_a_gpl_package_two_levels_down_is_an_error_naming_its_path(
    apache_with_gpl_below: Path,
) -> None:
    result = scan(apache_with_gpl_below, use_cache=False, only=ONLY).result("license.compatibility")

    assert result.outcome == Outcome.FAIL
    [finding] = result.findings
    assert finding.severity == Severity.ERROR
    assert finding.rule_id == "license.compatibility.conflict"
    assert "GPL-3.0-only" in finding.message
    assert "Apache-2.0" in finding.message
    assert "linked dynamically" in finding.message
    assert "pkg:npm/express@4.19.2 -> pkg:npm/gpl-lib@1.0.0" in finding.message
    assert [(e.path, e.snippet) for e in finding.evidence] == [
        ("package-lock.json", "pkg:npm/gpl-lib@1.0.0")
    ]
    assert result.data["counts"] == {"compatible": 1, "incompatible": 1}


def test_an_lgpl_library_in_an_mit_project_is_judged_for_dynamic_linking(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    lock = package_lock(
        ["lgpl-lib"], {"lgpl-lib": {"version": "2.0.0", "license": "LGPL-3.0-only"}}
    )
    tree = make_tree({"LICENSE": license_texts["mit"], "package-lock.json": lock})
    verdict = project_compatibility(scan(tree, use_cache=False, only=ONLY))

    assert verdict is not None
    [judged] = verdict.components
    assert judged.component.use == Use.DYNAMIC_LINKING
    assert judged.check is not None
    # The LGPL's own rule: a program that only links the library is not covered by it.
    by_source = {v.source.key: v.verdict for v in judged.check.verdicts}
    assert by_source["families"] == Verdict.COMPATIBLE
    if judged.check.disagreement:  # every source's verdict is shown, never averaged away
        assert "The sources disagree" in judged.reason


def test_a_development_dependency_is_a_tool(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    lock = package_lock(
        [], {"gpl-linter": {"version": "1.0.0", "license": "GPL-3.0-only", "dev": True}}
    )
    tree = make_tree({"LICENSE": license_texts["mit"], "package-lock.json": lock})
    result = scan(tree, use_cache=False, only=ONLY).result("license.compatibility")

    [judged] = project_compatibility_of(result.data).components
    assert judged.component.use == Use.TOOL
    assert judged.verdict != Verdict.INCOMPATIBLE
    assert not [f for f in result.findings if f.severity == Severity.ERROR]


def test_vendored_code_of_a_go_module_is_linked_statically(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    tree = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "go.mod": "module example.com/app\n\ngo 1.22\n\nrequire example.com/lgpl v1.0.0\n",
            "main.go": "package main\n",
            "vendor/modules.txt": "# example.com/lgpl v1.0.0\n## explicit\nexample.com/lgpl\n",
            "vendor/example.com/lgpl/LICENSE": license_texts["lgpl-2.1"],
            "vendor/example.com/lgpl/lib.go": (
                "// SPDX-License-Identifier: LGPL-2.1-only\npackage lgpl\n"
            ),
        }
    )
    verdict = project_compatibility(scan(tree, use_cache=False, only=ONLY))

    assert verdict is not None
    uses = {c.component.name: c.component.use for c in verdict.components}
    assert uses["pkg:golang/example.com/lgpl@v1.0.0"] == Use.STATIC_LINKING
    assert uses["vendor/example.com/lgpl"] == Use.STATIC_LINKING
    vendored = next(c for c in verdict.components if c.component.name == "vendor/example.com/lgpl")
    assert vendored.component.kind == ComponentKind.FILE
    assert vendored.verdict in (Verdict.CONDITIONAL, Verdict.INCOMPATIBLE)
    assert "statically" in vendored.reason


def test_unknown_licenses_are_counted_and_never_compatible(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    lock = package_lock(
        ["silent", "acme", "mit-lib"],
        {
            "silent": {"version": "1.0.0"},
            "acme": {"version": "1.0.0", "license": "LicenseRef-acme-eula"},
            "mit-lib": {"version": "1.0.0", "license": "MIT"},
        },
    )
    tree = make_tree({"LICENSE": license_texts["mit"], "package-lock.json": lock})
    result = scan(tree, use_cache=False, only=ONLY).result("license.compatibility")

    assert result.outcome == Outcome.FAIL
    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (
        Severity.WARNING,
        "license.compatibility.unknown",
    )
    assert finding.message.startswith("2 component(s) could not be judged")
    assert "pkg:npm/silent@1.0.0 (no license stated)" in finding.message
    verdict = project_compatibility_of(result.data)
    assert verdict.verdict == Verdict.UNKNOWN
    assert {c.component.name for c in verdict.unknown} == {
        "pkg:npm/silent@1.0.0",
        "pkg:npm/acme@1.0.0",
    }


def test_a_file_under_another_license_is_merged_source_with_its_line(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    tree = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/copied.py": "#!/usr/bin/env python\n# SPDX-License-Identifier: GPL-2.0-only\n",
        }
    )
    result = scan(tree, use_cache=False, only=ONLY).result("license.compatibility")

    # The conflict's error, with the file and line, is license.file-compatibility's (one per
    # report); this check counts it and points there.
    assert result.outcome == Outcome.FAIL
    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (Severity.INFO, "license.compatibility.files")
    [judged] = project_compatibility_of(result.data).components
    assert (judged.component.use, judged.component.line) == (Use.MERGED_SOURCES, 2)
    assert judged.verdict == Verdict.INCOMPATIBLE
    assert "src/copied.py, line 2" in judged.reason


def test_without_a_project_license_it_is_not_available(make_tree: TreeMaker) -> None:
    lock = package_lock(["mit-lib"], {"mit-lib": {"version": "1.0.0", "license": "MIT"}})
    report = scan(make_tree({"package-lock.json": lock}), use_cache=False, only=ONLY)

    assert report.result("license.compatibility").outcome == Outcome.NOT_AVAILABLE
    verdict = project_compatibility(report)
    assert verdict is not None
    assert verdict.outbound is None
    assert verdict.verdict == Verdict.UNKNOWN


def project_compatibility_of(data: dict[str, Any]):
    from osunited.licenses import project_verdict_from_dict

    return project_verdict_from_dict(data["project_verdict"])


def checked(stored: dict[str, Any]) -> dict[str, Any]:
    return next(r for r in stored["results"] if r["check_id"] == "license.compatibility")


# --- the verdict read back from a stored report ---------------------------------------------


def test_the_verdict_survives_the_report_round_trip(apache_with_gpl_below: Path) -> None:
    report = scan(apache_with_gpl_below, use_cache=False, only=ONLY)
    stored = json.loads(json.dumps(report.to_dict()))
    again = project_compatibility(report_from_dict(stored))

    original = project_compatibility(report)
    assert original is not None
    assert again is not None
    assert again == original
    assert [c.component.path for c in again.conflicts] == [
        ("pkg:npm/express@4.19.2", "pkg:npm/gpl-lib@1.0.0")
    ]
    assert project_verdict_to_dict(again) == checked(stored)["data"]["project_verdict"]


def test_a_report_made_before_the_check_has_no_verdict(apache_with_gpl_below: Path) -> None:
    report = scan(apache_with_gpl_below, use_cache=False, only=["license.project"])
    assert project_compatibility(report) is None
    older = report.to_dict() | {"schema_version": "1.1"}
    assert project_compatibility(report_from_dict(older)) is None


def test_a_damaged_stored_verdict_is_a_value_error(apache_with_gpl_below: Path) -> None:
    stored = scan(apache_with_gpl_below, use_cache=False, only=ONLY).to_dict()
    checked(stored)["data"]["project_verdict"] = {"verdict": "maybe"}
    with pytest.raises(ValueError, match="not a project verdict"):
        project_compatibility(report_from_dict(stored))


# --- the SBOMs ------------------------------------------------------------------------------


@pytest.fixture
def judged_report(apache_with_gpl_below: Path) -> ScanReport:
    return scan(apache_with_gpl_below, use_cache=False, only=ONLY)


def properties(item: dict[str, Any]) -> dict[str, str]:
    return {p["name"]: p["value"] for p in item.get("properties", [])}


def test_cyclonedx_components_carry_their_verdict_and_reason(judged_report: ScanReport) -> None:
    text = render(judged_report, "cyclonedx")
    assert JsonStrictValidator(SchemaVersion.V1_6).validate_str(text) is None
    document = json.loads(text)

    by_name = {c["name"]: properties(c) for c in document["components"]}
    assert by_name["gpl-lib"]["osunited:license-compatibility"] == "incompatible"
    reason = by_name["gpl-lib"]["osunited:license-compatibility-reason"]
    assert "pkg:npm/express@4.19.2 -> pkg:npm/gpl-lib@1.0.0" in reason
    assert by_name["express"]["osunited:license-compatibility"] == "compatible"
    project = properties(document["metadata"])
    assert project["osunited:license-compatibility"] == "incompatible"
    assert "Apache-2.0" in project["osunited:license-compatibility-reason"]


def spdx(report: ScanReport, tmp_path: Path) -> Document:
    path = tmp_path / "sbom.spdx.json"
    path.write_text(render(report, "spdx"), encoding="utf-8")
    return json_parser.parse_from_file(str(path))


def test_spdx_packages_carry_a_review_annotation(judged_report: ScanReport, tmp_path: Path) -> None:
    document = spdx(judged_report, tmp_path)
    assert validate_full_spdx_document(document) == []

    reviews = {a.spdx_id: a for a in document.annotations}
    assert {a.annotation_type for a in reviews.values()} == {AnnotationType.REVIEW}
    gpl = next(p for p in document.packages if p.name == "gpl-lib")
    assert reviews[gpl.spdx_id].annotation_comment.startswith(
        "License compatibility: incompatible."
    )
    assert reviews["SPDXRef-Project"].annotation_comment.startswith(
        "License compatibility: incompatible."
    )


def test_sboms_without_the_check_carry_no_verdict(
    apache_with_gpl_below: Path, tmp_path: Path
) -> None:
    report = scan(apache_with_gpl_below, use_cache=False, only=["deps.inventory"])
    document = json.loads(render(report, "cyclonedx"))
    assert all("properties" not in c for c in document["components"])
    assert spdx(report, tmp_path).annotations == []
