"""The SBOM report formats (CycloneDX 1.6 JSON, SPDX 2.3 JSON) of osunited.scanner.reports."""

import dataclasses
import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from cyclonedx.schema import SchemaVersion
from cyclonedx.validation.json import JsonStrictValidator
from packageurl import PackageURL
from spdx_tools.spdx.model import Document, Relationship, RelationshipType, SpdxNoAssertion
from spdx_tools.spdx.parser.json import json_parser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from osunited.cli import main
from osunited.scanner import ScanReport, Target, scan
from osunited.scanner.deps import Dependency, Scope
from osunited.scanner.reports import render

from .conftest import TreeMaker

ONLY = ["license.project", "deps.inventory"]
HOSTILE = "a b/../<x>"


def package_lock(packages: dict[str, tuple[str, str]], *, dev: frozenset[str] = frozenset()) -> str:
    """A package-lock.json v3 with `packages` (name: (version, license)) as direct dependencies."""
    entries: dict[str, Any] = {
        "": {
            "name": "app",
            "version": "1.0.0",
            "dependencies": {n: v for n, (v, _) in packages.items() if n not in dev},
            "devDependencies": {n: v for n, (v, _) in packages.items() if n in dev},
        }
    }
    for name, (version, license_id) in packages.items():
        entry: dict[str, Any] = {"version": version, "license": license_id}
        if name in dev:
            entry["dev"] = True
        entries[f"node_modules/{name}"] = entry
    lock = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "packages": entries}
    return json.dumps(lock, indent=2)


@pytest.fixture
def project(make_tree: TreeMaker, license_texts: dict[str, str]) -> ScanReport:
    tree = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "package-lock.json": package_lock(
                {"left-pad": ("1.3.0", "WTFPL"), "jest": ("29.7.0", "MIT")},
                dev=frozenset({"jest"}),
            ),
            "requirements.txt": "django==5.2.1\n",
        }
    )
    return scan(tree, use_cache=False, only=ONLY)


@pytest.fixture
def empty(make_tree: TreeMaker) -> ScanReport:
    return scan(make_tree({"README.md": "# Nothing here\n"}), use_cache=False, only=ONLY)


@pytest.fixture
def hostile(empty: ScanReport) -> ScanReport:
    """A report with a dependency named like a path with markup, as a manifest could state it
    (the npm parser refuses such names, so the report is built here)."""
    purl = PackageURL(type="npm", name=HOSTILE, version="1.0.0").to_string()
    strange = Dependency(
        purl=purl, ecosystem="npm", name=HOSTILE, version="1.0.0", direct=True,
        scope=Scope.RUNTIME, path="../<x>/package.json", line=1, license="Not (a) license <b>",
    )  # fmt: skip
    target = Target("git", "https://example.org/we ird/<x>#?.git", "not a commit/..")
    return dataclasses.replace(empty, target=target, dependencies=[strange, strange])


def cyclonedx(report: ScanReport) -> dict[str, Any]:
    text = render(report, "cyclonedx")
    error = JsonStrictValidator(SchemaVersion.V1_6).validate_str(text)
    assert error is None, error
    document: dict[str, Any] = json.loads(text)
    return document


def spdx(report: ScanReport, tmp_path: Path) -> Document:
    path = tmp_path / "sbom.spdx.json"
    path.write_text(render(report, "spdx"), encoding="utf-8")
    document = json_parser.parse_from_file(str(path))
    assert validate_full_spdx_document(document) == []
    return document


# --- CycloneDX -------------------------------------------------------------------------------


def test_the_cyclonedx_sbom_lists_every_dependency_with_its_purl(project: ScanReport) -> None:
    document = cyclonedx(project)

    purls = sorted(component["purl"] for component in document["components"])
    assert purls == ["pkg:npm/jest@29.7.0", "pkg:npm/left-pad@1.3.0", "pkg:pypi/django@5.2.1"]
    assert document["bomFormat"] == "CycloneDX"
    assert document["specVersion"] == "1.6"


