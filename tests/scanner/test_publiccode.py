"""publiccode.yml validation and drafting, through the public functions of the engine."""

import os
import subprocess
from pathlib import Path

import pytest

from osunited.scanner.publiccode import (
    MAX_BYTES,
    PublicCodeFacts,
    PublicCodeProblem,
    PublicCodeValidation,
    draft_publiccode,
    facts_from_directory,
    validate_publiccode,
)

LONG = (
    "Medusa lets a hospital publish its appointment slots and lets patients book, move or "
    "cancel an appointment online, at any hour, without calling the front desk. Staff see the "
    "day's bookings in one place."
)

VALID_04 = f"""\
publiccodeYmlVersion: "0.4"
name: Medusa
url: "https://github.com/example/medusa.git"
landingURL: "https://medusa.example.org"
softwareVersion: "1.2.0"
releaseDate: "2024-03-05"
logo: img/logo.svg
platforms:
  - web
categories:
  - appointment-scheduling
developmentStatus: stable
softwareType: standalone/web
intendedAudience:
  countries:
    - FR
  scope:
    - healthcare
description:
  en:
    shortDescription: Online booking for hospital appointments.
    longDescription: >
      {LONG}
    documentation: "https://medusa.example.org/docs"
    features:
      - Book an appointment online
legal:
  license: AGPL-3.0-or-later
  mainCopyrightOwner: City of Example
maintenance:
  type: community
  contacts:
    - name: Jane Doe
      email: jane.doe@example.org
localisation:
  localisationReady: true
  availableLanguages:
    - en
    - fr
dependsOn:
  open:
    - name: PostgreSQL
      versionMin: "13"
"""

VALID_05 = f"""\
publiccodeYmlVersion: "0.5"
name: Medusa
url: "https://github.com/example/medusa.git"
platforms: web
developmentStatus: beta
softwareType: library
organisation:
  name: City of Example
  uri: "urn:x-example:city"
fundedBy:
  - name: Example Fund
    uri: "https://fund.example.org"
description:
  es-419:
    shortDescription: Citas en línea.
    longDescription: "{LONG}"
    features: [Reservar una cita]
legal:
  license: MIT OR Apache-2.0
maintenance:
  type: contract
  contractors:
    - name: Example Ltd
      until: "2030-12-31"
      website: "https://ltd.example.org"
localisation:
  localisationReady: false
  availableLanguages: [es]
IT:
  conforme:
    gdpr: true
"""


def changed(text: str, old: str, new: str) -> str:
    assert old in text, old
    return text.replace(old, new, 1)


def where(text: str, snippet: str) -> tuple[int, int]:
    """1-based line and column of the first occurrence of `snippet`, or of its "|" if it has one."""
    before, _, after = snippet.rpartition("|")
    index = text.index(before + after) + len(before)
    return text.count("\n", 0, index) + 1, index - text.rfind("\n", 0, index)


def only(result: PublicCodeValidation, key: str) -> PublicCodeProblem:
    found = [p for p in result.problems if p.key == key]
    assert len(found) == 1, result.problems
    return found[0]


def test_it_accepts_a_complete_0_4_file() -> None:
    result = validate_publiccode(VALID_04)

    assert result.problems == ()
    assert result.valid
    assert result.version == "0.4"


def test_it_accepts_a_0_5_file_with_organisation_funders_and_no_categories() -> None:
    result = validate_publiccode(VALID_05)

    assert result.problems == ()
    assert result.version == "0.5"


def test_it_reads_values_as_yaml_1_2_does() -> None:
    # YAML 1.1 reads NO as false and an unquoted date as a timestamp; the standard wants 1.2.
    text = changed(VALID_04, 'releaseDate: "2024-03-05"', "releaseDate: 2024-03-05")
    text = changed(text, "    - FR", "    - 'NO'\n    - NO")

    assert validate_publiccode(text).problems == ()


