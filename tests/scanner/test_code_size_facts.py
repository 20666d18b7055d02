"""The scan's facts keep the lines of code health.code-size counted (total, in tests, by
language), so that pages never read the whole report; a scan that did not count them keeps
none, never 0."""

from __future__ import annotations

from osunited.catalog.scanning import facts_of
from osunited.scanner import report_from_dict, scan
from tests.factories import stored_report
from tests.scanner.conftest import TreeMaker


def test_a_counted_scan_keeps_its_lines_of_code(make_tree: TreeMaker) -> None:
    root = make_tree(
        {
            "app.py": "import os\n\nprint(os.sep)  # path\n",
            "tests/test_app.py": "def test_it():\n    assert True\n",
            "web/app.js": "// entry\nconsole.log(1);\n",
        }
    )
    facts = facts_of(scan(root, use_cache=False, only=["health.code-size"]))
    assert facts["lines_of_code"] == 5
    assert facts["lines_of_code_in_tests"] == 2
    assert facts["lines_of_code_by_language"] == {"Python": 4, "JavaScript": 1}
    assert "lines_of_code_not_measured" not in facts


def test_a_tree_without_counted_code_keeps_the_reason_not_zero(make_tree: TreeMaker) -> None:
    facts = facts_of(scan(make_tree({"README.md": "# Hi\n"}), use_cache=False))
    assert "lines_of_code" not in facts
    assert facts["lines_of_code_not_measured"] == "no_code_in_a_counted_language"


def test_a_scan_from_before_the_count_keeps_nothing_of_it() -> None:
    older = report_from_dict(
        stored_report({"check_id": "security.policy", "outcome": "pass", "summary": "Found."})
    )
    facts = facts_of(older)
    assert facts == {"security_policy": True}
