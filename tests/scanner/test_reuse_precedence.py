"""REUSE.toml annotations (REUSE 3.3) decide the license and copyright of the files they cover:
"override" makes what a file says mere content, "closest" fills in what a file leaves out,
"aggregate" adds to it; a `.license` file speaks for the file beside it."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft202012Validator

from osunited.scanner import Outcome, ScanReport, Severity, scan
from osunited.scanner.licenses._reuse import annotations_of, reuse_terms
from osunited.scanner.reports import render, report_schema
from tests.scanner.conftest import TreeMaker

CHECKS = [
    "license.project",
    "license.file-compatibility",
    "license.file-coverage",
    "license.copyright",
]
# A scanner test that only mentions licenses and holders in its strings.
MENTIONS = (
    'TAG = "# SPDX-License-Identifier: GPL-3.0-only"\n'
    'HOLDER = "# Copyright 2024 Jane Roe"\n'
    "NOTICE = 'Licensed under the GNU General Public License version 3 only'\n"
)
OVERRIDE = """version = 1
[[annotations]]
path = "**"
precedence = "override"
SPDX-FileCopyrightText = "2026 The Platform contributors"
SPDX-License-Identifier = "Apache-2.0"

[[annotations]]
path = "tests/data/reference/**"
precedence = "override"
SPDX-FileCopyrightText = ["2018-present Team Digitale", "2020 Other Team"]
SPDX-License-Identifier = "EUPL-1.2"
"""


def scanned(root: Path) -> ScanReport:
    return scan(root, use_cache=False, only=CHECKS)


def holders(report: ScanReport) -> list[str]:
    return [h["name"] for h in report.result("license.copyright").data["holders"]]


@pytest.fixture
def overridden(make_tree: TreeMaker, license_texts: dict[str, str]) -> Path:
    return make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "REUSE.toml": OVERRIDE,
            "src/app.py": "print(1)\n",
            "tests/test_tags.py": MENTIONS,
            "tests/test_more.py": "# SPDX-License-Identifier: MIT\n" + MENTIONS,
            "tests/data/reference/example.yml": "# SPDX-License-Identifier: MIT\nname: x\n",
        }
    )


def test_an_override_makes_license_mentions_in_files_content(overridden: Path) -> None:
    result = scanned(overridden).result("license.file-compatibility")

    # Only the file the override puts under the EUPL, test data, listed apart from the program.
    assert result.outcome == Outcome.PASS
    [finding] = result.findings
    assert (finding.severity, finding.rule_id) == (
        Severity.INFO,
        "license.file-compatibility.test-files",
    )
    assert finding.message.startswith("1 test file(s) state EUPL-1.2")
    assert [(e.path, e.line) for e in finding.evidence] == [
        ("tests/data/reference/example.yml", None)
    ]
    assert [e["expression"] for e in result.data["licenses"]] == ["EUPL-1.2"]


def test_an_override_gives_its_holders_and_counts_every_file(overridden: Path) -> None:
    report = scanned(overridden)

    assert holders(report) == ["The Platform contributors", "Other Team", "Team Digitale"]
    assert report.result("license.project").data["expression"] == "Apache-2.0"
    coverage = report.result("license.file-coverage").data
    assert (coverage["files"], coverage["with_license"], coverage["with_copyright"]) == (4, 4, 4)


def test_the_inventory_shows_the_overriding_license_not_the_mentions(overridden: Path) -> None:
    report: dict[str, Any] = json.loads(render(scanned(overridden), "json"))

    Draft202012Validator(report_schema()).validate(report)
    by_path = {f["path"]: f for f in report["files"]}
    assert by_path["tests/test_more.py"]["licenses"] == [
        {
            "expression": "Apache-2.0",
            "kind": "reuse",
            "start_line": 0,
            "end_line": 0,
            "score": 100.0,
        }
    ]
    assert by_path["tests/test_more.py"]["copyrights"] == [
        {
            "statement": "2026 The Platform contributors",
            "holder": "The Platform contributors",
            "line": 0,
        }
    ]
    assert "REUSE.toml" not in by_path
    # The project's license file keeps its text, with the license REUSE gives the file itself.
    assert [f["kind"] for f in by_path["LICENSE"]["licenses"]] == ["reuse", "text"]


def test_closest_fills_in_what_a_file_leaves_out(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "REUSE.toml": (
                'version = 1\n[[annotations]]\npath = "src/**"\n'
                'SPDX-FileCopyrightText = "2025 UNICEF"\nSPDX-License-Identifier = "Apache-2.0"\n'
            ),
            "src/plain.py": "print(1)\n",
            "src/tagged.py": "# SPDX-License-Identifier: GPL-3.0-only\nprint(2)\n",
            "src/owned.py": "# Copyright 2024 Jane Roe\nprint(3)\n",
            "docs/index.md": "# Docs\n",
        }
    )
    report = scanned(root)

    coverage = report.result("license.file-coverage")
    assert coverage.summary == "75% of 4 files state their license."
    [finding] = report.result("license.file-compatibility").findings
    assert [e.path for e in finding.evidence] == ["src/tagged.py"]  # its own tag is closest
    holders_data = report.result("license.copyright").data["holders"]
    assert {h["name"]: h["files"] for h in holders_data} == {"UNICEF": 2, "Jane Roe": 1}


def test_aggregate_adds_to_what_a_file_says(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "REUSE.toml": (
                'version = 1\n[[annotations]]\npath = "*.py"\nprecedence = "aggregate"\n'
                'SPDX-FileCopyrightText = "2025 UNICEF"\nSPDX-License-Identifier = "MIT"\n'
            ),
            "tool.py": "# SPDX-License-Identifier: Apache-2.0\n# Copyright 2024 Jane Roe\n",
        }
    )
    report = scanned(root)

    listed = report.result("license.file-compatibility").data["licenses"]
    assert [(e["expression"], e["files"]) for e in listed] == [("MIT", 1)]
    assert sorted(holders(report)) == ["Jane Roe", "UNICEF"]


def test_a_license_file_beside_a_file_speaks_for_it(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/data.json": '{"license": "GPL-3.0-only", "note": "Copyright 2020 Someone"}\n',
            "src/data.json.license": (
                "SPDX-FileCopyrightText: 2025 UNICEF\nSPDX-License-Identifier: Apache-2.0\n"
            ),
            "src/plain.py": "print(1)\n",
        }
    )
    report = scanned(root)

    coverage = report.result("license.file-coverage").data
    assert (coverage["files"], coverage["with_license"]) == (2, 1)
    assert report.result("license.file-compatibility").outcome == Outcome.PASS
    assert holders(report) == ["UNICEF"]


def rules(texts: dict[str, str]) -> Any:
    return annotations_of({path: text.encode() for path, text in texts.items()})


def test_the_last_matching_annotation_of_a_reuse_toml_wins() -> None:
    annotations = rules(
        {
            "REUSE.toml": (
                'version = 1\n[[annotations]]\npath = "**"\nSPDX-License-Identifier = "MIT"\n'
                '[[annotations]]\npath = "img/*.svg"\nSPDX-License-Identifier = "CC-BY-4.0"\n'
            )
        }
    )

    terms = reuse_terms("img/a.svg", annotations, own_license=False, own_copyright=False)
    assert terms.expressions == ("CC-BY-4.0",)
    terms = reuse_terms("img/sub/a.svg", annotations, own_license=False, own_copyright=False)
    assert terms.expressions == ("MIT",)


def test_a_deeper_reuse_toml_is_closer_but_an_outer_override_wins() -> None:
    deeper = '[[annotations]]\npath = "**"\nSPDX-License-Identifier = "CC0-1.0"\n'
    closest = rules(
        {
            "REUSE.toml": '[[annotations]]\npath = "**"\nSPDX-License-Identifier = "MIT"\n'
            'SPDX-FileCopyrightText = "2025 Top"\n',
            "data/REUSE.toml": deeper,
        }
    )
    terms = reuse_terms("data/a.csv", closest, own_license=False, own_copyright=False)
    assert (terms.expressions, terms.copyrights) == (("CC0-1.0",), ("2025 Top",))
    assert not reuse_terms("data/a.csv", closest, own_license=True, own_copyright=True).expressions

    overriding = rules(
        {
            "REUSE.toml": '[[annotations]]\npath = "**"\nprecedence = "override"\n'
            'SPDX-License-Identifier = "MIT"\n',
            "data/REUSE.toml": deeper.replace("path", 'precedence = "override"\npath'),
        }
    )
    terms = reuse_terms("data/a.csv", overriding, own_license=True, own_copyright=True)
    assert (terms.expressions, terms.replaces_content) == (("MIT",), True)


def test_an_unknown_precedence_is_closest_and_an_annotation_without_path_is_ignored() -> None:
    annotations = rules(
        {
            "REUSE.toml": (
                '[[annotations]]\npath = "**"\nprecedence = "sometimes"\n'
                'SPDX-License-Identifier = "MIT"\n'
                '[[annotations]]\npath = []\nprecedence = "override"\n'
                'SPDX-License-Identifier = "GPL-3.0-only"\n'
            )
        }
    )

    terms = reuse_terms("a.py", annotations, own_license=True, own_copyright=False)
    assert (terms.expressions, terms.replaces_content) == ((), False)