def test_the_cyclonedx_sbom_describes_the_project_and_its_license(project: ScanReport) -> None:
    metadata = cyclonedx(project)["metadata"]

    assert metadata["component"]["type"] == "application"
    assert metadata["component"]["name"] == "project"
    assert metadata["component"]["licenses"] == [{"license": {"id": "MIT"}}]
    assert metadata["tools"]["components"][0]["name"] == "osunited-scanner"
    assert metadata["tools"]["components"][0]["version"] == project.tool_version


def test_the_cyclonedx_sbom_gives_scopes_licenses_and_the_direct_graph(
    project: ScanReport,
) -> None:
    document = cyclonedx(project)

    by_name = {component["name"]: component for component in document["components"]}
    assert by_name["left-pad"]["scope"] == "required"
    assert by_name["left-pad"]["licenses"] == [{"license": {"id": "WTFPL"}}]
    assert by_name["jest"]["scope"] == "optional"
    assert "licenses" not in by_name["django"]
    graph = {entry["ref"]: entry.get("dependsOn", []) for entry in document["dependencies"]}
    assert sorted(graph["project"]) == sorted(c["bom-ref"] for c in document["components"])


def test_two_renders_of_one_report_give_identical_cyclonedx(project: ScanReport) -> None:
    assert render(project, "cyclonedx") == render(project, "cyclonedx")


def test_an_empty_project_gives_a_valid_cyclonedx_sbom(empty: ScanReport) -> None:
    document = cyclonedx(empty)

    assert document.get("components", []) == []
    assert "licenses" not in document["metadata"]["component"]


def test_hostile_package_names_keep_the_cyclonedx_sbom_valid(hostile: ScanReport) -> None:
    document = cyclonedx(hostile)

    assert [component["name"] for component in document["components"]] == [HOSTILE, HOSTILE]
    assert all("licenses" not in component for component in document["components"])


def test_a_relative_folder_is_named_after_where_it_is(
    empty: ScanReport, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    (tmp_path / "planner").mkdir()
    monkeypatch.chdir(tmp_path / "planner")
    report = dataclasses.replace(empty, target=Target("directory", "."))

    assert cyclonedx(report)["metadata"]["component"]["name"] == "planner"


GPL_MODULE = "# SPDX-License-Identifier: GPL-3.0-or-later\n# Copyright 2024 Ada Lovelace\n"
MIXED_MODULE = (
    "// SPDX-License-Identifier: MIT\n"
    "// SPDX-License-Identifier: Apache-2.0 WITH LLVM-exception\n"
    "// Copyright 2023 Grace Hopper\n// Copyright 2024 Alan Turing\n"
)


@pytest.fixture
def files_project(make_tree: TreeMaker, license_texts: dict[str, str]) -> ScanReport:
    tree = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "src/gpl module.py": GPL_MODULE,
            "src/mixed.c": MIXED_MODULE,
            "src/plain.py": "print(1)\n",
        }
    )
    return scan(tree, use_cache=False, only=ONLY)


def file_components(report: ScanReport) -> dict[str, dict[str, Any]]:
    nested = cyclonedx(report)["metadata"]["component"].get("components", [])
    assert all(component["type"] == "file" for component in nested)
    return {component["name"]: component for component in nested}


def test_the_cyclonedx_sbom_has_a_file_component_per_file_with_license_facts(
    files_project: ScanReport,
) -> None:
    files = file_components(files_project)

    assert sorted(files) == ["LICENSE", "src/gpl module.py", "src/mixed.c"]
    gpl = files["src/gpl module.py"]
    assert gpl["hashes"] == [
        {
            "alg": "SHA-1",
            "content": hashlib.sha1(GPL_MODULE.encode(), usedforsecurity=False).hexdigest(),
        }
    ]
    assert gpl["licenses"] == [{"license": {"id": "GPL-3.0-or-later"}}]
    assert gpl["copyright"] == "Copyright 2024 Ada Lovelace"
    assert files["LICENSE"]["licenses"] == [{"license": {"id": "MIT"}}]


def test_a_file_stating_a_compound_expression_gets_one_expression(
    files_project: ScanReport,
) -> None:
    mixed = file_components(files_project)["src/mixed.c"]

    assert mixed["licenses"] == [{"expression": "MIT AND (Apache-2.0 WITH LLVM-exception)"}]
    assert mixed["copyright"] == "Copyright 2023 Grace Hopper\nCopyright 2024 Alan Turing"


