"""The scanner's texts for people (scanner._text): English by default, any language of a gettext
catalogue on request, kept with their templates in stored reports, and read back from reports
written before they were kept."""

from __future__ import annotations

import ast
import json
import re
import string
from pathlib import Path

import pytest
from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo

import osunited.scanner
from osunited.scanner import (
    CheckResult,
    Evidence,
    Finding,
    Outcome,
    Pillar,
    ScanReport,
    Severity,
    Target,
    TreeStats,
    all_checks,
    report_from_dict,
    scan,
)
from osunited.scanner._text import Text, _, join, ngettext, text_from_dict, text_to_dict, verbatim
from osunited.scanner.reports import render
from tests.scanner.conftest import TreeMaker

SCANNER = Path(osunited.scanner.__file__).parent
NOT_APPROVED = "{name} is not approved by the Open Source Initiative."
FILES = ("{count} file", "{count} files")


def write_catalogue(localedir: Path, locale: str, messages: dict[object, object]) -> Path:
    """A compiled gettext catalogue (`django.mo`) of `locale` under `localedir`."""
    catalog = Catalog(locale=locale)
    for msgid, msgstr in messages.items():
        catalog.add(msgid, msgstr)
    path = localedir / locale / "LC_MESSAGES" / "django.mo"
    path.parent.mkdir(parents=True)
    with path.open("wb") as handle:
        write_mo(handle, catalog)
    return localedir


@pytest.fixture
def french(tmp_path: Path) -> Path:
    return write_catalogue(
        tmp_path / "locale",
        "fr",
        {
            NOT_APPROVED: "{name} n'est pas approuvée par l'Open Source Initiative.",
            "{license} ({name})": "{license} ({name})",
            "the package in {folder}/": "le paquet de {folder}/",
            FILES: ("{count} fichier", "{count} fichiers"),
            "{count} of {total} files": "{total} fichiers dont {count}",
            "Checks": "Vérifications",
            "Project license": "Licence du projet",
            "No license found.": "Aucune licence trouvée.",
            "Licensed {expression}.": "Sous licence {expression}.",
            "fix: {remediation}": "correctif : {remediation}",
            "Licensing and compliance": "Licences et conformité",
        },
    )


def test_a_text_is_its_english_everywhere_a_string_goes() -> None:
    text = _(NOT_APPROVED, name="Apache License 2.0")

    assert isinstance(text, str)
    assert text == "Apache License 2.0 is not approved by the Open Source Initiative."
    assert json.loads(json.dumps({"message": text})) == {"message": text}
    assert text.render() == text.render("en") == text.render("en-gb") == text
    assert (text.template, dict(text.params)) == (NOT_APPROVED, {"name": "Apache License 2.0"})


def test_it_renders_a_language_from_its_catalogue(french: Path) -> None:
    text = _(NOT_APPROVED, name="GNU GPL")

    assert text.render("fr", localedir=french) == (
        "GNU GPL n'est pas approuvée par l'Open Source Initiative."
    )


def test_nested_texts_and_joins_render_in_the_same_language(french: Path) -> None:
    share = _("{count} of {total} files", count=3, total=5)
    text = join("; ", [share, _("the package in {folder}/", folder="web"), "MIT"])

    assert text == "3 of 5 files; the package in web/; MIT"
    assert text.render("fr", localedir=french) == "5 fichiers dont 3; le paquet de web/; MIT"


def test_counts_take_the_plural_form_of_the_language(tmp_path: Path) -> None:
    forms = (
        "{count} ملف صفر",
        "{count} ملف",
        "ملفان",
        "{count} ملفات",
        "{count} ملفًا",
        "{count} ملف كثير",
    )
    arabic = write_catalogue(tmp_path / "locale", "ar", {FILES: forms})

    said = {n: ngettext(*FILES, n).render("ar", localedir=arabic) for n in (0, 1, 2, 3, 11, 100)}

    assert said == {
        0: "0 ملف صفر",
        1: "1 ملف",
        2: "ملفان",
        3: "3 ملفات",
        11: "11 ملفًا",
        100: "100 ملف كثير",
    }
    assert [ngettext(*FILES, n) for n in (1, 2)] == ["1 file", "2 files"]


