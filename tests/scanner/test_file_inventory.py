"""The report's `files` inventory: each file's license expressions (lines, score) and copyright
statements, in the JSON report and the SPDX SBOM; `--full` reads whole files."""

from __future__ import annotations

import hashlib
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from jsonschema import Draft202012Validator
from spdx_tools.spdx.parser.json import json_parser
from spdx_tools.spdx.validation.document_validator import validate_full_spdx_document

from osunited.cli import main
from osunited.scanner import ScanLimits, ScanReport, scan
from osunited.scanner.reports import render, report_schema
from tests.scanner.conftest import TreeMaker

GPL_FILE = "#!/bin/sh\n# SPDX-License-Identifier: GPL-3.0-or-later\n# Copyright 2024 Jane Roe\n"
LICENSES = ["license.project", "license.file-compatibility"]


@pytest.fixture
def apache_project(make_tree: TreeMaker, license_texts: dict[str, str]) -> Path:
    return make_tree(
        {
            "LICENSE": license_texts["apache-2.0"],
            "src/main.py": "# SPDX-License-Identifier: Apache-2.0\nprint(1)\n",
            "tools/build.sh": GPL_FILE,
            "src/plain.py": "print(2)\n",
        }
    )


def entry(report: dict[str, Any], path: str) -> dict[str, Any]:
    [found] = [f for f in report["files"] if f["path"] == path]
    return found


def test_a_gpl_tagged_file_appears_in_the_json_report(apache_project: Path) -> None:
    report = json.loads(render(scan(apache_project, use_cache=False, only=LICENSES), "json"))

    Draft202012Validator(report_schema()).validate(report)
    build = entry(report, "tools/build.sh")
    assert build["licenses"] == [
        {
            "expression": "GPL-3.0-or-later",
            "kind": "tag",
            "start_line": 2,
            "end_line": 2,
            "score": 100.0,
        }
    ]
    assert build["copyrights"] == [
        {"statement": "Copyright 2024 Jane Roe", "holder": "Jane Roe", "line": 3}
    ]
    assert build["sha1"] == hashlib.sha1(GPL_FILE.encode(), usedforsecurity=False).hexdigest()
    assert entry(report, "LICENSE")["licenses"][0]["expression"] == "Apache-2.0"


def test_files_that_state_nothing_are_left_out(apache_project: Path) -> None:
    report = scan(apache_project, use_cache=False, only=LICENSES)

    assert [f.path for f in report.files] == ["LICENSE", "src/main.py", "tools/build.sh"]


def test_a_scan_without_license_checks_has_an_empty_inventory(apache_project: Path) -> None:
    assert scan(apache_project, use_cache=False, only=["docs.readme"]).files == []


def test_the_inventory_comes_from_the_cache_on_a_rescan(
    apache_project: Path, tmp_path: Path
) -> None:
    first = scan(apache_project, cache_dir=tmp_path / "cache", only=LICENSES)
    second = scan(apache_project, cache_dir=tmp_path / "cache", only=LICENSES)

    assert second.files == first.files


def spdx_files(report: ScanReport, tmp_path: Path) -> dict[str, Any]:
    path = tmp_path / "sbom.spdx.json"
    path.write_text(render(report, "spdx"), encoding="utf-8")
    assert validate_full_spdx_document(json_parser.parse_from_file(str(path))) == []
    document = json.loads(path.read_text("utf-8"))
    return {f["fileName"]: f for f in document["files"]}


def test_the_spdx_sbom_carries_licenses_and_copyrights_per_file(
    apache_project: Path, tmp_path: Path
) -> None:
    files = spdx_files(scan(apache_project, use_cache=False, only=LICENSES), tmp_path)

    build = files["./tools/build.sh"]
    assert build["licenseInfoInFiles"] == ["GPL-3.0-or-later"]
    assert build["copyrightText"] == "Copyright 2024 Jane Roe"
    assert build["checksums"][0]["algorithm"] == "SHA1"
    assert files["./src/main.py"]["copyrightText"] == "NOASSERTION"


def late_notice_project(make_tree: TreeMaker, license_texts: dict[str, str]) -> Path:
    body = "".join(f"x{n} = {n}\n" for n in range(300))
    return make_tree(
        {
            "LICENSE": license_texts["mit"],
            "bundle.py": body + "# SPDX-FileCopyrightText: 2020 Other Org\n",
        }
    )


def test_copyrights_past_the_header_are_found_only_with_full(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = late_notice_project(make_tree, license_texts)

    default = scan(root, use_cache=False, only=LICENSES)
    full = scan(root, use_cache=False, only=LICENSES, limits=ScanLimits(read_whole_files=True))

    assert "bundle.py" not in [f.path for f in default.files]
    [bundle] = [f for f in full.files if f.path == "bundle.py"]
    assert bundle.copyrights[0].line == 301


def test_osu_scan_full_reads_whole_files(
    make_tree: TreeMaker, license_texts: dict[str, str], tmp_path: Path
) -> None:
    root = late_notice_project(make_tree, license_texts)
    cache = str(tmp_path / "cache")
    args = ["scan", "--cache-dir", cache, "-q", "-f", "json", "--only", "license.project"]

    default = CliRunner().invoke(main, [*args, str(root)])
    full = CliRunner().invoke(main, [*args, "--full", str(root)])

    assert default.exit_code == 0, default.output
    assert full.exit_code == 0, full.output
    assert "bundle.py" not in [f["path"] for f in json.loads(default.stdout)["files"]]
    assert "bundle.py" in [f["path"] for f in json.loads(full.stdout)["files"]]
