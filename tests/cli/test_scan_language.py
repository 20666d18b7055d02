"""`osu scan --language`: the text and Markdown reports in a language of the platform's
catalogues; English by default whatever the environment's locale; JSON and SARIF always English."""

from __future__ import annotations

from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from click.testing import CliRunner, Result
from django.conf import settings

from osunited.cli import main
from osunited.cli.scan import LANGUAGE_CHOICES

SHORT = "The README is short: {count} words (at least {expected} expected)."


@pytest.fixture(autouse=True)
def french(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    catalog = Catalog(locale="fr")
    many = "Le README est court : {count} mots."
    catalog.add((SHORT, SHORT), ("Le README est court : {count} mot.", many, many))  # CLDR: 3
    catalog.add("Checks", "Vérifications")
    path = tmp_path / "locale" / "fr" / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    monkeypatch.setattr("osunited.scanner._text.LOCALE_DIR", tmp_path / "locale")


@pytest.fixture
def project(tmp_path: Path) -> Path:
    root = tmp_path / "planner"
    root.mkdir()
    (root / "README.md").write_text("# Planner\n\nA planning tool.\n", encoding="utf-8")
    return root


def osu_scan(tmp_path: Path, *args: str, env: dict[str, str] | None = None) -> Result:
    command = ["scan", "--cache-dir", str(tmp_path / "cache"), "--only", "docs.readme", *args]
    return CliRunner().invoke(main, command, env=env)


def test_it_writes_the_text_and_markdown_reports_in_the_language_asked_for(
    tmp_path: Path, project: Path
) -> None:
    text = osu_scan(tmp_path, str(project), "--language", "fr")
    markdown = osu_scan(tmp_path, str(project), "-l", "fr", "--format", "md")

    assert text.exit_code == 0, text.output
    assert "\nVérifications\n" in text.stdout
    assert "Le README est court : 3 mots." in text.stdout
    assert "Le README est court : 3 mots." in markdown.stdout


def test_it_writes_english_by_default_whatever_the_locale(tmp_path: Path, project: Path) -> None:
    french_locale = {"LANG": "fr_FR.UTF-8", "LANGUAGE": "fr", "LC_MESSAGES": "fr_FR.UTF-8"}

    result = osu_scan(tmp_path, str(project), env=french_locale)

    assert result.exit_code == 0, result.output
    assert "The README is short: 3 words (at least 100 expected)." in result.stdout
    assert "Vérifications" not in result.stdout


@pytest.mark.parametrize("fmt", ["json", "sarif"])
def test_formats_for_programs_stay_english(tmp_path: Path, project: Path, fmt: str) -> None:
    english = osu_scan(tmp_path, str(project), "--format", fmt)
    french = osu_scan(tmp_path, str(project), "--format", fmt, "--language", "fr")

    assert "The README is short: 3 words" in french.stdout
    assert "Le README" not in french.stdout
    assert french.stdout.count("README is short") == english.stdout.count("README is short")


def test_an_unknown_language_is_refused_with_the_choices(tmp_path: Path, project: Path) -> None:
    result = osu_scan(tmp_path, str(project), "--language", "de")

    assert result.exit_code == 2
    assert "'de' is not one of 'en', 'ar', 'zh-hans', 'fr', 'ru', 'es'" in result.stderr


def test_the_language_choices_are_the_platforms_languages() -> None:
    assert set(LANGUAGE_CHOICES) == {code for code, _name in settings.LANGUAGES}