ERRORS = [
    # (old, new, key, snippet the problem points at, part of the message)
    ("developmentStatus: stable", "developmentStatus: done", "developmentStatus", "done", "one of"),
    (
        "softwareType: standalone/web",
        "softwareType: app",
        "softwareType",
        "softwareType: |app",
        "one of",
    ),
    ("type: community", "type: friends", "maintenance.type", "friends", "one of"),
    ('releaseDate: "2024-03-05"', 'releaseDate: "05/03/2024"', "releaseDate", '"05/', "YYYY-MM-DD"),
    ('releaseDate: "2024-03-05"', 'releaseDate: "2024-02-30"', "releaseDate", '"2024-02', "real"),
    ('landingURL: "https://medusa', 'landingURL: "ftp://medusa', "landingURL", '"ftp', "http"),
    ('url: "https://github.com', 'url: "github.com', "url", '"github', "absolute URL"),
    ("license: AGPL-3.0-or-later", "license: Foo-1.0", "legal.license", "Foo", "SPDX"),
    ("license: AGPL-3.0-or-later", "license: MIT AND", "legal.license", "MIT AND", "SPDX"),
    (
        "    shortDescription: Online booking for hospital appointments.",
        f"    shortDescription: {'x' * 151}",
        "description.en.shortDescription",
        "xxx",
        "maximum is 150",
    ),
    (f"      {LONG}", "      Too short.", "description.en.longDescription", ">", "minimum is 150"),
    (
        "      - Book an appointment online",
        "        []",
        "description.en.features",
        "[]",
        "at least",
    ),
    ("  en:\n", "  english:\n", "description.english", "english", "BCP 47"),
    ("logo: img/logo.svg", "logo: /img/logo.svg", "logo", "/img", "absolute path"),
    ("logo: img/logo.svg", "logo: ../logo.svg", "logo", "../", "outside"),
    ("logo: img/logo.svg", "logo: file:///logo.svg", "logo", "file:", "file: URL"),
    ("name: Medusa", "name: [Medusa]", "name", "[Medusa]", "text value"),
    (
        "localisationReady: true",
        "localisationReady: yes",
        "localisation.localisationReady",
        "yes",
        "true or false",
    ),
    (
        "email: jane.doe@example.org",
        "email: jane.doe",
        "maintenance.contacts[0].email",
        "jane.doe",
        "e-mail",
    ),
    (
        "    - name: Jane Doe",
        "    - nom: Jane Doe",
        "maintenance.contacts[0].name",
        "nom",
        "required",
    ),
    ("  - appointment-scheduling", "  - booking", "categories[0]", "booking", "categories-list"),
    ("    - FR", "    - XX", "intendedAudience.countries[0]", "XX", "ISO 3166"),
    ("    - healthcare", "    - hospitals", "intendedAudience.scope[0]", "hospitals", "scope-list"),
    ("    - fr", "    - french", "localisation.availableLanguages[1]", "french", "BCP 47"),
    ("name: Medusa", "name: Medusa\nname: Medusa2", "name", "name: Medusa2", "twice"),
    (
        'publiccodeYmlVersion: "0.4"',
        "publiccodeYmlVersion: 0.4",
        "publiccodeYmlVersion",
        "0.4",
        "quotes",
    ),
    (
        'publiccodeYmlVersion: "0.4"',
        'publiccodeYmlVersion: "0.1"',
        "publiccodeYmlVersion",
        '"0.1"',
        "not a supported version",
    ),
    ("platforms:\n  - web", "platforms: []", "platforms", "[]", "at least"),
]


@pytest.mark.parametrize(("old", "new", "key", "snippet", "message"), ERRORS)
def test_it_reports_each_error_where_it_is(
    old: str, new: str, key: str, snippet: str, message: str
) -> None:
    text = changed(VALID_04, old, new)

    result = validate_publiccode(text)

    problem = only(result, key)
    assert problem.severity == "error"
    assert message in problem.message
    assert (problem.line, problem.column) == where(text, snippet)
    assert not result.valid


def test_it_reports_a_missing_mandatory_key_on_its_parent() -> None:
    text = changed(VALID_04, "  license: AGPL-3.0-or-later\n", "")

    problem = only(validate_publiccode(text), "legal.license")

    assert problem.message == "'license' is required."
    assert (problem.line, problem.column) == where(text, "mainCopyrightOwner")


def test_it_reports_a_missing_top_level_key_at_the_start() -> None:
    problem = only(validate_publiccode(changed(VALID_04, "name: Medusa\n", "")), "name")

    assert (problem.severity, problem.line, problem.column) == ("error", 1, 1)


def test_it_requires_contacts_for_community_maintenance() -> None:
    text = changed(
        VALID_04, "  contacts:\n    - name: Jane Doe\n      email: jane.doe@example.org\n", ""
    )

    problem = only(validate_publiccode(text), "maintenance.contacts")

    assert "required when maintenance.type is 'community'" in problem.message


def test_it_refuses_contractors_unless_maintenance_is_a_contract() -> None:
    text = changed(
        VALID_04,
        "  type: community\n",
        '  type: community\n  contractors:\n    - name: X\n      until: "2030-01-01"\n',
    )

    problem = only(validate_publiccode(text), "maintenance.contractors")

    assert problem.severity == "error"
    assert (problem.line, problem.column) == where(text, "contractors")


