"""A stored report is read back with the scanner's own types (`report_from_dict`), so that the
platform reads it the way the scanner wrote it."""

from __future__ import annotations

import json

import pytest

from osunited.scanner import Outcome, Severity, report_from_dict, scan
from tests.scanner.conftest import TreeMaker


def test_a_report_read_back_from_its_json_is_the_same_report(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "LICENSE.data": license_texts["odbl-1.0"],
            "app.py": "# SPDX-License-Identifier: GPL-3.0-or-later\n# Copyright 2026 UNICEF\n",
            "package.json": '{"name": "x", "dependencies": {"left-pad": "1.3.0"}}',
        }
    )
    report = scan(root, use_cache=False)
    stored = json.loads(json.dumps(report.to_dict()))

    again = report_from_dict(stored)

    assert json.loads(json.dumps(again.to_dict())) == stored
    project = again.result("license.project")
    assert project.outcome is Outcome.PASS
    assert {f.severity for f in project.findings} == {Severity.INFO}


@pytest.mark.parametrize(
    "damaged",
    [None, [], {}, {"schema_version": "1.1"}, {"results": "x"}, "report"],
)
def test_a_damaged_report_is_a_value_error(damaged: object) -> None:
    with pytest.raises(ValueError, match="not a scan report"):
        report_from_dict(damaged)
