"""The documentation checks (CPF principle 6) and the security policy check, on trees on disk."""

from pathlib import Path

import pytest

from osunited.scanner._cache import ScanCache
from osunited.scanner._context import ScanContext
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner._policy import default_policy
from osunited.scanner._tree import walk_tree
from osunited.scanner.checks._base import Check
from osunited.scanner.checks.docs_changelog import Changelog
from osunited.scanner.checks.docs_code_of_conduct import CodeOfConduct
from osunited.scanner.checks.docs_contributing import ContributingGuide
from osunited.scanner.checks.docs_folder import DocsFolder
from osunited.scanner.checks.docs_governance import Governance
from osunited.scanner.checks.docs_languages import DocsLanguages, guess_language, language_of_tag
from osunited.scanner.checks.docs_readme import Readme, count_words, headings_of
from osunited.scanner.checks.docs_security_policy import SecurityPolicy

FILLER = " ".join(["The tool helps country offices plan and track their work."] * 12)
GOOD_README = f"""# Planner

{FILLER}

## Installation

    pip install planner

## Usage

    planner run --country KE
"""


def run(check: type[Check], tmp_path: Path, files: dict[str, str]) -> CheckResult:
    for path, text in files.items():
        (tmp_path / path).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / path).write_text(text, encoding="utf-8")
    context = ScanContext(
        tree=walk_tree(tmp_path, limits=ScanLimits(), deadline=Deadline(60)),
        policy=default_policy(),
        limits=ScanLimits(),
        deadline=Deadline(60),
        cache=ScanCache(None),
    )
    return check().run(context)


def rule_ids(result: CheckResult) -> list[tuple[str, Severity]]:
    return [(f.rule_id, f.severity) for f in result.findings]


# --- docs.readme ------------------------------------------------------------------------------


def test_a_missing_readme_is_an_error(tmp_path: Path) -> None:
    result = run(Readme, tmp_path, {"src/README.md": GOOD_README})

    assert result.outcome is Outcome.FAIL
    assert result.pillar is Pillar.DOCUMENTATION
    assert rule_ids(result) == [("docs.readme.missing", Severity.ERROR)]
    assert "how to install it" in result.findings[0].remediation


def test_a_readme_with_substance_installation_and_usage_passes(tmp_path: Path) -> None:
    result = run(Readme, tmp_path, {"README.md": GOOD_README})

    assert result.outcome is Outcome.PASS
    assert result.data == {
        "path": "README.md",
        "words": 130,
        "headings": 3,
        "has_installation": True,
        "has_usage": True,
    }


def test_a_short_readme_without_installation_or_usage_says_what_is_missing(
    tmp_path: Path,
) -> None:
    result = run(Readme, tmp_path, {"README.md": "# Planner\n\nA planning tool.\n"})

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [
        ("docs.readme.short", Severity.WARNING),
        ("docs.readme.installation", Severity.WARNING),
        ("docs.readme.usage", Severity.WARNING),
    ]
    assert result.findings[0].message == ("The README is short: 3 words (at least 100 expected).")
    assert result.findings[1].remediation.startswith("Add a 'Installation' section")
    assert all(f.evidence == (Evidence("README.md"),) for f in result.findings)


@pytest.mark.parametrize(
    ("name", "text"),
    [
        (
            "readme.rst",
            f"Planner\n=======\n\n{FILLER}\n\nInstallation\n------------\n\nUsage\n-----\n",
        ),
        ("README.adoc", f"= Planner\n\n{FILLER}\n\n== Getting started\n\n== Examples\n"),
        ("Readme.md", f"# Planificateur\n\n{FILLER}\n\n## Installation\n\n## Utilisation\n"),
        ("README", f"Planificador\n\n{FILLER}\n\n**Instalación**\n\n**Uso**\n"),
        ("README.md", f"# 规划\n\n{FILLER}\n\n## 安装\n\n## 使用\n"),
        ("README.md", f"# План\n\n{FILLER}\n\n## Установка\n\n## Использование\n"),
        ("README.md", f"# مخطط\n\n{FILLER}\n\n## تثبيت\n\n## استخدام\n"),
        ("README.txt", f"Planner. {FILLER} To install it, run pip. For example, run planner."),
    ],
)
def test_installation_and_usage_are_found_in_any_format_and_un_language(
    tmp_path: Path, name: str, text: str
) -> None:
    result = run(Readme, tmp_path, {name: text})

    assert (result.data["has_installation"], result.data["has_usage"]) == (True, True)


