"""The project license is the project's: licenses of data, documentation and media, of bundled
third-party code, of a few files, and names merely mentioned are reported apart, each with its
evidence; a dual license is a choice; a package in a subfolder is found and named."""

from __future__ import annotations

from pathlib import Path

from osunited.scanner import scan
from osunited.scanner._model import CheckResult, Finding, Outcome, Severity
from osunited.scanner.licenses._spdx import is_choice, license_ids
from tests.scanner.conftest import TreeMaker

GPL3_NOTICE = (
    "This program is free software: you can redistribute it and/or modify it under the\n"
    "terms of the GNU General Public License as published by the Free Software\n"
    "Foundation, either version 3 of the License, or (at your option) any later version.\n"
)


def project(root: Path) -> CheckResult:
    return scan(root, only=["license.project"], use_cache=False).result("license.project")


def apart(result: CheckResult) -> dict[str, str]:
    """Each license reported apart, with its scope."""
    return {a["expression"]: a["scope"] for a in result.data["apart"]}


def other_license_findings(result: CheckResult) -> list[Finding]:
    return [f for f in result.findings if ".other-license." in f.rule_id]


def test_a_data_license_beside_the_code_license_is_not_anded_into_it(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["gpl-3.0"],
            "LICENSE.data.md": license_texts["odbl-1.0"],
            "app.py": "# " + GPL3_NOTICE.replace("\n", "\n# "),
        }
    )
    report = scan(root, only=["license.project", "license.osi-approved"], use_cache=False)
    result = report.result("license.project")
    assert result.data["expression"] == "GPL-3.0-or-later"
    assert apart(result) == {"ODbL-1.0": "data"}
    [finding] = other_license_findings(result)
    assert finding.severity == Severity.INFO
    assert finding.evidence[0].path == "LICENSE.data.md"
    assert "covers data" in finding.message
    osi = report.result("license.osi-approved")
    assert osi.outcome == Outcome.PASS, osi.summary  # no advice to relicense the code


def test_licenses_a_license_file_lists_for_included_dependencies_are_bundled(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    text = (
        license_texts["apache-2.0"]
        + "\n\n==========\nLicenses for included dependencies\n==========\n\n"
        "The bundled jsonpath library (third_party/jsonpath/) is licensed under the MIT "
        "license:\n\n" + license_texts["mit"]
    )
    result = project(make_tree({"LICENSE": text}))
    assert result.data["expression"] == "Apache-2.0"
    assert apart(result) == {"MIT": "bundled"}
    assert result.outcome == Outcome.PASS


def test_a_license_a_note_says_is_part_of_another_library_is_bundled(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    text = (
        "Data catalogue\nCopyright (c) 2006-2023 Open Knowledge Foundation\n\n"
        + GPL3_NOTICE.replace("General Public", "Affero General Public")
        + "\n\nNote\n====\n\nThe lib/pagination.py module contains parts of the WebHelpers "
        "library, which is distributed under the following license:\n\n" + license_texts["bsd-new"]
    )
    result = project(make_tree({"LICENSE.txt": text}))
    assert result.data["expression"] == "AGPL-3.0-or-later"
    assert apart(result) == {"BSD-3-Clause": "bundled"}


def test_a_reuse_licenses_folder_is_not_anded_whole(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    tag = "# SPDX-License-Identifier: {}\n"
    files: dict[str, str | bytes] = {
        "LICENSES/GPL-3.0-or-later.txt": license_texts["gpl-3.0"],
        "LICENSES/CC-BY-SA-4.0.txt": license_texts["cc-by-sa-4.0"],
        "LICENSES/CC0-1.0.txt": license_texts["cc0-1.0"],
        "LICENSES/Apache-2.0.txt": license_texts["apache-2.0"],
        "REUSE.toml": (
            'version = 1\n[[annotations]]\npath = [".github/**", "*.toml"]\n'
            'SPDX-License-Identifier = "CC0-1.0"\n'
        ),
        ".github/workflows/ci.yml": "on: push\n",
        "pyproject.toml": "[project]\nname = 'tool'\n",
        "src/adapted.py": tag.format("Apache-2.0 AND GPL-3.0-or-later"),
        "docs/index.md": "<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n# Docs\n",
        "README.md": "<!-- SPDX-License-Identifier: CC-BY-SA-4.0 -->\n# Tool\n",
    }
    for number in range(6):
        files[f"src/module{number}.py"] = tag.format("GPL-3.0-or-later")
    result = project(make_tree(files))
    assert result.data["expression"] == "GPL-3.0-or-later"
    assert apart(result) == {
        "CC-BY-SA-4.0": "documentation",
        "CC0-1.0": "configuration",
        "Apache-2.0": "some-files",
    }
    reasons = {a["expression"]: a["reason"] for a in result.data["apart"]}
    assert reasons["Apache-2.0"] == "used by 1 of the code files, the code license by 7"
    assert reasons["CC0-1.0"] == "used by 2 configuration files"


def test_a_reuse_license_no_file_uses_is_unused_and_its_terms_are_not_the_projects(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSES/MIT.txt": license_texts["mit"],
            "LICENSES/LicenseRef-vendored-source.txt": "Third parties keep their rights.\n",
            "LICENSES/BSD-3-Clause.txt": license_texts["bsd-new"],
            "main.py": "# SPDX-License-Identifier: MIT\n",
            "data/source.pdf.license": "SPDX-License-Identifier: LicenseRef-vendored-source\n",
            "data/source.pdf": b"%PDF-1.4\n",
        }
    )
    result = project(root)
    assert result.data["expression"] == "MIT"
    assert apart(result) == {"LicenseRef-vendored-source": "bundled", "BSD-3-Clause": "unused"}


def test_a_package_in_a_subfolder_is_found_and_named(make_tree: TreeMaker) -> None:
    description = "Package: rtrim\nVersion: 2.1\nLicense: GPL-3\nTitle: Trends\n"
    result = project(make_tree({"pkg/DESCRIPTION": description, "pkg/R/trim.R": "f <- 1\n"}))
    assert result.summary == "Licensed GPL-3.0-only (the package in pkg/)."
    assert result.data["expression"] == "GPL-3.0-only"
    [finding] = result.findings
    assert finding.rule_id == "license.project.license-in-subfolder"
    assert finding.severity == Severity.WARNING
    assert finding.evidence[0].path == "pkg/DESCRIPTION"
    assert "the package in pkg/ (pkg/DESCRIPTION) says GPL-3.0-only" in finding.message


def test_a_subfolder_package_without_a_known_license_is_named_with_what_it_says(
    make_tree: TreeMaker,
) -> None:
    result = project(make_tree({"pkg/DESCRIPTION": "Package: rtrim\nLicense: EUPL\n"}))
    assert result.summary == "No license found."
    [finding] = result.findings
    assert "the package in pkg/ (pkg/DESCRIPTION) says 'EUPL'" in finding.message


def test_packages_in_test_or_vendored_folders_are_not_the_project(make_tree: TreeMaker) -> None:
    result = project(
        make_tree(
            {
                "tests/fixture/package.json": '{"name": "x", "license": "MIT"}',
                "node_modules/left-pad/package.json": '{"name": "left-pad", "license": "WTFPL"}',
            }
        )
    )
    assert result.data["packages"] == []
    assert result.summary == "No license found."


def test_a_dual_license_statement_beside_both_texts_is_a_choice(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "COPYING": (
                "This project is dual-licensed under the Unlicense and MIT licenses.\n\n"
                "You may use this code under the terms of either license.\n"
            ),
            "UNLICENSE": license_texts["unlicense"],
            "LICENSE-MIT": "Copyright (c) 2015 Andrew Gallant\n\n" + license_texts["mit"],
        }
    )
    expression = project(root).data["expression"]
    assert is_choice(expression), expression
    assert sorted(license_ids(expression)) == ["MIT", "Unlicense"]


def test_two_license_texts_and_a_declared_choice_are_that_choice(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE-MIT": license_texts["mit"],
            "LICENSE-APACHE": license_texts["apache-2.0"],
            "Cargo.toml": '[package]\nname = "x"\nlicense = "MIT OR Apache-2.0"\n',
        }
    )
    assert project(root).data["expression"] == "MIT OR Apache-2.0"


