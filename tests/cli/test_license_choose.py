"""`osu license choose`, through the command line."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from osunited.cli import main


def osu(*args: str, stdin: str | None = None) -> Result:
    return CliRunner().invoke(main, ["license", "choose", *args], input=stdin)


def test_it_prints_the_recommendation_with_reasons_and_alternatives() -> None:
    result = osu("--released", "library")

    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("Recommended: Apache-2.0 (permissive)\n")
    assert "You want an express patent grant" in result.stdout
    assert (
        "Alternatives:\n  MIT\n    - You want an express patent grant, and MIT says"
        in result.stdout
    )


def test_every_answer_has_an_option() -> None:
    result = osu(
        "--released", "service",
        "--deployment", "network",
        "--copyleft", "network-if-needed",
        "--no-patent-grant",
        "--format", "json",
    )  # fmt: skip

    assert result.exit_code == 0, result.output
    answer = json.loads(result.stdout)
    assert answer["family"] == "network-copyleft"
    assert {r["question"] for r in answer["reasons"]} >= {"released", "copyleft"}
    assert not any(r["question"] == "patents" for r in answer["reasons"])


def test_an_included_gpl_component_is_a_conflict_in_json() -> None:
    result = osu("--released", "application", "--includes", "GPL-3.0-only", "--format", "json")

    answer = json.loads(result.stdout)
    assert answer["license"] == "GPL-3.0-only"
    (conflict,) = answer["conflicts"]
    assert conflict["included"] == "GPL-3.0-only"
    assert "Apache-2.0" in conflict["ruled_out"]
    apache = next(a for a in answer["alternatives"] if a["license"] == "Apache-2.0")
    assert apache["ruled_out"] is True


def test_it_exits_1_when_no_license_may_hold_what_is_included() -> None:
    result = osu(
        "--released", "application", "--includes", "GPL-2.0-only", "--includes", "Apache-2.0"
    )
    assert result.exit_code == 1
    assert result.stdout.startswith("No license recommended.")


def test_it_writes_the_license_text(tmp_path: Path) -> None:
    target = tmp_path / "LICENSE"
    result = osu("--released", "library", "--write-license", str(target))

    assert result.exit_code == 0, result.output
    assert target.read_text().lstrip().startswith("Apache License")
    assert f"Wrote the text of Apache-2.0 to {target}." in result.stdout


def test_it_asks_the_questions_left_out_on_a_terminal(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr("osunited.cli.license_choose._interactive", lambda: True)
    result = osu(stdin="documentation\ndistributed\nnone\ny\n")

    assert result.exit_code == 0, result.output
    assert "What do you release?" in result.stdout
    assert "Recommended: CC-BY-4.0" in result.stdout


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ((), "Give --released"),
        (("--released", "library", "--includes", "no such license"), "--includes"),
        (("--released", "spaceship"), "'spaceship' is not one of"),
    ],
)
def test_bad_input_exits_2_with_a_message(args: tuple[str, ...], message: str) -> None:
    result = osu(*args)
    assert result.exit_code == 2
    assert message in result.output


def test_an_unwritable_license_path_is_a_message(tmp_path: Path) -> None:
    result = osu("--released", "library", "--write-license", str(tmp_path / "no" / "LICENSE"))
    assert result.exit_code == 1
    assert "Cannot write" in result.output
