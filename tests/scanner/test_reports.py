"""The report formats (text, JSON and its schema, Markdown, SARIF) of osunited.scanner.reports."""

import copy
import json
import re
from importlib import resources
from pathlib import Path
from typing import Any

import pytest
from jsonschema import Draft4Validator, Draft202012Validator, ValidationError

from osunited.scanner import (
    REPORT_SCHEMA_VERSION,
    CheckResult,
    Evidence,
    Finding,
    Outcome,
    Pillar,
    ScanReport,
    Severity,
    Target,
    TreeStats,
    pillar_scores,
    scan,
)
from osunited.scanner.reports import FORMATS, UnknownFormat, render, report_schema

DATA = Path(__file__).parents[1] / "data"
SCRIPT_PATH = "<script>alert(1)</script>.py"
TABLE_PATH = "a|b*c*.md"
ANSI = re.compile(r"\x1b\[[0-9;]*m")
MIT = """MIT License

Copyright (c) 2025 The Planner Authors

Permission is hereby granted, free of charge, to any person obtaining a copy
of this software and associated documentation files (the "Software"), to deal
in the Software without restriction, including without limitation the rights
to use, copy, modify, merge, publish, distribute, sublicense, and/or sell
copies of the Software, and to permit persons to whom the Software is
furnished to do so, subject to the following conditions:

The above copyright notice and this permission notice shall be included in all
copies or substantial portions of the Software.

THE SOFTWARE IS PROVIDED "AS IS", WITHOUT WARRANTY OF ANY KIND, EXPRESS OR
IMPLIED, INCLUDING BUT NOT LIMITED TO THE WARRANTIES OF MERCHANTABILITY,
FITNESS FOR A PARTICULAR PURPOSE AND NONINFRINGEMENT. IN NO EVENT SHALL THE
AUTHORS OR COPYRIGHT HOLDERS BE LIABLE FOR ANY CLAIM, DAMAGES OR OTHER
LIABILITY, WHETHER IN AN ACTION OF CONTRACT, TORT OR OTHERWISE, ARISING FROM,
OUT OF OR IN CONNECTION WITH THE SOFTWARE OR THE USE OR OTHER DEALINGS IN THE
SOFTWARE.
"""