def test_licenses_named_in_a_note_above_a_full_text_are_only_mentioned(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    note = (
        " Note that the only valid version of the GPL as far as this project\n"
        " is concerned is _this_ particular version of the license (ie v2, not\n"
        " v2.2 or v3.x or whatever), unless explicitly otherwise stated.\n\n"
        "----------------------------------------\n\n"
    )
    result = project(make_tree({"COPYING": note + license_texts["gpl-2.0"]}))
    assert result.data["expression"] == "GPL-2.0-only"
    assert set(apart(result).values()) <= {"mentioned"}


def test_a_notice_file_crediting_dependencies_does_not_add_their_licenses(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    notice = (
        "This product includes software developed by the Apache Software Foundation,\n"
        "licensed under the Apache License, Version 2.0.\n\n"
        "It also includes the Eclipse Jetty server, under the Eclipse Public License 2.0.\n"
    )
    result = project(make_tree({"LICENSE": license_texts["mpl-2.0"], "NOTICE.md": notice}))
    assert result.data["expression"] == "MPL-2.0"
    assert set(apart(result).values()) == {"bundled"}
    assert "Apache-2.0" in apart(result)


def test_an_exception_after_the_license_text_amends_that_license(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    text = (
        license_texts["mpl-2.0"]
        + "\n\n---------------------\n\n"
        + license_texts["openmrs-exception-to-mpl-2.0"]
    )
    expression = project(make_tree({"LICENSE": text})).data["expression"]
    assert expression == "MPL-2.0 WITH LicenseRef-scancode-openmrs-exception-to-mpl-2.0"


def test_a_content_license_beside_a_software_license_covers_content(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {"LICENSE": license_texts["apache-2.0"], "LICENSE-CC": license_texts["cc-by-sa-4.0"]}
    )
    result = project(root)
    assert result.data["expression"] == "Apache-2.0"
    assert apart(result) == {"CC-BY-SA-4.0": "documentation"}


def test_a_content_license_alone_stays_the_project_license(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    result = project(make_tree({"LICENSE": license_texts["cc-by-sa-4.0"]}))
    assert result.data["expression"] == "CC-BY-SA-4.0"
    assert result.data["apart"] == []