@pytest.mark.parametrize(
    ("language", "translation"),
    [
        ("fr", "{nom} n'est pas approuvée."),  # a translator's typo in a placeholder
        ("fr", "{name!z}"),  # a conversion that does not exist
        ("ru", None),  # no catalogue for the language
    ],
)
def test_it_falls_back_to_the_english(
    tmp_path: Path, language: str, translation: str | None
) -> None:
    localedir = write_catalogue(tmp_path / "locale", "fr", {NOT_APPROVED: translation or ""})
    text = _(NOT_APPROVED, name="X")

    assert text.render(language, localedir=localedir) == text


def test_a_language_code_finds_its_locale_folder(tmp_path: Path) -> None:
    chinese = write_catalogue(
        tmp_path / "locale", "zh_Hans", {"No license found.": "未找到许可证。"}
    )

    assert _("No license found.").render("zh-hans", localedir=chinese) == "未找到许可证。"


def test_a_text_survives_json_copies_and_pickles() -> None:
    text = ngettext(*FILES, 2, owner=_("the package in {folder}/", folder="a{b}"))
    data = json.loads(json.dumps(text_to_dict(text)))

    again = text_from_dict(data)

    assert again == text == "2 files"
    assert (again.template, again.plural, again.number) == ("{count} file", "{count} files", 2)
    owner = again.params["owner"]
    assert isinstance(owner, Text)
    assert owner == "the package in a{b}/"
    assert verbatim("a {literal} brace") == "a {literal} brace"


def sample_report() -> ScanReport:
    finding = Finding(
        "license.osi-approved.not-approved",
        _(NOT_APPROVED, name="Foo"),
        Severity.ERROR,
        _("Release the code under an OSI-approved license (opensource.org/licenses)."),
        (Evidence("LICENSE", 1, snippet=_("{count} of {total} files", count=1, total=2)),),
    )
    result = CheckResult(
        "license.project",
        _("Project license"),
        Pillar.LICENSING,
        Outcome.FAIL,
        _("Licensed {expression}.", expression="Foo"),
        [finding],
    )
    return ScanReport(
        schema_version="1.3",
        tool_version="1",
        target=Target("directory", "/src"),
        started_at="2026-01-01T00:00:00+00:00",
        duration_seconds=1.0,
        stats=TreeStats(2, 10, (Evidence("big.bin", snippet=_("not a regular file")),)),
        results=[result],
        scores=dict.fromkeys(Pillar),
        notes=[_("The git tags could not be read: {error}", error="boom"), "a plain note"],
    )


def test_a_stored_report_keeps_its_templates() -> None:
    stored = json.loads(json.dumps(sample_report().to_dict()))

    again = report_from_dict(stored)

    result = again.results[0]
    finding = result.findings[0]
    texts = [result.title, result.summary, finding.message, finding.remediation, again.notes[0]]
    assert all(isinstance(text, Text) for text in texts)
    assert finding.message.template == NOT_APPROVED
    assert (
        stored["results"][0]["findings"][0]["message"]
        == "Foo is not approved by the Open Source Initiative."
    )
    assert stored["results"][0]["findings"][0]["message_text"] == {
        "template": NOT_APPROVED,
        "params": {"name": "Foo"},
    }
    assert isinstance(again.stats.skipped[0].snippet, Text)
    assert isinstance(finding.evidence[0].snippet, Text)
    assert again.notes[1] == "a plain note"
    assert json.loads(json.dumps(again.to_dict())) == stored


def without_texts(value: object) -> object:
    """A report as the scanner wrote it before texts were kept (schema 1.2)."""
    if isinstance(value, dict):
        return {k: without_texts(v) for k, v in value.items() if not str(k).endswith("_text")}
    if isinstance(value, list):
        return [without_texts(item) for item in value]
    return value


def test_a_report_stored_before_texts_were_kept_reads_in_english(french: Path) -> None:
    old = without_texts(
        json.loads(json.dumps({**sample_report().to_dict(), "schema_version": "1.2"}))
    )

    report = report_from_dict(old)

    finding = report.results[0].findings[0]
    assert finding.message == "Foo is not approved by the Open Source Initiative."
    assert not isinstance(finding.message, Text)
    assert report.results[0].title == "Project license"
    assert report.to_dict() == {**old, "notes_text": [None, None]}


