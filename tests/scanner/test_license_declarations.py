"""What manifests, READMEs and license files say about the project's license, read as what
they say: `UNLICENSED` and "All rights reserved" say no, `NOASSERTION` says nothing, `SEE LICENSE
IN` points to a file, a badge is a claim and not a license, and a deprecated `GPL-3.0` does not
say "only" or "or later"."""

from __future__ import annotations

from pathlib import Path

import pytest

from osunited.scanner import scan
from osunited.scanner._model import CheckResult, Outcome, Severity
from tests.scanner.conftest import TreeMaker

CHECKS = ["license.project", "license.declared-matches-detected"]
GPL3_OR_LATER = (
    "# This program is free software: you can redistribute it and/or modify it under the\n"
    "# terms of the GNU General Public License as published by the Free Software\n"
    "# Foundation, either version 3 of the License, or (at your option) any later version.\n"
)
GPL3_ONLY = GPL3_OR_LATER.replace(
    "either version 3 of the License, or (at your option) any later version",
    "version 3 of the License",
)
MIT_BADGE = (
    "# Tool\n\n"
    "[![License: MIT](https://img.shields.io/badge/License-MIT-yellow.svg)]"
    "(https://opensource.org/licenses/MIT)\n\nA tool.\n"
)


def results(root: Path) -> tuple[CheckResult, CheckResult]:
    report = scan(root, only=CHECKS, use_cache=False)
    return report.result("license.project"), report.result("license.declared-matches-detected")


def rules(result: CheckResult) -> list[str]:
    return [f.rule_id.rpartition(".")[2] for f in result.findings]


def test_unlicensed_in_package_json_is_an_error_and_no_agreement(make_tree: TreeMaker) -> None:
    root = make_tree({"package.json": '{"name": "x", "license": "UNLICENSED"}', "x.js": "1\n"})
    project, declared = results(root)
    assert rules(project) == ["not-licensed"]
    assert project.findings[0].severity == Severity.ERROR
    assert "package.json declares 'UNLICENSED'" in project.findings[0].message
    assert project.data["expression"] is None
    assert declared.outcome == Outcome.FAIL
    assert declared.summary != "Declared licenses agree."
    assert rules(declared) == ["not-licensed"]


@pytest.mark.parametrize(
    ("manifest", "content"),
    [
        ("composer.json", '{"name": "a/b", "license": "proprietary"}'),
        ("package.json", '{"name": "x", "license": "LicenseRef-Proprietary"}'),
        ("setup.cfg", "[metadata]\nclassifiers =\n    License :: Other/Proprietary License\n"),
    ],
)
def test_a_proprietary_declaration_says_no(
    make_tree: TreeMaker, manifest: str, content: str
) -> None:
    project, _ = results(make_tree({manifest: content}))
    assert rules(project) == ["not-licensed"]


def test_a_license_file_that_only_reserves_all_rights_grants_nothing(make_tree: TreeMaker) -> None:
    root = make_tree({"LICENSE": "Copyright 2020 Acme Corp.\nAll rights reserved.\n"})
    project, _ = results(root)
    assert rules(project) == ["not-licensed"]
    assert project.findings[0].evidence[0].path == "LICENSE"
    assert project.summary == "Not licensed to others: the project reserves all rights."


def test_a_proprietary_license_file_is_not_a_license(make_tree: TreeMaker) -> None:
    text = (
        "Copyright (c) 2021 Acme. All Rights Reserved.\n\nThis software is proprietary and "
        "confidential. Unauthorized copying of this file, via any medium, is strictly "
        "prohibited.\n"
    )
    project, _ = results(make_tree({"LICENSE": text}))
    assert project.outcome == Outcome.FAIL
    assert rules(project) == ["not-licensed"]


