"""`osu osee modules`, `osu osee check` and `osu osee case`, through the command line."""

from __future__ import annotations

import json
from importlib import resources
from pathlib import Path

from click.testing import CliRunner, Result

from osunited.cli import main

DATA = resources.files("osunited.osee").joinpath("data")


def osu(*args: str) -> Result:
    return CliRunner().invoke(main, ["osee", *args])


def test_modules_lists_every_module_by_category() -> None:
    result = osu("modules")
    assert result.exit_code == 0
    assert "  strategy: Strategy, 6 competencies" in result.output
    assert "Technical (to be completed in the draft)" in result.output


def test_check_says_what_loads(tmp_path: Path) -> None:
    framework = tmp_path / "osee.yaml"
    framework.write_text(DATA.joinpath("osee-2024-10.yaml").read_text("utf-8"), "utf-8")
    alignments = tmp_path / "alignment.yaml"
    alignments.write_text(DATA.joinpath("cpf-alignment.yaml").read_text("utf-8"), "utf-8")
    result = osu("check", str(framework), "--alignments", str(alignments))
    assert result.exit_code == 0
    assert "9 modules, 37 competencies, 14 CPF guidelines aligned" in result.output


def test_check_names_the_entry_at_fault_and_exits_1(tmp_path: Path) -> None:
    text = DATA.joinpath("osee-2024-10.yaml").read_text("utf-8")
    framework = tmp_path / "osee.yaml"
    framework.write_text(text.replace("  title: Strategy\n", "  title: ''\n"), "utf-8")
    result = osu("check", str(framework))
    assert result.exit_code == 1
    assert "modules[1 'strategy'].title" in result.output


def test_check_of_a_missing_file_exits_2(tmp_path: Path) -> None:
    result = osu("check", str(tmp_path / "none.yaml"))
    assert result.exit_code == 2
    assert "cannot read" in result.output


def test_case_writes_the_package(tmp_path: Path) -> None:
    output = tmp_path / "case.json"
    result = osu("case", "--base-uri", "https://platform.example/learning/osee/", "-o", str(output))
    assert result.exit_code == 0
    package = json.loads(output.read_text("utf-8"))
    assert package["CFDocument"]["uri"] == "https://platform.example/learning/osee/"
    assert len(package["CFItems"]) == 49


def test_case_refuses_an_address_that_is_not_http() -> None:
    result = osu("case", "--base-uri", "platform.example")
    assert result.exit_code == 2
    assert "must be an http(s) address" in result.output
