"""`osu license check` and `osu license show`, through the command line."""

from __future__ import annotations

import json

from click.testing import CliRunner, Result

from osunited.cli import main


def osu(*args: str) -> Result:
    return CliRunner().invoke(main, ["license", *args])


def test_check_prints_each_source_and_exits_0_when_compatible() -> None:
    result = osu("check", "MIT", "--with", "GPL-3.0-only", "--use", "merged")

    assert result.exit_code == 0
    assert result.stdout.startswith("MIT in a project under GPL-3.0-only, merged: compatible\n")
    assert "OSADL license compatibility matrix: compatible" in result.stdout
    assert "https://www.gnu.org/licenses/license-list.html#Expat" in result.stdout
    assert "Apache Software Foundation third-party license policy: not-covered" in result.stdout


def test_check_exits_1_when_incompatible() -> None:
    result = osu("check", "Apache-2.0", "--with", "GPL-2.0-only", "--use", "static-linking")

    assert result.exit_code == 1
    assert "static-linking: incompatible" in result.stdout


def test_linking_checks_both_kinds_and_flags_a_disagreement() -> None:
    result = osu("check", "LGPL-2.1-only", "--with", "MIT", "--use", "linking")

    assert result.exit_code == 1
    assert "dynamic-linking: compatible" in result.stdout
    assert "static-linking: incompatible" in result.stdout
    assert "The sources disagree (osadl incompatible, families conditional)" in result.stdout


def test_check_exits_2_when_conditional_or_unknown() -> None:
    conditional = osu("check", "EUPL-1.2", "--with", "GPL-3.0-only", "--use", "merged")
    unknown = osu("check", "not a license !!", "--with", "MIT")

    assert conditional.exit_code == 2
    assert unknown.exit_code == 2
    assert "is not an SPDX license expression" in unknown.stdout


def test_check_as_json() -> None:
    result = osu(
        "check", "GPL-3.0-only", "--with", "Apache-2.0", "--use", "tool", "--format", "json"
    )

    data = json.loads(result.stdout)
    assert result.exit_code == 0
    assert data["verdict"] == "compatible"
    [pair] = data["checks"]
    assert pair["use"] == "tool"
    assert {s["source"]: s["verdict"] for s in pair["sources"]}["asf"] == "compatible"


def test_check_refuses_an_unknown_use() -> None:
    result = osu("check", "MIT", "--with", "MIT", "--use", "borrowing")

    assert result.exit_code == 2
    assert "Invalid value for '--use'" in result.output


def test_show_gives_a_licenses_facts() -> None:
    result = osu("show", "LGPL-2.1-only")

    assert result.exit_code == 0
    assert "family: weak-copyleft" in result.stdout
    assert "patents: silent" in result.stdout
    assert "requires:" in result.stdout


def test_show_as_json_and_an_unknown_id() -> None:
    data = json.loads(osu("show", "Apache-2.0", "--format", "json").stdout)
    unknown = osu("show", "LicenseRef-Nope")

    assert data["family"] == "permissive"
    assert data["patent"] == "granted"
    assert unknown.exit_code == 2
    assert "no license 'LicenseRef-Nope' is known" in unknown.output