def test_a_mere_mention_of_use_in_the_text_is_no_usage_section(tmp_path: Path) -> None:
    result = run(Readme, tmp_path, {"README.md": f"# Planner\n\nWe use it. {FILLER}\n"})

    assert result.data["has_usage"] is False


def test_a_readme_in_the_github_folder_counts(tmp_path: Path) -> None:
    assert run(Readme, tmp_path, {".github/README.md": GOOD_README}).outcome is Outcome.PASS


def test_the_plain_readme_is_preferred_to_a_translation(tmp_path: Path) -> None:
    files = {"README.fr.md": "# Planificateur\n", "README.md": GOOD_README}

    assert run(Readme, tmp_path, files).data["path"] == "README.md"


def test_words_leave_out_links_tags_and_code_and_count_cjk_characters_by_two() -> None:
    text = "See https://example.org/a/b <img src='x.png'> here\n```\ncode words here\n```\n规划工具"

    assert count_words(text) == 2 + 2


def test_headings_are_read_from_markdown_rst_asciidoc_and_html() -> None:
    text = "# One\nTwo\n===\n== Three\n<h2>Four</h2>\n**Five**\ntext\n* bullet\n"

    assert headings_of(text) == ["One", "Two", "Three", "Four", "Five"]


# --- Community documents ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("check", "path"),
    [
        (ContributingGuide, "CONTRIBUTING.md"),
        (ContributingGuide, ".github/contributing.rst"),
        (ContributingGuide, "docs/Contributing.md"),
        (CodeOfConduct, "CODE_OF_CONDUCT.md"),
        (CodeOfConduct, "docs/code-of-conduct.md"),
        (CodeOfConduct, ".github/CODE_OF_CONDUCT"),
        (Changelog, "CHANGELOG.md"),
        (Changelog, "CHANGES.rst"),
        (Changelog, "NEWS"),
        (Changelog, "HISTORY.md"),
        (Changelog, "docs/release-notes.md"),
        (Changelog, "changelog.d/1234.feature.md"),
        (Changelog, "releasenotes/notes/fix-a.yaml"),
    ],
)
def test_a_community_document_is_found_by_its_conventional_names(
    tmp_path: Path, check: type[Check], path: str
) -> None:
    result = run(check, tmp_path, {path: "Text.\n"})

    assert result.outcome is Outcome.PASS
    assert result.data["path"] == path
    assert result.summary.endswith(f"is present: {path}.")


@pytest.mark.parametrize(
    ("check", "rule", "advice"),
    [
        (ContributingGuide, "docs.contributing.missing", "Add CONTRIBUTING.md"),
        (CodeOfConduct, "docs.code-of-conduct.missing", "Contributor Covenant"),
        (Changelog, "docs.changelog.missing", "keepachangelog.com"),
    ],
)
def test_a_missing_community_document_is_a_warning_saying_what_to_add(
    tmp_path: Path, check: type[Check], rule: str, advice: str
) -> None:
    result = run(check, tmp_path, {"src/CONTRIBUTING.md": "x", "notes.md": "x"})

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [(rule, Severity.WARNING)]
    assert advice in result.findings[0].remediation
    assert result.data == {"path": None, "paths": []}


def test_a_source_file_named_like_a_document_is_not_one(tmp_path: Path) -> None:
    assert run(Changelog, tmp_path, {"history.py": "x"}).outcome is Outcome.FAIL


# --- security.policy --------------------------------------------------------------------------