def test_crown_copyright_above_a_license_text_is_no_proprietary_license(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    text = f"The MIT License (MIT)\n\nCopyright (C) 2017 Crown Copyright\n\n{license_texts['mit']}"
    project, _ = results(make_tree({"LICENSE.txt": text}))
    assert (project.outcome, project.data["expression"]) == (Outcome.PASS, "MIT")


def test_all_rights_reserved_above_a_license_text_is_that_license(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    text = f"Copyright (c) 2020, Acme\nAll rights reserved.\n\n{license_texts['bsd-new']}"
    project, _ = results(make_tree({"LICENSE": text}))
    assert project.outcome == Outcome.PASS
    assert project.data["expression"] == "BSD-3-Clause"


def test_noassertion_declares_nothing(make_tree: TreeMaker) -> None:
    root = make_tree({"package.json": '{"name": "x", "license": "NOASSERTION"}'})
    project, _ = results(root)
    assert rules(project) == ["missing"]
    assert project.findings[0].severity == Severity.ERROR
    assert "says nothing about the license" in project.findings[0].message


def test_see_license_in_names_the_file_that_must_carry_the_text(make_tree: TreeMaker) -> None:
    root = make_tree({"package.json": '{"name": "x", "license": "SEE LICENSE IN EULA.md"}'})
    project, _ = results(root)
    assert rules(project) == ["missing"]
    assert "EULA.md is not in the repository" in project.findings[0].message


def test_see_license_in_a_license_file_is_that_license(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    manifest = '{"name": "x", "license": "SEE LICENSE IN LICENSE.txt"}'
    root = make_tree({"package.json": manifest, "LICENSE.txt": license_texts["mit"]})
    project, declared = results(root)
    assert (project.outcome, project.data["expression"]) == (Outcome.PASS, "MIT")
    assert declared.outcome == Outcome.PASS
    assert declared.findings == []


def test_a_readme_badge_without_a_license_text_is_mentioned(make_tree: TreeMaker) -> None:
    project, _ = results(make_tree({"README.md": MIT_BADGE, "x.js": "1\n"}))
    [finding] = project.findings
    assert finding.rule_id == "license.project.missing"
    assert finding.severity == Severity.ERROR
    assert "README.md shows MIT in a badge (line 3)" in finding.message
    assert [(e.path, e.line) for e in finding.evidence] == [("README.md", 3)]


def test_a_license_line_in_the_readme_is_mentioned(make_tree: TreeMaker) -> None:
    project, _ = results(make_tree({"README.md": "# Tool\n\n## License\n\nLicense: MIT\n"}))
    assert "README.md says MIT (line 5)" in project.findings[0].message


def test_conflicting_claims_are_one_finding_with_each_place(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    gpl_badge = "# X\n\n![License: GPL v3](https://img.shields.io/badge/License-GPLv3-blue.svg)\n"
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "package.json": '{"name": "x", "license": "MIT"}',
            "README.md": gpl_badge,
        }
    )
    _, declared = results(root)
    [finding] = declared.findings
    assert finding.rule_id == "license.declared-matches-detected.mismatch"
    assert [e.path for e in finding.evidence] == ["package.json", "README.md", "LICENSE"]
    assert "package.json declares 'MIT'" in finding.message
    assert "README.md shows GPL-3.0-only in a badge" in finding.message
    assert "LICENSE says Apache-2.0" in finding.message


def test_unlicensed_beside_a_license_file_is_a_conflict(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    manifest = '{"name": "x", "license": "UNLICENSED"}'
    root = make_tree({"LICENSE": license_texts["mit"], "package.json": manifest})
    project, declared = results(root)
    assert project.data["expression"] == "MIT"
    assert rules(declared) == ["mismatch"]


def test_a_badge_that_names_the_license_of_the_files_agrees(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    badge = "# X\n\n![License: AGPL v3](https://img.shields.io/badge/License-AGPL%20v3-blue.svg)\n"
    notice = GPL3_OR_LATER.replace("GNU General", "GNU Affero General")
    root = make_tree({"LICENSE": license_texts["agpl-3.0"], "README.md": badge, "a.py": notice})
    project, declared = results(root)
    assert project.data["expression"] == "AGPL-3.0-or-later"  # the badge says no scope
    assert (declared.outcome, declared.summary) == (Outcome.PASS, "Declared licenses agree.")


def test_a_deprecated_gpl_id_in_a_manifest_follows_the_notices(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    headers = {f"src/m{n}.py": GPL3_OR_LATER for n in range(20)}
    root = make_tree(
        {
            "COPYING": license_texts["gpl-3.0"],
            "package.json": '{"name": "x", "license": "GPL-3.0"}',
            **headers,
        }
    )
    project, declared = results(root)
    assert project.data["expression"] == "GPL-3.0-or-later"
    assert [d["spdx"] for d in project.data["declared"]] == ["GPL-3.0-or-later"]
    assert declared.summary == "Declared licenses agree."
    notes = project.data["notes"]
    assert any(
        "package.json declares 'GPL-3.0'" in note and "20 file(s) say or later" in note
        for note in notes
    ), notes


def test_one_part_that_says_only_makes_the_whole_only(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    """git's layout: COPYING has the GPL-2.0 text, most headers say "or later", a few "only"."""
    only, later = (
        notice.replace("version 3", "version 2") for notice in (GPL3_ONLY, GPL3_OR_LATER)
    )
    headers = {f"m{n}.c": later for n in range(9)}
    root = make_tree({"COPYING": license_texts["gpl-2.0"], "legacy.c": only, **headers})
    project, _ = results(root)
    assert project.data["expression"] == "GPL-2.0-only"
    assert "9 file(s) say or later and 1 file(s) say only" in project.data["notes"][0]


def test_a_deprecated_gpl_id_alone_stays_only_with_a_note(make_tree: TreeMaker) -> None:
    project, _ = results(make_tree({"package.json": '{"name": "x", "license": "GPL-3.0"}'}))
    assert project.data["expression"] == "GPL-3.0-only"
    assert "no notice in the tree says either" in project.data["notes"][0]


def test_an_explicit_only_in_a_manifest_is_kept(make_tree: TreeMaker) -> None:
    headers = {f"m{n}.py": GPL3_OR_LATER for n in range(3)}
    root = make_tree({"package.json": '{"name": "x", "license": "GPL-3.0-only"}', **headers})
    project, _ = results(root)
    assert project.data["expression"] == "GPL-3.0-only"


def test_a_project_whose_only_license_statements_are_file_headers_has_their_license(
    make_tree: TreeMaker,
) -> None:
    notice = GPL3_OR_LATER.replace("GNU General", "GNU Lesser General")
    root = make_tree({f"src/part{n}.py": notice + "x = 1\n" for n in range(3)})
    project, _ = results(root)
    assert project.data["expression"] == "LGPL-3.0-or-later"
    assert rules(project) == ["no-license-file"]
    assert project.findings[0].severity == Severity.WARNING
    assert "3 of 3 files" in project.findings[0].message


def test_vendored_headers_do_not_license_the_project(make_tree: TreeMaker) -> None:
    mit = "/* Released under the MIT License. */\n"
    root = make_tree({"vendor/lib/a.js": mit, "node_modules/b/b.js": mit, "src/x.js": "1\n"})
    project, _ = results(root)
    assert project.data["expression"] is None
    assert rules(project) == ["missing"]