def write_project(root: Path, extra: dict[str, str] | None = None) -> Path:
    """A small MIT-licensed project: LICENSE, a short README, one file with an SPDX header."""
    files = {
        "LICENSE": MIT,
        "README.md": "# Planner\n\nPlans the work of country offices.\n",
        "src/planner.py": "# SPDX-License-Identifier: MIT\nprint('plan')\n",
        **(extra or {}),
    }
    for path, text in files.items():
        (root / path).parent.mkdir(parents=True, exist_ok=True)
        (root / path).write_text(text, encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def scanned(tmp_path_factory: pytest.TempPathFactory) -> ScanReport:
    """A whole scan of a project whose unlicensed files have hostile names."""
    root = write_project(
        tmp_path_factory.mktemp("project"),
        {SCRIPT_PATH: "print(1)\n", TABLE_PATH: "# Notes\n", "docs/b.py": "print(2)\n"},
    )
    return scan(root, use_cache=False)


def check(
    check_id: str,
    outcome: Outcome,
    summary: str,
    *findings: Finding,
    pillar: Pillar = Pillar.DOCUMENTATION,
    data: dict[str, Any] | None = None,
) -> CheckResult:
    return CheckResult(check_id, check_id, pillar, outcome, summary, list(findings), data or {})


def report_of(*results: CheckResult, location: str = "/src/planner") -> ScanReport:
    return ScanReport(
        schema_version=REPORT_SCHEMA_VERSION,
        tool_version="1.2.3",
        target=Target("directory", location),
        started_at="2026-01-02T03:04:05+00:00",
        duration_seconds=1.25,
        stats=TreeStats(3, 2048),
        results=list(results),
        scores=pillar_scores(results),
    )


def hostile_report() -> ScanReport:
    """Findings about files whose names are Markdown, HTML and terminal escapes."""
    return report_of(
        check(
            "license.file-coverage",
            Outcome.FAIL,
            "Files without a license:\n| injected | row |",
            Finding(
                "license.file-coverage.low",
                "@all see the files",
                Severity.WARNING,
                "Add `SPDX-License-Identifier:` lines.",
                (
                    Evidence(SCRIPT_PATH, 3),
                    Evidence(TABLE_PATH),
                    Evidence("evil\x1b[2J\u202e.py", 1),
                ),
            ),
            pillar=Pillar.LICENSING,
        ),
        check("docs.readme", Outcome.PASS, "README.md is fine."),
    )


def sarif_of(report: ScanReport) -> dict[str, Any]:
    return json.loads(render(report, "sarif"))  # type: ignore[no-any-return]


def sarif_validator() -> Draft4Validator:
    schema = json.loads((DATA / "sarif-schema-2.1.0.json").read_text("utf-8"))
    return Draft4Validator(schema, format_checker=Draft4Validator.FORMAT_CHECKER)


def report_validator() -> Draft202012Validator:
    return Draft202012Validator(report_schema(), format_checker=Draft202012Validator.FORMAT_CHECKER)


# --- the registry ----------------------------------------------------------------------------


def test_the_registry_offers_text_json_markdown_sarif_and_the_sboms() -> None:
    assert FORMATS == ("text", "json", "md", "sarif", "cyclonedx", "spdx")


def test_an_unknown_format_is_refused_with_the_known_ones() -> None:
    with pytest.raises(UnknownFormat, match=r"'xml'.*text, json, md, sarif"):
        render(report_of(), "xml")


@pytest.mark.parametrize("fmt", FORMATS)
def test_every_format_renders_a_report_without_checks(fmt: str) -> None:
    assert render(report_of(), fmt).endswith("\n")


# --- JSON and its schema ---------------------------------------------------------------------


def test_the_json_report_of_a_real_scan_validates_against_the_schema(
    scanned: ScanReport,
) -> None:
    report_validator().validate(json.loads(render(scanned, "json")))


def test_the_json_report_is_to_dict_as_utf8_json() -> None:
    report = report_of(check("docs.readme", Outcome.PASS, "README by Søren Ødegård."))

    text = render(report, "json")

    assert json.loads(text) == report.to_dict()
    assert "Søren Ødegård" in text


def test_equal_reports_give_identical_json_whatever_the_order_of_data_keys() -> None:
    first = report_of(check("docs.readme", Outcome.PASS, "ok", data={"words": 3, "path": "R"}))
    second = report_of(check("docs.readme", Outcome.PASS, "ok", data={"path": "R", "words": 3}))

    assert render(first, "json") == render(second, "json")


def test_the_schema_is_draft_2020_12_and_versioned_like_the_report() -> None:
    schema = report_schema()

    Draft202012Validator.check_schema(schema)
    assert schema["$schema"] == "https://json-schema.org/draft/2020-12/schema"
    assert schema["$id"] == (
        f"https://opensourceunited.org/schemas/scan-report/{REPORT_SCHEMA_VERSION}.json"
    )
    assert schema["properties"]["schema_version"]["const"] == REPORT_SCHEMA_VERSION


def test_the_schema_ships_as_package_data() -> None:
    schema_file = resources.files("osunited.scanner.reports").joinpath("report.schema.json")

    assert schema_file.is_file()
    assert json.loads(schema_file.read_text("utf-8")) == report_schema()


def test_the_schema_documents_every_property() -> None:
    def undocumented(node: Any, where: str) -> list[str]:
        if isinstance(node, list):
            return [p for i, item in enumerate(node) for p in undocumented(item, f"{where}/{i}")]
        if not isinstance(node, dict):
            return []
        missing = [
            f"{where}/{name}"
            for name, prop in node.get("properties", {}).items()
            if "description" not in prop and "$ref" not in prop
        ]
        return missing + [p for k, v in node.items() for p in undocumented(v, f"{where}/{k}")]

    assert undocumented(report_schema(), "#") == []


def broken(change: str) -> dict[str, Any]:
    document = copy.deepcopy(hostile_report().to_dict())
    finding = document["results"][0]["findings"][0]
    if change == "no results":
        del document["results"]
    elif change == "unknown severity":
        finding["severity"] = "fatal"
    elif change == "line 0":
        finding["evidence"][0]["line"] = 0
    elif change == "missing pillar score":
        del document["scores"]["security"]
    elif change == "score above 100":
        document["scores"]["security"] = 101
    elif change == "unknown outcome":
        document["results"][0]["outcome"] = "skipped"
    elif change == "other schema version":
        document["schema_version"] = "2.0"
    elif change == "unknown key":
        document["extra"] = True
    return document


@pytest.mark.parametrize(
    "change",
    [
        "no results",
        "unknown severity",
        "line 0",
        "missing pillar score",
        "score above 100",
        "unknown outcome",
        "other schema version",
        "unknown key",
    ],
)
def test_the_schema_rejects_a_broken_report(change: str) -> None:
    validator = report_validator()
    validator.validate(hostile_report().to_dict())

    with pytest.raises(ValidationError):
        validator.validate(broken(change))


# --- text ------------------------------------------------------------------------------------


def test_the_text_report_summarises_target_scores_checks_and_findings() -> None:
    text = render(hostile_report(), "text")

    assert text.startswith("Scan of /src/planner\n  directory, 3 files (2.0 kB), 1.2 s")
    assert "  Licensing and compliance      50  #####.....\n" in text
    assert "  Security                     n/a\n" in text
    assert "  FAIL  license.file-coverage  Files without a license: | injected | row |" in text
    assert "        warning @all see the files\n" in text
    assert f"                at {SCRIPT_PATH}:3, {TABLE_PATH}, " in text
    assert "                fix: Add `SPDX-License-Identifier:` lines.\n" in text
    assert "  PASS  docs.readme  README.md is fine.\n" in text
    assert text.endswith(
        "2 checks: 1 passed, 1 failed, 0 not available. Findings: 0 errors, 1 warning, 0 info.\n"
    )


def test_the_text_report_is_plain_unless_colour_is_asked_for() -> None:
    report = hostile_report()

    assert not ANSI.search(render(report, "text"))
    coloured = render(report, "text", color=True)
    assert "\x1b[1;31mFAIL\x1b[0m" in coloured
    assert "\x1b[33mwarning\x1b[0m" in coloured
    assert ANSI.sub("", coloured) == render(report, "text")


def test_the_text_report_escapes_terminal_controls_from_file_names() -> None:
    text = render(hostile_report(), "text")

    assert "\x1b" not in text
    assert "\u202e" not in text
    assert "evil\\u001b[2J\\u202e.py:1" in text


def test_the_text_report_fits_in_100_columns(scanned: ScanReport) -> None:
    report = report_of(
        check(
            "docs.readme",
            Outcome.FAIL,
            "The README is short. " * 12,
            Finding("docs.readme.short", "Too short. " * 20, Severity.WARNING, "Expand. " * 30),
        ),
        location="/srv/" + "deeply-nested/" * 12 + "planner",
    )

    for text in (render(report, "text", color=True), render(scanned, "text", color=True)):
        assert max(len(line) for line in ANSI.sub("", text).splitlines()) <= 100


def test_the_text_report_shows_the_first_locations_of_a_long_list() -> None:
    evidence = tuple(Evidence(f"src/m{n}.py") for n in range(12))
    finding = Finding("license.file-coverage.low", "Few files.", Severity.WARNING, "", evidence)
    report = report_of(check("license.file-coverage", Outcome.FAIL, "Few.", finding))

    assert "at src/m0.py, src/m1.py, src/m2.py, src/m3.py, src/m4.py and 7 more" in render(
        report, "text"
    )


# --- Markdown --------------------------------------------------------------------------------


def test_markdown_has_a_heading_a_score_table_a_check_table_and_findings() -> None:
    md = render(hostile_report(), "md")

    assert md.startswith("## Open Source United scan of /src/planner\n")
    assert "| Pillar | Score |\n| --- | ---: |\n| Licensing and compliance | 50 |\n" in md
    assert "| ✅ pass | docs.readme (`docs.readme`) | README.md is fine. |" in md
    assert "### Findings (1)\n\n- **warning** `license.file-coverage.low`: \\@all see" in md
    assert "  - fix: Add \\`SPDX-License-Identifier:\\` lines." in md


def test_markdown_escapes_html_in_a_file_name() -> None:
    md = render(hostile_report(), "md")

    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.py:3" in md


def test_markdown_escapes_table_and_emphasis_characters_in_a_file_name() -> None:
    md = render(hostile_report(), "md")

    assert "a\\|b\\*c\\*.md" in md
    assert TABLE_PATH not in md


def test_a_line_break_in_repository_text_cannot_add_a_table_row() -> None:
    md = render(hostile_report(), "md")

    rows = [line for line in md.splitlines() if line.startswith("|")]
    assert len(rows) == 2 + 5 + 2 + 2  # score table (header, rule, pillars), check table
    assert "Files without a license: \\| injected \\| row \\|" in md


def test_markdown_findings_of_a_real_scan_escape_hostile_file_names(scanned: ScanReport) -> None:
    md = render(scanned, "md")

    assert "<script>" not in md
    assert "&lt;script&gt;alert(1)&lt;/script&gt;.py" in md
    assert "a\\|b\\*c\\*.md" in md


# --- SARIF -----------------------------------------------------------------------------------


def test_sarif_of_a_real_scan_validates_against_the_oasis_schema(scanned: ScanReport) -> None:
    sarif = sarif_of(scanned)

    sarif_validator().validate(sarif)
    assert sarif["$schema"] == "https://json.schemastore.org/sarif-2.1.0.json"
    assert sarif["version"] == "2.1.0"


def test_sarif_of_hostile_file_names_validates_against_the_oasis_schema() -> None:
    sarif_validator().validate(sarif_of(hostile_report()))


def test_sarif_has_one_run_of_the_scanner_with_one_rule_per_rule_id(scanned: ScanReport) -> None:
    (run,) = sarif_of(scanned)["runs"]
    driver = run["tool"]["driver"]
    rule_ids = [rule["id"] for rule in driver["rules"]]

    assert driver["name"] == "osunited-scanner"
    assert driver["version"] == scanned.tool_version
    assert sorted(rule_ids) == sorted({f.rule_id for f in scanned.findings})
    for result in run["results"]:
        assert rule_ids[result["ruleIndex"]] == result["ruleId"]


def test_sarif_results_are_the_findings_only(scanned: ScanReport) -> None:
    (run,) = sarif_of(scanned)["runs"]

    assert len(run["results"]) == len(scanned.findings)
    assert [r["message"]["text"] for r in run["results"]] == [f.message for f in scanned.findings]


def test_sarif_rules_carry_description_remediation_and_pillar() -> None:
    (rule,) = sarif_of(hostile_report())["runs"][0]["tool"]["driver"]["rules"]

    assert rule["shortDescription"] == {"text": "@all see the files"}
    assert rule["help"] == {"text": "Add `SPDX-License-Identifier:` lines."}
    assert rule["properties"]["pillar"] == "licensing"


@pytest.mark.parametrize(
    ("severity", "level"),
    [(Severity.ERROR, "error"), (Severity.WARNING, "warning"), (Severity.INFO, "note")],
)
def test_sarif_levels_follow_severities(severity: Severity, level: str) -> None:
    finding = Finding("docs.readme.short", "Short.", severity)
    report = report_of(check("docs.readme", Outcome.FAIL, "Short.", finding))

    (result,) = sarif_of(report)["runs"][0]["results"]

    assert result["level"] == level


def test_sarif_locations_are_relative_to_srcroot_with_the_line_when_known() -> None:
    (result,) = sarif_of(hostile_report())["runs"][0]["results"]

    first, second, _ = (loc["physicalLocation"] for loc in result["locations"])
    assert first == {
        "artifactLocation": {
            "uri": "%3Cscript%3Ealert%281%29%3C/script%3E.py",
            "uriBaseId": "%SRCROOT%",
        },
        "region": {"startLine": 3},
    }
    assert second == {"artifactLocation": {"uri": "a%7Cb%2Ac%2A.md", "uriBaseId": "%SRCROOT%"}}


def test_sarif_points_a_finding_without_evidence_at_the_source_root() -> None:
    finding = Finding("docs.contributing.missing", "No CONTRIBUTING.", Severity.WARNING)
    report = report_of(check("docs.contributing", Outcome.FAIL, "None.", finding))

    (result,) = sarif_of(report)["runs"][0]["results"]

    (location,) = result["locations"]
    assert location["physicalLocation"]["artifactLocation"]["uri"] == "."
    sarif_validator().validate(sarif_of(report))


def test_sarif_says_where_srcroot_was_for_a_scanned_directory() -> None:
    (run,) = sarif_of(hostile_report())["runs"]

    assert run["originalUriBaseIds"] == {"%SRCROOT%": {"uri": "file:///src/planner/"}}
