"""`osu scan`, through the command line: formats, output file, policy, thresholds, exit codes."""

import io
import json
import os
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from click.testing import CliRunner, Result
from jsonschema import Draft202012Validator

from osunited.cli import main
from osunited.cli.scan import FAIL_ON_CHOICES, FORMAT_CHOICES, ProgressLine
from osunited.scanner import default_policy_text
from osunited.scanner.reports import FORMATS, report_schema
from tests.scanner.test_reports import write_project

# A short README (three warnings) and no docs/ folder (one info), without the license index.
DOCS_ONLY = ("--only", "docs.readme", "--only", "docs.folder")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    return write_project(tmp_path / "planner")


@pytest.fixture
def osu(tmp_path: Path) -> Callable[..., Result]:
    """Runs `osu scan ARGS...` with a cache of its own."""

    def run(*args: str) -> Result:
        return CliRunner().invoke(main, ["scan", "--cache-dir", str(tmp_path / "cache"), *args])

    return run


def write_policy(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "policy.yml"
    path.write_text(text, encoding="utf-8")
    return path


def test_the_format_choices_are_the_registered_formats() -> None:
    assert FORMAT_CHOICES == FORMATS
    assert FAIL_ON_CHOICES == ("info", "warning", "error", "never")


def test_it_prints_a_text_report_and_exits_0_below_the_default_threshold(
    osu: Callable[..., Result], project: Path
) -> None:
    result = osu(str(project), *DOCS_ONLY)

    assert result.exit_code == 0
    assert result.stdout.startswith(f"Scan of {project}\n")
    assert "  FAIL  docs.readme  " in result.stdout
    assert "\x1b[" not in result.stdout  # standard output is not a terminal
    assert result.stderr == "No finding at or above error.\n"


@pytest.mark.parametrize(
    ("fail_on", "exit_code"), [("never", 0), ("error", 0), ("warning", 1), ("info", 1)]
)
def test_fail_on_sets_the_lowest_severity_that_exits_1(
    osu: Callable[..., Result], project: Path, fail_on: str, exit_code: int
) -> None:
    result = osu(str(project), *DOCS_ONLY, "--fail-on", fail_on)

    assert result.exit_code == exit_code


def test_it_names_the_findings_that_fail_the_scan(
    osu: Callable[..., Result], project: Path
) -> None:
    result = osu(str(project), "--only", "docs.readme", "--fail-on", "warning")

    assert result.exit_code == 1
    assert result.stderr == "3 findings at or above warning.\n"


def test_the_policy_fail_on_applies_unless_fail_on_is_given(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    policy = write_policy(tmp_path, "fail_on: info\n")

    assert osu(str(project), *DOCS_ONLY, "--policy", str(policy)).exit_code == 1
    assert (
        osu(str(project), *DOCS_ONLY, "--policy", str(policy), "--fail-on", "error").exit_code == 0
    )


def test_the_policy_severity_overrides_change_the_verdict(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    policy = write_policy(tmp_path, "severity:\n  docs.readme: error\n")

    result = osu(str(project), *DOCS_ONLY, "--policy", str(policy))

    assert result.exit_code == 1
    assert result.stderr == "3 findings at or above error.\n"


@pytest.mark.parametrize(
    ("policy_text", "message"),
    [
        ("fail_on: [", "is not valid YAML"),
        ("fail_on: fatal\n", "fail_on must be one of info, warning, error, not 'fatal'."),
        ("colour: red\n", "unknown key(s) colour."),
    ],
)
def test_a_bad_policy_file_exits_2_with_its_message(
    osu: Callable[..., Result], project: Path, tmp_path: Path, policy_text: str, message: str
) -> None:
    policy = write_policy(tmp_path, policy_text)

    result = osu(str(project), "--policy", str(policy))

    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ")
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


def test_a_missing_policy_file_exits_2(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    result = osu(str(project), "--policy", str(tmp_path / "nowhere.yml"))

    assert result.exit_code == 2
    assert "could not be read" in result.stderr


def test_a_missing_target_exits_2_with_the_scanner_message_and_no_traceback(
    osu: Callable[..., Result], tmp_path: Path
) -> None:
    result = osu(str(tmp_path / "nowhere"))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: '{tmp_path / 'nowhere'}' does not exist")
    assert "Traceback" not in result.stderr
    assert result.stdout == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("--format", "xml"), "'xml' is not one of 'text', 'json', 'md', 'sarif'"),
        (("--fail-on", "fatal"), "'fatal' is not one of"),
        (("--only", "docs.readme", "--only", "docs.nope"), "unknown check docs.nope;"),
    ],
)
def test_a_bad_option_is_a_usage_error_that_exits_2(
    osu: Callable[..., Result], project: Path, args: tuple[str, ...], message: str
) -> None:
    result = osu(str(project), *args)

    assert result.exit_code == 2
    assert "Usage: " in result.stderr
    assert message in result.stderr


def test_a_target_is_required(osu: Callable[..., Result]) -> None:
    result = osu()

    assert result.exit_code == 2
    assert "Missing argument 'TARGET'" in result.stderr


def test_json_on_standard_output_is_only_the_report_and_follows_the_schema(
    osu: Callable[..., Result], project: Path
) -> None:
    result = osu(str(project), *DOCS_ONLY, "--format", "json")

    report = json.loads(result.stdout)
    Draft202012Validator(report_schema()).validate(report)
    assert [r["check_id"] for r in report["results"]] == ["docs.readme", "docs.folder"]


def test_output_writes_the_report_to_the_file_and_still_sets_the_exit_code(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    output = tmp_path / "report.sarif"

    result = osu(str(project), *DOCS_ONLY, "-f", "sarif", "-o", str(output), "--fail-on", "info")

    assert result.exit_code == 1
    assert result.stdout == ""
    assert result.stderr == f"Wrote {output}.\n4 findings at or above info.\n"
    assert json.loads(output.read_text("utf-8"))["version"] == "2.1.0"
    assert [p.name for p in tmp_path.glob("*report*")] == ["report.sarif"]  # no temporary file


def test_output_is_not_written_when_the_scan_fails(
    osu: Callable[..., Result], tmp_path: Path
) -> None:
    output = tmp_path / "report.json"
    output.write_text("the previous report", encoding="utf-8")

    result = osu(str(tmp_path / "nowhere"), "-f", "json", "-o", str(output))

    assert result.exit_code == 2
    assert output.read_text("utf-8") == "the previous report"
    assert [p.name for p in tmp_path.glob("*report*")] == ["report.json"]


def test_output_into_a_missing_folder_exits_2(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    result = osu(str(project), *DOCS_ONLY, "-o", str(tmp_path / "nowhere" / "report.md"))

    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot write {tmp_path / 'nowhere' / 'report.md'}")


def test_quiet_leaves_standard_error_empty(
    osu: Callable[..., Result], project: Path, tmp_path: Path
) -> None:
    result = osu(str(project), *DOCS_ONLY, "-q", "-o", str(tmp_path / "r.md"), "-f", "md")

    assert result.exit_code == 0
    assert result.stderr == ""
    assert (tmp_path / "r.md").read_text("utf-8").startswith("## Open Source United scan of ")


def test_cache_dir_keeps_the_per_file_results_and_no_cache_keeps_none(
    project: Path, tmp_path: Path
) -> None:
    cache, unused = tmp_path / "cache", tmp_path / "unused"
    runner = CliRunner()

    runner.invoke(main, ["scan", str(project), *DOCS_ONLY, "--cache-dir", str(cache)])
    runner.invoke(
        main, ["scan", str(project), *DOCS_ONLY, "--cache-dir", str(unused), "--no-cache"]
    )

    assert (cache / "scan-cache.sqlite3").is_file()
    assert not unused.exists()


def test_print_default_policy_prints_it_without_a_target() -> None:
    result = CliRunner().invoke(main, ["scan", "--print-default-policy"])

    assert result.exit_code == 0
    assert result.stdout == default_policy_text()


def test_osu_help_does_not_import_the_scanner() -> None:
    code = "import sys, osunited.cli; print([m for m in sys.modules if 'osunited.scanner' in m])"

    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)

    assert out.stdout == "[]\n"


# --- the progress line -----------------------------------------------------------------------


class FakeClock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_the_progress_line_shows_nothing_for_a_quick_scan() -> None:
    stream, clock = io.StringIO(), FakeClock()
    progress = ProgressLine(stream, delay=1.0, clock=clock)

    clock.now += 0.5
    progress("licenses", 10, 300)
    progress.close()

    assert stream.getvalue() == ""


def test_the_progress_line_redraws_the_stage_in_place_then_erases_itself() -> None:
    stream, clock = io.StringIO(), FakeClock()
    progress = ProgressLine(stream, delay=1.0, interval=0.1, clock=clock)

    clock.now += 1.5
    progress("licenses", 10, 300)
    clock.now += 0.01
    progress("licenses", 11, 300)  # too soon: not drawn
    clock.now += 0.2
    progress("docs.readme", 0, 1)
    progress.close()

    assert stream.getvalue() == (
        "\rScanning: licenses 10/300"
        "\rScanning: docs.readme    "
        "\r" + " " * len("Scanning: licenses 10/300") + "\r"
    )


@pytest.mark.parametrize("fmt", sorted(FORMATS))
def test_a_file_name_that_is_not_utf8_is_shown_escaped_in_every_report(
    tmp_path: Path, fmt: str
) -> None:
    """Seen: a file name that is not valid UTF-8 made `osu scan` print a traceback and exit 1,
    leaving a 0-byte temporary file."""
    tree = tmp_path / "tree"
    tree.mkdir()
    (tree / "LICENSE").write_text("MIT License\n")
    (Path(os.fsdecode(bytes(tree)) + "/" + os.fsdecode(b"caf\xe9.py"))).write_text(
        "# SPDX-License-Identifier: GPL-3.0-only\n# Copyright 2020 Jane Roe\n"
    )
    out = tmp_path / f"report.{fmt}"
    args = ["scan", str(tree), "--no-cache", "-q", "-f", fmt, "-o", str(out), "--fail-on", "never"]

    result = CliRunner().invoke(main, args)

    assert result.exit_code == 0, result.output
    assert result.exception is None
    shown = "caf%5Cxe9.py" if fmt == "sarif" else "caf\\xe9.py"  # SARIF has URIs
    assert shown in out.read_text(encoding="utf-8").replace("\\\\", "\\")
    assert [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")] == []
