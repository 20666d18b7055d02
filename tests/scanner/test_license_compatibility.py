"""One home per compatibility rule: the licenses engine judges every dependency and every file once
(license.compatibility), license.file-compatibility shows the files that same verdict, and no
conflict is reported twice in a report. The pairs themselves are the engine's tests
(tests/licenses/test_expression_cases.py)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from osunited.licenses import ComponentKind, Verdict
from osunited.scanner import Outcome, ScanReport, Severity, project_compatibility, scan
from tests.scanner.conftest import TreeMaker

CHECKS = [
    "license.project",
    "deps.inventory",
    "deps.licenses",
    "license.compatibility",
    "license.file-compatibility",
]


def package_lock(packages: dict[str, dict[str, Any]]) -> str:
    entries: dict[str, Any] = {"": {"dependencies": dict.fromkeys(packages, "*")}}
    entries |= {f"node_modules/{name}": entry for name, entry in packages.items()}
    return json.dumps({"lockfileVersion": 3, "packages": entries}, indent=2)


def scanned(root: Path) -> ScanReport:
    return scan(root, use_cache=False, only=CHECKS)


def errors(report: ScanReport) -> list[tuple[str, str]]:
    return [
        (result.check_id, finding.rule_id)
        for result in report.results
        for finding in result.findings
        if finding.severity == Severity.ERROR
    ]


def test_an_lgpl_library_loaded_at_run_time_by_an_mit_project_is_not_called_incompatible(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    # Seen: deps.licenses (the OSADL matrix alone) called it incompatible while
    # license.compatibility (the engine, for dynamic linking) called it compatible.
    lock = package_lock({"lgpl-lib": {"version": "2.0.0", "license": "LGPL-3.0-only"}})
    report = scanned(make_tree({"LICENSE": license_texts["mit"], "package-lock.json": lock}))

    assert errors(report) == []
    deps = report.result("deps.licenses")
    assert deps.outcome == Outcome.PASS
    assert deps.findings == []
    assert (deps.data["checked"], deps.data["known"], deps.data["open_source"]) == (1, 1, 1)
    assert "judged by license.compatibility" in deps.summary
    verdict = project_compatibility(report)
    assert verdict is not None
    assert verdict.verdict == Verdict.COMPATIBLE


def test_a_gpl_dependency_is_one_error_of_license_compatibility(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    lock = package_lock({"gpl-lib": {"version": "1.0.0", "license": "GPL-3.0-only"}})
    report = scanned(make_tree({"LICENSE": license_texts["mit"], "package-lock.json": lock}))

    assert errors(report) == [("license.compatibility", "license.compatibility.conflict")]
    assert report.result("deps.licenses").outcome == Outcome.PASS


def test_a_gpl_file_in_an_apache_project_is_one_error_of_file_compatibility(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/copied.py": "#!/usr/bin/env python\n# SPDX-License-Identifier: GPL-2.0-only\n",
        }
    )
    report = scanned(root)

    assert errors(report) == [
        ("license.file-compatibility", "license.file-compatibility.incompatible")
    ]
    whole = report.result("license.compatibility")
    assert whole.outcome == Outcome.FAIL  # the whole project's verdict, files included
    [pointer] = whole.findings
    assert (pointer.severity, pointer.rule_id) == (Severity.INFO, "license.compatibility.files")
    assert "1 incompatible" in pointer.message
    assert "license.file-compatibility" in pointer.message


def test_every_file_verdict_is_the_engines(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/copied.py": "# SPDX-License-Identifier: GPL-3.0-only\n",
            "src/helper.py": "# SPDX-License-Identifier: MIT\n",
            "src/vendored_mpl.go": "// SPDX-License-Identifier: MPL-2.0\n",
            "vendor/example.com/pathrs/doc.go": "// SPDX-License-Identifier: MPL-2.0\n",
            "static/app.min.js": "/* SPDX-License-Identifier: LGPL-2.1-only */\n",
            "tests/data/case.yml": "# SPDX-License-Identifier: EUPL-1.2\n",
        }
    )
    report = scanned(root)
    verdict = project_compatibility(report)
    assert verdict is not None

    files = [c for c in verdict.components if c.component.kind == ComponentKind.FILE]
    engine: dict[str, Verdict] = {}
    for judged in files:
        license = judged.component.license or ""
        shown = engine.get(license, Verdict.NOT_COVERED)
        engine[license] = max(shown, judged.verdict, key=lambda v: v.caution)
    listed = report.result("license.file-compatibility").data["licenses"]
    assert {e["expression"]: e["verdict"] for e in listed} == {
        license: v.value for license, v in engine.items()
    }
    assert engine["MPL-2.0"] == Verdict.INCOMPATIBLE  # merged into src/, whatever vendor/ says


def test_an_only_file_in_an_or_later_project_is_a_scope_warning_not_a_component(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["gpl-3.0-plus"],
            "src/strict.c": "// SPDX-License-Identifier: GPL-3.0-only\n",
        }
    )
    report = scanned(root)

    assert errors(report) == []
    [finding] = report.result("license.file-compatibility").findings
    assert (finding.severity, finding.rule_id) == (
        Severity.WARNING,
        "license.file-compatibility.scope",
    )
    verdict = project_compatibility(report)
    assert verdict is not None
    assert verdict.components == ()


def test_dependency_licenses_that_are_not_open_source_or_not_spdx_are_counted(
    make_tree: TreeMaker,
) -> None:
    lock = package_lock(
        {
            "busl-db": {"version": "1.0.0", "license": "BUSL-1.1"},
            "dual": {"version": "1.0.0", "license": "MIT OR BUSL-1.1"},
            "custom": {"version": "1.0.0", "license": "SEE LICENSE IN EULA.txt"},
            "wtf": {"version": "1.0.0", "license": "WTFPL"},  # not OSI, in the catalogue
        }
    )
    result = scan(
        make_tree({"package-lock.json": lock}), use_cache=False, only=["deps.licenses"]
    ).result("deps.licenses")

    assert result.outcome == Outcome.FAIL  # available without a project license too
    closed, unknown = result.findings
    assert (closed.severity, closed.rule_id) == (Severity.WARNING, "deps.licenses.not-open-source")
    assert closed.message.startswith("busl-db is licensed BUSL-1.1")
    assert (unknown.severity, unknown.rule_id) == (Severity.INFO, "deps.licenses.not-spdx")
    assert "custom (SEE LICENSE IN EULA.txt)" in unknown.message
    assert {k: result.data[k] for k in ("checked", "known", "open_source")} == {
        "checked": 4,
        "known": 3,
        "open_source": 2,
    }
    assert result.data["licenses"]["BUSL-1.1"] == 1
