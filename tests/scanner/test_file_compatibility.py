"""license.file-compatibility: a file whose license differs from the project's, with the verdict
the licenses engine gave it in license.compatibility; a GPL file in an Apache-2.0 project is an
error with its file and line."""

from __future__ import annotations

from pathlib import Path

from osunited.scanner import CheckResult, Outcome, Severity, scan
from tests.scanner.conftest import TreeMaker


def only_files_check(root: Path) -> CheckResult:
    return scan(root, use_cache=False, only=["license.file-compatibility"]).result(
        "license.file-compatibility"
    )


def test_a_gpl_file_in_an_apache_project_is_an_error_with_file_and_line(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/main.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
            "src/vendored.py": "#!/bin/env python\n# SPDX-License-Identifier: GPL-3.0-or-later\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    [finding] = result.findings
    assert finding.severity == Severity.ERROR
    assert finding.rule_id == "license.file-compatibility.incompatible"
    assert "GPL-3.0-or-later" in finding.message
    assert [(e.path, e.line) for e in finding.evidence] == [("src/vendored.py", 2)]


def test_an_mit_file_in_an_apache_project_is_listed_and_fine(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "lib/helper.js": "// SPDX-License-Identifier: MIT\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert result.findings == []
    assert result.data["licenses"] == [{"expression": "MIT", "verdict": "compatible", "files": 1}]


def test_a_gpl_license_notice_in_a_header_is_judged_too(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    notice = (
        "# This program is free software: you can redistribute it and/or modify\n"
        "# it under the terms of the GNU General Public License as published by\n"
        "# the Free Software Foundation, either version 3 of the License, or\n"
        "# (at your option) any later version.\n"
    )
    root = make_tree({"LICENSE": license_texts["mit"], "tool.py": notice + "print(1)\n"})
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    assert result.findings[0].severity == Severity.ERROR
    assert result.findings[0].evidence[0].path == "tool.py"


def test_files_under_the_project_license_raise_nothing(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {"LICENSE": license_texts["apache-2.0"], "a.py": "# SPDX-License-Identifier: Apache-2.0\n"}
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert result.data["licenses"] == []


def test_it_is_not_available_without_a_project_license(make_tree: TreeMaker) -> None:
    root = make_tree({"a.py": "print(1)\n"})

    assert only_files_check(root).outcome == Outcome.NOT_AVAILABLE


def test_tags_written_by_code_and_readme_mentions_are_not_judged(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "docs/README.md": "# Docs\n\nThis tool replaces one released under the GNU GPL v3.\n",
            "tagger.py": 'TEMPLATE = "SPDX-License-Identifier: {{ expression }}"\n'
            'PATTERN = r"SPDX-License-Identifier: MIT OR"\n',
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert result.findings == []
    assert result.data["licenses"] == []


def test_a_file_under_one_of_several_project_licenses_is_fine(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "COPYING": license_texts["gpl-3.0-plus"],
            "gui/window.py": "# SPDX-License-Identifier: GPL-3.0-or-later\n",
            "old/module.c": "// SPDX-License-Identifier: GPL-2.0-only\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    assert [e.path for f in result.findings for e in f.evidence] == ["old/module.c"]
    assert result.findings[0].severity == Severity.ERROR


def test_vendored_files_under_a_file_level_copyleft_are_listed_not_errors(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "main.go": "// SPDX-License-Identifier: Apache-2.0\npackage main\n",
            "vendor/cyphar.com/go-pathrs/COPYING": license_texts["mpl-2.0"],
            "vendor/cyphar.com/go-pathrs/doc.go": "// SPDX-License-Identifier: MPL-2.0\n",
            "vendor/cyphar.com/go-pathrs/internal/fd.go": "// SPDX-License-Identifier: MPL-2.0\n",
            "third_party/eclipse/core.c": "// SPDX-License-Identifier: EPL-2.0\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert [(f.severity, f.rule_id) for f in result.findings] == [
        (Severity.INFO, "license.file-compatibility.bundled")
    ] * 2
    epl, mpl = result.findings
    assert "vendor/cyphar.com/go-pathrs state MPL-2.0" in mpl.message
    assert "keep their own license" in mpl.message
    assert {e.path for e in mpl.evidence} == {
        "vendor/cyphar.com/go-pathrs/COPYING",
        "vendor/cyphar.com/go-pathrs/doc.go",
        "vendor/cyphar.com/go-pathrs/internal/fd.go",
    }
    assert "third_party/eclipse state EPL-2.0" in epl.message
    # The engine's verdict for a distinct component: the ASF puts MPL-2.0 in its Category B.
    assert result.data["licenses"][1] == {
        "expression": "MPL-2.0",
        "verdict": "conditional",
        "files": 3,
        "bundled_files": 3,
        "components": ["vendor/cyphar.com/go-pathrs"],
    }


def test_the_same_copyleft_in_the_projects_own_files_is_still_an_error(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/pathrs.go": "// SPDX-License-Identifier: MPL-2.0\n",
            "vendor/cyphar.com/go-pathrs/doc.go": "// SPDX-License-Identifier: MPL-2.0\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    own, bundled = result.findings
    assert (own.severity, own.rule_id) == (
        Severity.ERROR,
        "license.file-compatibility.incompatible",
    )
    assert [e.path for e in own.evidence] == ["src/pathrs.go"]
    assert bundled.severity == Severity.INFO
    assert [e.path for e in bundled.evidence] == ["vendor/cyphar.com/go-pathrs/doc.go"]


def test_vendored_gpl_code_shipped_as_a_distinct_component_is_listed_not_an_error(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    # Vendored code with its own license file is a distinct component for the engine (as in
    # license.compatibility): a strong copyleft covers that component, not the project.
    root = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "node_modules/@acme/charts/LICENSE": license_texts["gpl-3.0-plus"],
            "node_modules/@acme/charts/index.js": "// SPDX-License-Identifier: GPL-3.0-or-later",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (
        Severity.INFO,
        "license.file-compatibility.bundled",
    )
    assert finding.message.startswith(
        "2 bundled third-party file(s) in node_modules/@acme/charts state GPL-3.0-or-later"
    )


def test_gpl_code_generated_into_a_bundle_is_an_error_naming_its_component(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "dist/charts.js": "// SPDX-License-Identifier: GPL-3.0-or-later\nvar x;\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (
        Severity.ERROR,
        "license.file-compatibility.incompatible",
    )
    assert finding.message.startswith(
        "The bundled component(s) dist hold 1 file(s) under GPL-3.0-or-later"
    )
    assert "Replace the bundled component(s)" in finding.remediation


def test_a_minified_bundle_is_a_component_by_itself(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["bsd-new"],
            "static/js/jquery-barcode.min.js": "/* SPDX-License-Identifier: GPL-2.0-only */\n",
        }
    )
    result = only_files_check(root)

    [finding] = result.findings
    assert finding.severity == Severity.ERROR
    assert "bundled component(s) static/js/jquery-barcode.min.js hold 1 file(s)" in finding.message


def test_a_gpl_project_refuses_cddl_in_its_own_files_and_lists_it_vendored_apart(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["gpl-2.0"],
            "src/zfs_glue.c": "/* SPDX-License-Identifier: CDDL-1.0 */\n",
            "third_party/zfs/zfs.c": "/* SPDX-License-Identifier: CDDL-1.0 */\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.FAIL
    own, vendored = result.findings
    assert (own.severity, [e.path for e in own.evidence]) == (Severity.ERROR, ["src/zfs_glue.c"])
    assert "1 file(s) state CDDL-1.0, in a project licensed GPL-2.0-only" in own.message
    assert (vendored.severity, vendored.rule_id) == (
        Severity.INFO,
        "license.file-compatibility.bundled",
    )
    assert "in third_party/zfs state CDDL-1.0" in vendored.message


AGPL3_OR_LATER_LICENSE = (
    "Copyright (C) 2013 Ushahidi\n\n"
    "This program is free software: you can redistribute it and/or modify it under the terms\n"
    "of the GNU Affero General Public License as published by the Free Software Foundation,\n"
    "either version 3 of the License, or (at your option) any later version.\n"
)


def test_a_header_that_leaves_only_or_later_open_is_the_project_license(
    make_tree: TreeMaker,
) -> None:
    header = (
        "<?php\n/**\n * Ushahidi API\n *\n * @author     Ushahidi Team\n"
        " * @license    https://www.gnu.org/licenses/agpl-3.0.html GNU Affero General Public "
        "License Version 3 (AGPL3)\n */\n"
    )
    files: dict[str, str | bytes] = {"LICENSE.md": AGPL3_OR_LATER_LICENSE}
    files |= {f"app/Command{n}.php": header for n in range(3)}
    result = only_files_check(make_tree(files))

    assert result.outcome == Outcome.PASS, result.findings
    assert result.summary == "Every file license is the project license."


def test_files_that_say_only_in_an_or_later_project_are_a_warning_not_an_error(
    make_tree: TreeMaker,
) -> None:
    root = make_tree(
        {
            "LICENSE.md": AGPL3_OR_LATER_LICENSE,
            "app/strict.php": "<?php\n// SPDX-License-Identifier: AGPL-3.0-only\n",
        }
    )
    result = only_files_check(root)

    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (
        Severity.WARNING,
        "license.file-compatibility.scope",
    )
    assert "allow version 3.0 only" in finding.message
    assert [(e.path, e.line) for e in finding.evidence] == [("app/strict.php", 2)]


def test_a_file_that_lists_third_party_licenses_states_none_of_its_own(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    listing = (
        "# Licenses of the Maven dependencies, for the license plugin\n"
        "javax.mail--mail--1.4=GNU General Public License, version 2 (GPL2), with the "
        "classpath exception\n"
        "org.eclipse--jetty--9=Eclipse Public License - v 1.0\n"
    )
    root = make_tree(
        {
            "LICENSE": license_texts["bsd-new"],
            "src/main/license/LICENSES_THIRD_PARTY.properties": listing,
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert result.findings == []


def test_test_fixtures_under_a_copyleft_are_listed_not_errors(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    # Seen on the project's own scan: 174 publiccode.yml test cases copied, with their EUPL-1.2,
    # from the reference validator were "an error: a program that includes EUPL-1.2 code must
    # be released as a whole under EUPL-1.2". Tests and their data are not part of the program.
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/main.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
            "tests/data/reference/case.yml": "# SPDX-License-Identifier: EUPL-1.2\nname: x\n",
            "testdata/golden.go": "// SPDX-License-Identifier: GPL-3.0-only\npackage x\n",
        }
    )
    result = only_files_check(root)

    assert result.outcome == Outcome.PASS
    assert [(f.severity, f.rule_id) for f in result.findings] == [
        (Severity.INFO, "license.file-compatibility.test-files")
    ] * 2
    assert {e.path for f in result.findings for e in f.evidence} == {
        "tests/data/reference/case.yml",
        "testdata/golden.go",
    }
    assert {entry["expression"]: entry.get("test_files") for entry in result.data["licenses"]} == {
        "EUPL-1.2": 1,
        "GPL-3.0-only": 1,
    }


def test_a_copyleft_file_beside_the_tests_is_still_an_error(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/testing_helpers.py": "# SPDX-License-Identifier: GPL-3.0-only\n",
        }
    )
    [finding] = only_files_check(root).findings

    assert finding.severity == Severity.ERROR