def test_it_requires_the_until_date_of_a_contractor() -> None:
    text = changed(VALID_05, '      until: "2030-12-31"\n', "")

    problem = only(validate_publiccode(text), "maintenance.contractors[0].until")

    assert problem.severity == "error"


def test_it_wants_a_long_description_in_at_least_one_language() -> None:
    english_only = changed(VALID_04, f"    longDescription: >\n      {LONG}\n", "")
    with_french = changed(
        VALID_04,
        "legal:",
        "  fr:\n    shortDescription: Rendez-vous en ligne.\n    features: [Réserver]\nlegal:",
    )

    assert only(validate_publiccode(english_only), "description.en.longDescription").severity == (
        "error"
    )
    warned = only(validate_publiccode(with_french), "description.fr.longDescription")
    assert warned.severity == "warning"
    assert validate_publiccode(with_french).valid


VERSION_RULES = [
    # (version, key removed, is the file still valid)
    ("0.3", 'releaseDate: "2024-03-05"\n', False),
    ("0.4", 'releaseDate: "2024-03-05"\n', True),
    ("0.4", "categories:\n  - appointment-scheduling\n", False),
    ("0.5", "categories:\n  - appointment-scheduling\n", True),
    ("0", "categories:\n  - appointment-scheduling\n", True),
]


@pytest.mark.parametrize(("version", "removed", "valid"), VERSION_RULES)
def test_mandatory_keys_follow_the_declared_version(
    version: str, removed: str, valid: bool
) -> None:
    text = changed(VALID_04, '"0.4"', f'"{version}"').replace(removed, "")

    assert validate_publiccode(text).valid is valid


def test_it_warns_that_versions_before_0_4_are_outdated() -> None:
    result = validate_publiccode(changed(VALID_04, '"0.4"', '"0.2"'))

    problem = only(result, "publiccodeYmlVersion")
    assert problem.severity == "warning"
    assert "not the latest" in problem.message
    assert result.valid
    assert result.version == "0.2"


WARNINGS = [
    # (old, new, key, snippet the warning points at)
    ("landingURL:", "landingUrl:", "landingUrl", "landingUrl"),
    (
        "    documentation:",
        "    summary: x\n    documentation:",
        "description.en.summary",
        "summary",
    ),
    ("logo: img/logo.svg", "monochromeLogo: img/logo.svg", "monochromeLogo", "monochromeLogo"),
    ("name: Medusa", "name: Medusa\norganisation:\n  name: X", "organisation", "organisation"),
    ('softwareVersion: "1.2.0"', "softwareVersion: 1.10", "softwareVersion", "1.10"),
    ("license: AGPL-3.0-or-later", "license: GPL-2.0+", "legal.license", "GPL-2.0+"),
    ("license: AGPL-3.0-or-later", "license: LicenseRef-Example", "legal.license", "LicenseRef"),
    ("logo: img/logo.svg", "logo: img/logo.gif", "logo", "img/logo.gif"),
    ('url: "https://github.com', 'url: "ssh://github.com', "url", '"ssh'),
]


@pytest.mark.parametrize(("old", "new", "key", "snippet"), WARNINGS)
def test_it_warns_without_invalidating(old: str, new: str, key: str, snippet: str) -> None:
    text = changed(VALID_04, old, new)

    result = validate_publiccode(text)

    problem = only(result, key)
    assert problem.severity == "warning"
    assert (problem.line, problem.column) == where(text, snippet)
    assert result.valid


def test_unknown_keys_get_a_suggestion() -> None:
    problem = only(
        validate_publiccode(changed(VALID_04, "landingURL:", "landingUrl:")), "landingUrl"
    )

    assert "Did you mean 'landingURL'?" in problem.message


def test_country_sections_are_accepted_but_must_be_mappings() -> None:
    assert validate_publiccode(VALID_04 + "IT:\n  riuso:\n    codiceIPA: c_h501\n").problems == ()

    problem = only(validate_publiccode(VALID_04 + "IT: yes\n"), "IT")
    assert problem.severity == "error"
    both = only(validate_publiccode(VALID_04 + "IT: {}\nit: {}\n"), "it")
    assert "already present" in both.message


def test_lowercase_country_sections_are_deprecated_from_0_5() -> None:
    assert validate_publiccode(VALID_04 + "it: {}\n").problems == ()

    problem = only(validate_publiccode(changed(VALID_05, "IT:", "it:")), "it")
    assert problem.severity == "warning"