def test_a_security_policy_with_a_contact_passes_in_the_security_pillar(tmp_path: Path) -> None:
    files = {".github/SECURITY.md": "Report vulnerabilities to security@unicef.org.\n"}

    result = run(SecurityPolicy, tmp_path, files)

    assert result.check_id == "security.policy"
    assert result.pillar is Pillar.SECURITY
    assert result.outcome is Outcome.PASS
    assert result.findings == []


def test_a_security_policy_without_a_contact_gets_a_note(tmp_path: Path) -> None:
    result = run(SecurityPolicy, tmp_path, {"SECURITY.md": "Please be careful.\n"})

    assert result.outcome is Outcome.PASS
    assert rule_ids(result) == [("security.policy.no-contact", Severity.INFO)]
    assert result.findings[0].evidence == (Evidence("SECURITY.md"),)


def test_a_missing_security_policy_is_a_warning(tmp_path: Path) -> None:
    result = run(SecurityPolicy, tmp_path, {"README.md": GOOD_README})

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("security.policy.missing", Severity.WARNING)]
    assert "report a vulnerability privately" in result.findings[0].remediation


# --- docs.governance --------------------------------------------------------------------------


def test_a_governance_document_passes(tmp_path: Path) -> None:
    files = {"GOVERNANCE.md": "x", ".github/CODEOWNERS": "* @alice"}

    result = run(Governance, tmp_path, files)

    assert result.outcome is Outcome.PASS
    assert result.data == {
        "files": {"governance": "GOVERNANCE.md", "codeowners": ".github/CODEOWNERS"},
        "kinds": ["codeowners", "governance"],
    }


def test_named_maintainers_without_governance_pass_with_a_note(tmp_path: Path) -> None:
    result = run(Governance, tmp_path, {"OWNERS": "alice", ".gitlab/CODEOWNERS": "* @bob"})

    assert result.outcome is Outcome.PASS
    assert rule_ids(result) == [("docs.governance.no-governance", Severity.INFO)]
    assert result.data["kinds"] == ["codeowners", "maintainers"]
    assert {e.path for e in result.findings[0].evidence} == {"OWNERS", ".gitlab/CODEOWNERS"}


def test_no_governance_at_all_is_a_warning(tmp_path: Path) -> None:
    result = run(Governance, tmp_path, {"README.md": "x"})

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("docs.governance.missing", Severity.WARNING)]


# --- docs.folder ------------------------------------------------------------------------------


def test_a_docs_folder_with_documents_passes(tmp_path: Path) -> None:
    files = {"docs/guide.md": "x", "docs/deploy/aws.rst": "x", "docs/img/logo.png": "x"}

    result = run(DocsFolder, tmp_path, files)

    assert result.outcome is Outcome.PASS
    assert result.data == {"folders": ["docs"], "documents": 2, "site_configs": []}
    assert result.summary == "Documentation beyond the README: 2 document(s) in docs/."


def test_a_documentation_site_configuration_passes(tmp_path: Path) -> None:
    result = run(DocsFolder, tmp_path, {"mkdocs.yml": "site_name: Planner"})

    assert result.outcome is Outcome.PASS
    assert result.data["site_configs"] == ["mkdocs.yml"]


@pytest.mark.parametrize("files", [{"README.md": "x"}, {"Documentation/logo.png": "x"}])
def test_no_documentation_beyond_the_readme_gets_a_note(
    tmp_path: Path, files: dict[str, str]
) -> None:
    result = run(DocsFolder, tmp_path, files)

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("docs.folder.missing", Severity.INFO)]


# --- docs.languages ---------------------------------------------------------------------------

ENGLISH = f"# Planner\n\n{FILLER} You can install it with pip and run it in the office.\n"
FRENCH = "# Planificateur\n\nLe logiciel aide les bureaux et les équipes dans la gestion des plans."