@pytest.mark.parametrize("damage", [{"template": 3}, {"template": "{x}", "params": []}, "text"])
def test_a_damaged_template_reads_as_the_stored_english(damage: object) -> None:
    stored = json.loads(json.dumps(sample_report().to_dict()))
    stored["results"][0]["findings"][0]["message_text"] = damage

    finding = report_from_dict(stored).results[0].findings[0]

    assert finding.message == "Foo is not approved by the Open Source Initiative."
    assert not isinstance(finding.message, Text)


def test_the_text_report_is_written_in_the_language_asked_for(
    french: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("osunited.scanner._text.LOCALE_DIR", french)
    report = sample_report()

    english, text, markdown = (
        render(report, "text"),
        render(report, "text", language="fr"),
        render(report, "md", language="fr"),
    )

    assert "Foo is not approved by the Open Source Initiative." in english
    assert "Foo n'est pas approuvée par l'Open Source Initiative." in text
    assert "\nVérifications\n" in text
    assert "  FAIL  license.project  Sous licence Foo.\n" in text
    assert "Licences et conformité" in text
    assert "Foo n'est pas approuvée par l'Open Source Initiative." in markdown
    assert "| Licences et conformité |" in markdown
    sarif = render(report, "sarif", language="fr")
    assert sarif == render(report, "sarif")  # SARIF has no text per language: English


def test_every_text_of_a_scan_is_a_text(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    root = make_tree(
        {
            "LICENSE": license_texts["mit"],
            "LICENSE.data": license_texts["odbl-1.0"],
            "README.md": "# x\n",
            "app.py": "# SPDX-License-Identifier: GPL-3.0-or-later\npassword = 'hunter2hunter2'\n",
            "package.json": '{"name": "x", "license": "UNLICENSED", "dependencies": {"a": "1"}}',
            "publiccode.yml": "publiccodeYmlVersion: '0.4'\nname: x\n",
            ".github/workflows/ci.yml": "on: pull_request_target\njobs: {}\n",
            "lib.so": b"\x7fELF",
        }
    )

    report = scan(root, use_cache=False)

    texts = [text for r in report.results for text in (r.title, r.summary)]
    texts += [text for f in report.findings for text in (f.message, f.remediation) if text]
    texts += report.notes + [pillar.label for pillar in Pillar]
    assert [text for text in texts if not isinstance(text, Text)] == []
    assert all(isinstance(check.title, Text) for check in all_checks())


# The calls xgettext (Django's makemessages) extracts: their first arguments must be literals.
_EXTRACTED = {"_": 1, "ngettext": 2}
# What xgettext takes for a printf conversion ("50% of" is "% o"), flagging the entry
# python-format, so that compiling a translation without it fails.
_PRINTF = re.compile(r"%[ #0+-]*\d*(?:\.\d+)?[diouxXeEfFgGcrs]")


def _text_calls() -> list[tuple[str, ast.Call]]:
    calls = []
    for path in sorted(SCANNER.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text("utf-8"))):
            if isinstance(node, ast.Call) and getattr(node.func, "id", None) in _EXTRACTED:
                calls.append((f"{path.relative_to(SCANNER)}:{node.lineno}", node))
    return calls


def test_every_marked_text_is_a_literal_whose_placeholders_are_given() -> None:
    problems = []
    for where, call in _text_calls():
        literals = call.args[: _EXTRACTED[call.func.id]]  # type: ignore[attr-defined]
        if not all(isinstance(a, ast.Constant) and isinstance(a.value, str) for a in literals):
            problems.append(f"{where}: not a string literal")
            continue
        if any(_PRINTF.search(a.value) for a in literals):  # type: ignore[attr-defined]
            problems.append(f"{where}: a % that reads as a printf conversion; put it in a value")
        named = {
            field
            for a in literals
            for _lit, field, _spec, _conv in string.Formatter().parse(a.value)
        }
        named = {field.split(".")[0].split("[")[0] for field in named if field}
        given = {k.arg for k in call.keywords} | ({"count"} if len(literals) == 2 else set())
        if None not in given and named != given:  # a **mapping is checked when it runs
            problems.append(f"{where}: placeholders {sorted(named)}, values {sorted(given)}")
    assert problems == []
    assert len(_text_calls()) > 300
