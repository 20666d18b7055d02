"""`osu assess`: the stage computed offline from an answers file, in every format."""

from __future__ import annotations

import io
import json
from pathlib import Path

from click.testing import CliRunner, Result
from pypdf import PdfReader

from osunited.cli import main


def osu(*args: str) -> Result:
    return CliRunner().invoke(main, ["assess", *args])


def answers_file(tmp_path: Path, text: str) -> Path:
    path = tmp_path / "answers.yaml"
    path.write_text(text, encoding="utf-8")
    return path


STAGE_1 = "framework: cpf-rc1\nentity: UNICEF\nratings: {C1: full, G1: full}\n"


def test_text_says_the_stage_and_the_next_steps(tmp_path: Path) -> None:
    result = osu(str(answers_file(tmp_path, STAGE_1)))
    assert result.exit_code == 0, result.output
    assert "Stage 1: Exploration and Initial Compliance" in result.stdout
    assert "Next steps towards Stage 2:" in result.stdout
    assert "C2 (required, rated minimal): Adopt recommended licensing schemes" in result.stdout


def test_json_has_stage_readiness_and_next_steps(tmp_path: Path) -> None:
    result = osu(str(answers_file(tmp_path, STAGE_1)), "--format", "json")
    data = json.loads(result.stdout)
    assert data["stage"] == 1
    assert data["target_stage"] == 2
    assert data["readiness"]["governance"]["readiness"] == 1 / 7
    assert data["next_steps"][0] == {**data["next_steps"][0], "item": "C2", "blocking": True}


def test_markdown_has_a_readiness_table(tmp_path: Path) -> None:
    result = osu(str(answers_file(tmp_path, STAGE_1)), "--format", "md")
    assert "| Licensing & Compliance | required | 50% | 2 |" in result.stdout  # C1 full, C2 not


def test_pdf_is_a_one_page_report_with_the_stage(tmp_path: Path) -> None:
    output = tmp_path / "report.pdf"
    result = osu(str(answers_file(tmp_path, STAGE_1)), "--format", "pdf", "-o", str(output))
    assert result.exit_code == 0, result.output
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(output.read_bytes())).pages)
    assert "UNICEF" in text
    assert "Stage 1: Exploration and Initial Compliance" in text
    assert "Adopt recommended licensing schemes" in text


def test_pdf_needs_an_output_file(tmp_path: Path) -> None:
    result = osu(str(answers_file(tmp_path, STAGE_1)), "--format", "pdf")
    assert result.exit_code == 2
    assert "--output" in result.stderr


def test_a_bad_answers_file_exits_2_with_the_reason(tmp_path: Path) -> None:
    result = osu(str(answers_file(tmp_path, "framework: cpf-rc1\nratings: {G1: great}\n")))
    assert result.exit_code == 2
    assert "G1: rating must be one of full, partial, minimal, not_applicable" in result.stderr
    missing = osu(str(tmp_path / "nowhere.yaml"))
    assert missing.exit_code == 2
    assert "could not be read" in missing.stderr