def test_yaml_syntax_errors_become_a_problem_with_their_position() -> None:
    text = changed(VALID_04, "name: Medusa", "name: [Medusa")

    result = validate_publiccode(text)

    assert len(result.problems) == 1
    problem = result.problems[0]
    assert (problem.severity, problem.key) == ("error", "")
    assert problem.message.startswith("YAML syntax:")
    assert problem.line == where(text, "url:")[0]
    assert result.version is None


def test_a_tab_in_the_indentation_is_located() -> None:
    problem = validate_publiccode("name: x\n\tlegal: y\n").problems[0]

    assert (problem.line, problem.column) == (2, 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "must be a YAML mapping"),
        ("- a\n- b\n", "must be a YAML mapping"),
        ("name: a\n---\nname: b\n", "single YAML document"),
        ("name: a\x00\n", "U+0000"),
    ],
)
def test_documents_that_are_not_one_mapping_are_refused(text: str, message: str) -> None:
    result = validate_publiccode(text)

    assert [p.severity for p in result.problems] == ["error"]
    assert message in result.problems[0].message


def test_aliases_are_refused_so_that_a_billion_laughs_cannot_expand() -> None:
    lines = ['a0: &a0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]']
    for level in range(1, 10):
        refs = ", ".join([f"*a{level - 1}"] * 9)
        lines.append(f"a{level}: &a{level} [{refs}]")
    text = "\n".join(lines) + "\n"

    problem = validate_publiccode(text).problems[0]

    assert "aliases" in problem.message
    assert (problem.line, problem.column) == where(text, "*a0")


def test_a_file_over_one_mebibyte_is_too_large() -> None:
    result = validate_publiccode("name: " + "x" * MAX_BYTES)

    assert "too large" in result.problems[0].message
    assert result.problems[0].line is None


def test_too_many_values_or_too_deep_nesting_are_refused() -> None:
    many = "usedBy:\n" + "- a\n" * 60_000
    deep = "[" * 1000 + "]" * 1000

    assert "more than" in validate_publiccode(many).problems[0].message
    assert "nested" in validate_publiccode(deep).problems[0].message


def test_problems_come_in_the_order_of_the_file() -> None:
    text = changed(VALID_04, "developmentStatus: stable", "developmentStatus: done")
    text = changed(text, "name: Medusa", "name: [Medusa]")

    lines = [p.line or 0 for p in validate_publiccode(text).problems]

    assert lines == sorted(lines)


FULL_FACTS = PublicCodeFacts(
    name="Medusa",
    url="https://github.com/example/medusa.git",
    description="Online booking for hospital appointments.",
    license="EUPL-1.2",
    software_version="2.0.1",
    release_date="2024-03-05",
    development_status="stable",
    maintenance_type="internal",
    contacts=(("Jane Doe", "jane@example.org"), ("Bob", "not-an-address")),
    languages=("fr", "en"),
    platforms=("web", "android"),
)


@pytest.mark.parametrize(
    "facts",
    [
        PublicCodeFacts(),
        FULL_FACTS,
        PublicCodeFacts(maintenance_type="contract", description=LONG),
        PublicCodeFacts(
            name='Quote " colon: hash # newline \n end',
            description="x" * 400,
            license="not a license",
            release_date="yesterday",
            development_status="alpha",
            languages=("english",),
            url="not a url",
            platforms=("  ",),
        ),
    ],
)
def test_a_draft_always_passes_validation(facts: PublicCodeFacts) -> None:
    result = validate_publiccode(draft_publiccode(facts))

    assert result.errors == ()
    assert result.version == "0.4"


def test_a_draft_uses_the_facts_and_marks_the_rest_as_todo() -> None:
    draft = draft_publiccode(FULL_FACTS)

    assert validate_publiccode(draft).problems == ()
    for written in (
        'name: "Medusa"',
        'url: "https://github.com/example/medusa.git"',
        'license: "EUPL-1.2"',
        'softwareVersion: "2.0.1"',
        'releaseDate: "2024-03-05"',
        'developmentStatus: "stable"',
        'type: "internal"',
        '- name: "Jane Doe"',
        '  fr:\n    shortDescription: "Online booking',
        '- "android"',
    ):
        assert written in draft
    assert "not-an-address" not in draft
    assert "# TODO: what users can do with it" in draft


def test_a_draft_never_publishes_credentials_of_a_clone_url() -> None:
    draft = draft_publiccode(PublicCodeFacts(url="https://bob:s3cret@example.org/medusa.git"))

    assert "s3cret" not in draft
    assert 'url: "https://example.org/medusa.git"' in draft