def test_readme_translations_make_several_languages(tmp_path: Path) -> None:
    files = {"README.md": ENGLISH, "README.fr.md": FRENCH, "docs/README_zh-CN.md": "规划"}

    result = run(DocsLanguages, tmp_path, files)

    assert result.outcome is Outcome.PASS
    assert result.data == {
        "languages": ["en", "fr", "zh"],
        "language_count": 3,
        "primary_language": "en",
        "documentation_languages": ["en", "fr", "zh"],
        "interface_languages": [],
        "un_languages": ["zh", "en", "fr"],
        "evidence": {"fr": "README.fr.md", "zh": "docs/README_zh-CN.md", "en": "README.md"},
    }
    assert "of the six UN official languages: Chinese, English, French" in result.summary


def test_documentation_folders_per_language_count(tmp_path: Path) -> None:
    files = {"docs/en/index.md": "x", "docs/es/index.md": "x", "docs/api/index.md": "x"}

    result = run(DocsLanguages, tmp_path, files)

    assert result.data["documentation_languages"] == ["en", "es"]
    assert result.outcome is Outcome.PASS


def test_a_lone_topic_folder_named_like_a_language_is_not_one(tmp_path: Path) -> None:
    result = run(DocsLanguages, tmp_path, {"docs/ml/training.md": "x", "README.md": ENGLISH})

    assert result.data["languages"] == ["en"]
    assert result.outcome is Outcome.FAIL


def test_translations_of_the_interface_count_as_languages(tmp_path: Path) -> None:
    files = {
        "README.md": ENGLISH,
        "app/locale/fr_FR/LC_MESSAGES/django.po": "x",
        "web/src/i18n/ar.json": "{}",
    }

    result = run(DocsLanguages, tmp_path, files)

    assert result.outcome is Outcome.PASS
    assert result.data["interface_languages"] == ["ar", "fr"]
    assert result.data["evidence"]["ar"] == "web/src/i18n/ar.json"


def test_translations_of_dependencies_and_hidden_folders_do_not_count(tmp_path: Path) -> None:
    files = {
        "README.md": ENGLISH,
        ".venv/lib/django/conf/locale/de/LC_MESSAGES/django.po": "x",
        "web/node_modules/lib/locales/es.json": "{}",
    }

    assert run(DocsLanguages, tmp_path, files).data["languages"] == ["en"]


def test_a_readme_in_one_language_gets_a_note_about_the_six_un_languages(tmp_path: Path) -> None:
    result = run(DocsLanguages, tmp_path, {"README.md": ENGLISH})

    assert result.outcome is Outcome.FAIL
    assert rule_ids(result) == [("docs.languages.single-language", Severity.INFO)]
    assert "six official languages" in result.findings[0].remediation
    assert result.data["language_count"] == 1


def test_a_readme_of_unknown_language_and_a_translation_make_two(tmp_path: Path) -> None:
    result = run(DocsLanguages, tmp_path, {"README.md": "Planner.", "README-FR.md": FRENCH})

    assert result.data["primary_language"] is None
    assert result.data["language_count"] == 2
    assert result.outcome is Outcome.PASS


@pytest.mark.parametrize(
    ("tag", "language"),
    [("fr", "fr"), ("pt-BR", "pt"), ("zh_Hans", "zh"), ("CN", "zh"), ("KR", "ko"), ("md", None)],
)
def test_language_tags_and_country_codes_give_iso_639_1_codes(
    tag: str, language: str | None
) -> None:
    assert language_of_tag(tag) == language


@pytest.mark.parametrize(
    ("text", "language"),
    [
        (ENGLISH, "en"),
        (FRENCH + " Vous pouvez installer le logiciel pour les équipes.", "fr"),
        (
            "El programa ayuda a las oficinas y los equipos con la gestión de los planes y "
            "del trabajo.",
            "es",
        ),
        ("Программа помогает офисам планировать работу.", "ru"),
        ("يساعد البرنامج المكاتب على تخطيط العمل.", "ar"),
        ("该工具帮助国家办事处规划和跟踪工作。", "zh"),
        ("Planner.", None),
    ],
)
def test_the_readme_language_is_guessed_from_its_script_or_common_words(
    text: str, language: str | None
) -> None:
    assert guess_language(text) == language