def test_file_components_keep_the_cyclonedx_sbom_deterministic(
    files_project: ScanReport,
) -> None:
    text = render(files_project, "cyclonedx")

    assert text.count('"type": "file"') == 3
    assert text == render(files_project, "cyclonedx")


# --- SPDX ------------------------------------------------------------------------------------


def purls_of(document: Document) -> dict[str, str]:
    return {
        package.name: reference.locator
        for package in document.packages
        for reference in package.external_references
        if reference.reference_type == "purl"
    }


def test_the_spdx_sbom_lists_every_dependency_with_its_purl(
    project: ScanReport, tmp_path: Path
) -> None:
    document = spdx(project, tmp_path)

    assert purls_of(document) == {
        "jest": "pkg:npm/jest@29.7.0",
        "left-pad": "pkg:npm/left-pad@1.3.0",
        "django": "pkg:pypi/django@5.2.1",
    }
    assert document.creation_info.spdx_version == "SPDX-2.3"


def test_the_spdx_sbom_describes_the_project_and_its_license(
    project: ScanReport, tmp_path: Path
) -> None:
    document = spdx(project, tmp_path)

    root = document.packages[0]
    assert str(root.license_declared) == "MIT"
    assert root.name == "project"
    assert (
        Relationship("SPDXRef-DOCUMENT", RelationshipType.DESCRIBES, root.spdx_id)
        in document.relationships
    )


def test_the_spdx_sbom_relates_runtime_and_development_dependencies(
    project: ScanReport, tmp_path: Path
) -> None:
    document = spdx(project, tmp_path)

    ids = {package.name: package.spdx_id for package in document.packages}
    by_name = {package.name: package for package in document.packages}
    relationships = document.relationships
    assert Relationship(ids["project"], RelationshipType.DEPENDS_ON, ids["left-pad"]) in (
        relationships
    )
    assert Relationship(ids["jest"], RelationshipType.DEV_DEPENDENCY_OF, ids["project"]) in (
        relationships
    )
    assert str(by_name["left-pad"].license_declared) == "WTFPL"
    assert by_name["django"].license_declared == SpdxNoAssertion()
    assert by_name["django"].version == "5.2.1"


def test_two_renders_of_one_report_give_identical_spdx(project: ScanReport) -> None:
    text = render(project, "spdx")

    assert text == render(project, "spdx")
    assert json.loads(text)["documentNamespace"].startswith(
        "https://opensourceunited.org/spdx/project-"
    )


def test_an_empty_project_gives_a_valid_spdx_sbom(empty: ScanReport, tmp_path: Path) -> None:
    document = spdx(empty, tmp_path)

    (root,) = document.packages
    assert root.license_declared == SpdxNoAssertion()


def test_hostile_package_names_keep_the_spdx_sbom_valid(
    hostile: ScanReport, tmp_path: Path
) -> None:
    document = spdx(hostile, tmp_path)

    strange = [package for package in document.packages if package.name == HOSTILE]
    assert len({package.spdx_id for package in strange}) == 2
    assert all(package.license_declared == SpdxNoAssertion() for package in strange)
    assert document.creation_info.document_namespace == (
        "https://opensourceunited.org/spdx/x-not-a-commit-.."
    )


# --- osu scan --------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["cyclonedx", "spdx"])
def test_osu_scan_adds_the_sbom_checks_to_only(
    fmt: str, make_tree: TreeMaker, license_texts: dict[str, str], tmp_path: Path
) -> None:
    tree = make_tree({"LICENSE": license_texts["mit"], "requirements.txt": "django==5.2.1\n"})
    args = [
        "scan",
        "--cache-dir",
        str(tmp_path / "cache"),
        "--format",
        fmt,
        "--only",
        "docs.readme",
    ]

    result = CliRunner().invoke(main, [*args, "--fail-on", "never", str(tree)])

    assert result.exit_code == 0, result.output
    assert "pkg:pypi/django@5.2.1" in result.stdout
    assert "MIT" in result.stdout