def test_a_draft_without_facts_says_what_to_fill_in() -> None:
    draft = draft_publiccode(PublicCodeFacts())

    assert "# TODO: the source repository URL" in draft
    assert "# TODO: the SPDX license expression" in draft
    assert only(validate_publiccode(draft), "legal.license").severity == "warning"


def git(cwd: Path, *args: str) -> None:
    environment = {
        "PATH": os.environ["PATH"],
        "HOME": str(cwd),
        "GIT_CONFIG_NOSYSTEM": "1",
        "GIT_AUTHOR_NAME": "Test",
        "GIT_AUTHOR_EMAIL": "test@example.org",
        "GIT_COMMITTER_NAME": "Test",
        "GIT_COMMITTER_EMAIL": "test@example.org",
        "GIT_COMMITTER_DATE": "2024-03-05T12:00:00+00:00",
        "GIT_AUTHOR_DATE": "2024-03-05T12:00:00+00:00",
    }
    subprocess.run(["git", *args], cwd=cwd, env=environment, check=True, capture_output=True)


def test_facts_come_from_manifests_git_and_maintainer_files(tmp_path: Path) -> None:
    (tmp_path / "pyproject.toml").write_text(
        '[project]\nname = "medusa"\ndescription = "Booking."\nlicense = "MIT"\nversion = "0.1"\n'
    )
    (tmp_path / "LICENSE").write_text("SPDX-License-Identifier: EUPL-1.2\n\nText...\n")
    (tmp_path / "MAINTAINERS").write_text("Jane Doe <jane@example.org>\n")
    (tmp_path / ".github").mkdir()
    (tmp_path / ".github" / "CODEOWNERS").write_text("* @team bob@example.org\n")
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "remote", "add", "origin", "https://bob:s3cret@github.com/example/medusa.git")
    git(tmp_path, "commit", "--quiet", "--allow-empty", "-m", "start")
    git(tmp_path, "tag", "v1.2.0")

    facts = facts_from_directory(tmp_path)

    assert facts == PublicCodeFacts(
        name="medusa",
        url="https://github.com/example/medusa.git",
        description="Booking.",
        license="EUPL-1.2",
        software_version="1.2.0",
        release_date="2024-03-05",
        contacts=(("Jane Doe", "jane@example.org"), ("bob@example.org", "bob@example.org")),
    )


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("git@gitlab.com:group/project.git", "https://gitlab.com/group/project.git"),
        ("ssh://git@example.org:2222/project.git", "https://example.org/project.git"),
        ("https://example.org:8443/project.git", "https://example.org:8443/project.git"),
        ("/srv/git/project.git", None),
    ],
)
def test_the_origin_remote_becomes_an_https_url(
    tmp_path: Path, remote: str, url: str | None
) -> None:
    git(tmp_path, "init", "--quiet")
    git(tmp_path, "remote", "add", "origin", remote)

    assert facts_from_directory(tmp_path).url == url


def test_facts_of_a_bare_directory_are_its_name(tmp_path: Path) -> None:
    project = tmp_path / "my-project"
    project.mkdir()
    (project / "package.json").write_text("{not json")

    assert facts_from_directory(project) == PublicCodeFacts(name="my-project")


def test_files_reached_through_symbolic_links_are_not_read(tmp_path: Path) -> None:
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "package.json").write_text('{"name": "secret", "license": "MIT"}')
    (outside / "CODEOWNERS").write_text("* secret@example.org\n")
    project = tmp_path / "project"
    project.mkdir()
    (project / "package.json").symlink_to(outside / "package.json")
    (project / ".github").symlink_to(outside)

    assert facts_from_directory(project) == PublicCodeFacts(name="project")


def test_package_json_and_cargo_toml_are_read(tmp_path: Path) -> None:
    node, rust = tmp_path / "node", tmp_path / "rust"
    node.mkdir()
    rust.mkdir()
    (node / "package.json").write_text(
        '{"name": "medusa-web", "license": "ISC",'
        ' "repository": {"url": "git+https://github.com/e/m.git"}}'
    )
    (rust / "Cargo.toml").write_text(
        '[package]\nname = "medusa-rs"\nlicense = "MIT OR Apache-2.0"\n'
    )

    assert facts_from_directory(node).url == "https://github.com/e/m.git"
    assert facts_from_directory(node).license == "ISC"
    assert facts_from_directory(rust).name == "medusa-rs"
    assert facts_from_directory(rust).license == "MIT OR Apache-2.0"
