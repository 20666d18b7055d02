"""publiccode.yml validation and drafting, through the public functions of the engine.

The rules are the reference validator's (italia/publiccode-parser-go); its own test corpus is run
in test_publiccode_reference.py.
"""

import os
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from osunited.scanner._cache import ScanCache
from osunited.scanner._context import ScanContext
from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._model import Outcome, Severity
from osunited.scanner._policy import default_policy
from osunited.scanner._tree import walk_tree
from osunited.scanner.checks.publiccode_file import PublicCode
from osunited.scanner.publiccode import (
    MAX_BYTES,
    PublicCodeFacts,
    PublicCodeProblem,
    PublicCodeValidation,
    draft_publiccode,
    facts_from_directory,
    files_in_directory,
    validate_publiccode,
)
from tests.scanner.conftest import TreeMaker

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

VALID = VALID_04.replace('publiccodeYmlVersion: "0.4"', 'publiccodeYmlVersion: "0"')

VALID_05 = f"""\
publiccodeYmlVersion: "0.5"
name: Medusa
url: "https://github.com/example/medusa.git"
platforms: [web]
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


def test_it_accepts_a_complete_file() -> None:
    result = validate_publiccode(VALID)

    assert result.problems == ()
    assert result.verdict == "valid"
    assert result.version == "0"


def test_it_accepts_a_0_5_file_with_organisation_funders_and_no_categories() -> None:
    result = validate_publiccode(VALID_05)

    assert result.verdict == "valid with warnings"
    assert [p.key for p in result.problems] == ["publiccodeYmlVersion", "IT.conforme"]
    assert result.version == "0.5"


def test_it_reads_values_as_yaml_1_2_does() -> None:
    # YAML 1.1 reads NO as false and an unquoted date as a timestamp; the standard wants 1.2.
    text = changed(VALID, 'releaseDate: "2024-03-05"', "releaseDate: 2024-03-05")
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
    # Seen: the reference refuses these, which were accepted.
    ("platforms:\n  - web", 'platforms: "foobar"', "platforms", '"foobar"', "must be a list"),
    (
        "name: Medusa",
        "name: Medusa\norganisation:\n  name: City of Example",
        "organisation.uri",
        "organisation:\n  |name",
        "required",
    ),
    ("logo: img/logo.svg", "logo: img/logo.gif", "logo", "img/logo.gif", ".svg, .svgz, .png"),
    ("landingURL:", "landingUrl:", "landingUrl", "landingUrl", "Did you mean 'landingURL'?"),
    (
        "    documentation:",
        "    summary: x\n    documentation:",
        "description.en.summary",
        "summary",
        "not a key",
    ),
    ("  en:\n", "  xxx:\n", "description.xxx", "xxx", "ISO 639"),
    (
        "  mainCopyrightOwner: City of Example",
        "  mainCopyrightOwner: City of Example\norganisation:\n  uri: urn:x-italian-pa:nope",
        "organisation.uri",
        "urn:x-italian",
        "Italian public administration",
    ),
    (
        "dependsOn:",
        "supports:\n  - id: alias:hipaa\ndependsOn:",
        "supports[0].id",
        "alias:",
        "known alias",
    ),
    ("dependsOn:", "FR:\n  x: 1\ndependsOn:", "FR", "FR:", "not a key"),
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


def test_it_wants_a_long_description_and_features_in_every_language() -> None:
    english_only = changed(VALID, f"    longDescription: >\n      {LONG}\n", "")
    with_french = changed(
        VALID,
        "legal:",
        "  fr:\n    shortDescription: Rendez-vous en ligne.\nlegal:",
    )

    assert only(validate_publiccode(english_only), "description.en.longDescription").severity == (
        "error"
    )
    result = validate_publiccode(with_french)
    assert only(result, "description.fr.longDescription").severity == "error"
    assert only(result, "description.fr.features").severity == "error"


VERSIONS = ["0", "0.2", "0.2.2", "0.3", "0.4", "0.4.0", "0.5", "0.7", "0.7.0"]


@pytest.mark.parametrize("version", VERSIONS)
def test_every_supported_version_takes_the_same_rules(version: str) -> None:
    # Seen: 0.7 was refused, and a 0.4 file without categories or an empty list of them too.
    text = changed(VALID, '"0"', f'"{version}"')
    text = changed(text, 'releaseDate: "2024-03-05"\n', "")
    text = changed(text, "categories:\n  - appointment-scheduling\n", "categories: []\n")
    text = changed(text, "name: Medusa\n", 'name: Medusa\norganisation: {uri: "urn:x-e:city"}\n')

    result = validate_publiccode(text)

    assert result.errors == ()
    assert [p.key for p in result.warnings] == (
        [] if version in ("0", "0.7", "0.7.0") else ["publiccodeYmlVersion"]
    )


def test_versions_other_than_0_and_0_7_are_told_to_use_0() -> None:
    result = validate_publiccode(VALID_04)

    problem = only(result, "publiccodeYmlVersion")
    assert problem.severity == "warning"
    assert 'write "0"' in problem.message
    assert result.verdict == "valid with warnings"
    assert result.version == "0.4"


@pytest.mark.parametrize("version", ["1", "0.4.1", "0.6", "0.1"])
def test_an_unsupported_version_is_the_only_problem_reported(version: str) -> None:
    text = changed(VALID, '"0"', f'"{version}"')

    result = validate_publiccode(changed(text, "developmentStatus: stable", "developmentStatus: x"))

    assert [(p.key, p.severity) for p in result.problems] == [("publiccodeYmlVersion", "error")]
    assert "not a supported version" in result.problems[0].message


WARNINGS = [
    # (old, new, key, snippet the warning points at): the reference's deprecations
    ("logo: img/logo.svg", "monochromeLogo: img/logo.svg", "monochromeLogo", "monochromeLogo"),
    ("dependsOn:", "inputTypes: [text/plain]\ndependsOn:", "inputTypes", "inputTypes"),
    (
        "    documentation:",
        "    genericName: Booking\n    documentation:",
        "description.en.genericName",
        "genericName",
    ),
    (
        "  mainCopyrightOwner:",
        "  repoOwner: City\n  mainCopyrightOwner:",
        "legal.repoOwner",
        "repoOwner",
    ),
    ("    - FR", "    - fr", "intendedAudience.countries[0]", "fr"),
    ("dependsOn:", "it:\n  piattaforme: {spid: true}\ndependsOn:", "it", "it:"),
    ("dependsOn:", "IT:\n  conforme: {gdpr: true}\ndependsOn:", "IT.conforme", "conforme"),
    ("dependsOn:", "IT:\n  riuso: {codiceIPA: c_h501}\ndependsOn:", "IT.riuso.codiceIPA", "c_h501"),
]


@pytest.mark.parametrize(("old", "new", "key", "snippet"), WARNINGS)
def test_it_warns_without_invalidating(old: str, new: str, key: str, snippet: str) -> None:
    text = changed(VALID, old, new)

    result = validate_publiccode(text)

    problem = only(result, key)
    assert problem.severity == "warning"
    assert (problem.line, problem.column) == where(text, snippet)
    assert result.verdict == "valid with warnings"


NOTICES = [
    # (old, new, key): this validator's own advice, which changes no verdict
    ('softwareVersion: "1.2.0"', "softwareVersion: 1.10", "softwareVersion"),
    ("license: AGPL-3.0-or-later", "license: GPL-2.0+", "legal.license"),
    ("license: AGPL-3.0-or-later", "license: LicenseRef-Example", "legal.license"),
    ('url: "https://github.com', 'url: "ssh://github.com', "url"),
]


@pytest.mark.parametrize(("old", "new", "key"), NOTICES)
def test_notices_leave_the_verdict_as_the_reference_gives_it(old: str, new: str, key: str) -> None:
    result = validate_publiccode(changed(VALID, old, new))

    assert only(result, key).severity == "notice"
    assert result.verdict == "valid"


def test_the_italian_section_is_the_only_country_section() -> None:
    assert validate_publiccode(VALID + "IT:\n  countryExtensionVersion: '1.0'\n").problems == ()

    assert only(validate_publiccode(VALID + "IT: yes\n"), "IT").severity == "error"
    assert only(validate_publiccode(VALID + "It: {}\n"), "It").severity == "error"
    both = validate_publiccode(VALID + "IT: {}\nit: {}\n")
    assert [(p.key, p.severity) for p in both.problems] == [("it", "warning"), ("it", "error")]
    unknown = validate_publiccode(VALID + "IT:\n  riuso: {codiceIPA: nope}\n")
    assert only(unknown, "IT.riuso.codiceIPA").severity == "error"


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
        ("", "the file is empty"),
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


# --- files the publiccode.yml names, looked up beside it -----------------------------------------


def tiny_png() -> bytes:
    def chunk(kind: bytes, data: bytes) -> bytes:
        return (
            struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
        )

    header = struct.pack(">IIBBBBB", 1, 1, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\x00\x00")
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


WITH_FILES = changed(VALID, "logo: img/logo.svg", "logo: img/logo.png")
WITH_FILES = changed(
    WITH_FILES, "    features:", "    screenshots: [shots/home.jpg, ./shots/map.png]\n    features:"
)


def test_a_logo_missing_beside_the_yaml_is_an_error(make_tree: TreeMaker) -> None:
    # Seen: accepted, where the reference says "no such file".
    root = make_tree({"publiccode.yml": VALID})

    result = validate_publiccode(VALID, files=files_in_directory(root))

    problem = only(result, "logo")
    assert (problem.severity, problem.line, problem.column) == ("error", *where(VALID, "img/logo"))
    assert "no such file" in problem.message


def test_files_are_read_from_the_folder_of_the_yaml(make_tree: TreeMaker) -> None:
    root = make_tree(
        {
            "docs/publiccode.yml": WITH_FILES,
            "docs/img/logo.png": tiny_png(),
            "docs/shots/home.jpg": b"\xff\xd8\xff",
            "docs/shots/map.png": b"not decoded: only logos are",
        }
    )

    assert validate_publiccode(WITH_FILES, files=files_in_directory(root / "docs")).problems == ()
    missing = validate_publiccode(WITH_FILES, files=files_in_directory(root))
    assert [p.key for p in missing.errors] == [
        "logo",
        "description.en.screenshots[0]",
        "description.en.screenshots[1]",
    ]


@pytest.mark.parametrize("content", [b"", b"GIF89a", tiny_png()[:20], tiny_png()[:30] + b"XXXX"])
def test_a_png_logo_must_be_a_png_image(make_tree: TreeMaker, content: bytes) -> None:
    root = make_tree({"img/logo.png": content})

    problem = only(validate_publiccode(WITH_FILES, files=files_in_directory(root)), "logo")

    assert "not a PNG image" in problem.message


def test_a_screenshot_is_a_png_or_a_jpg() -> None:
    text = changed(WITH_FILES, "shots/home.jpg", "shots/home.jpeg")

    problem = only(validate_publiccode(text), "description.en.screenshots[0]")

    assert problem.severity == "error"
    assert ".jpg, .png" in problem.message


def test_the_authors_file_must_exist(make_tree: TreeMaker) -> None:
    text = changed(
        VALID, "  mainCopyrightOwner:", "  authorsFile: AUTHORS.md\n  mainCopyrightOwner:"
    )
    root = make_tree({"AUTHORS.md": "Jane Doe\n", "img/logo.svg": "<svg/>"})

    found = validate_publiccode(text, files=files_in_directory(root))
    missing = validate_publiccode(text, files=files_in_directory(root / "elsewhere"))

    assert [(p.key, p.severity) for p in found.problems] == [("legal.authorsFile", "warning")]
    assert ("legal.authorsFile", "error") in [(p.key, p.severity) for p in missing.problems]


def test_links_out_of_the_folder_are_not_followed(make_tree: TreeMaker, tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(tiny_png())
    root = make_tree({"publiccode.yml": VALID})
    (root / "img").mkdir()
    (root / "img" / "logo.png").symlink_to(tmp_path / "secret.png")

    problem = only(validate_publiccode(WITH_FILES, files=files_in_directory(root)), "logo")

    assert "no such file" in problem.message


def test_a_path_with_a_nul_character_is_just_missing(make_tree: TreeMaker) -> None:
    text = changed(VALID, "logo: img/logo.svg", 'logo: "img/\\0.png"')

    problem = only(validate_publiccode(text, files=files_in_directory(make_tree({}))), "logo")

    assert "no such file" in problem.message


def test_urls_and_unknown_folders_are_not_looked_up() -> None:
    url_logo = changed(VALID, "logo: img/logo.svg", "logo: https://cdn.example.org/logo.svg")

    assert validate_publiccode(url_logo, files=lambda path: None).problems == ()
    assert validate_publiccode(WITH_FILES).problems == ()


def test_bytes_must_be_utf_8() -> None:
    latin1 = VALID.replace("City of Example", "Città").encode("latin-1")

    result = validate_publiccode(latin1)

    assert [(p.key, p.severity) for p in result.problems] == [("", "error")]
    assert "not UTF-8" in result.problems[0].message
    assert validate_publiccode(b"\xef\xbb\xbf" + VALID.encode()).problems == ()


def run_check(root: Path) -> tuple[Outcome, list[tuple[str, Severity]]]:
    limits = ScanLimits()
    context = ScanContext(
        tree=walk_tree(root, limits=limits, deadline=Deadline(60)),
        policy=default_policy(),
        limits=limits,
        deadline=Deadline(60),
        cache=ScanCache(None),
    )
    result = PublicCode().run(context)
    return result.outcome, [(f.message.split(":")[0], f.severity) for f in result.findings]


def test_the_scan_looks_for_the_logo_in_the_tree(make_tree: TreeMaker) -> None:
    without = make_tree({"publiccode.yml": WITH_FILES})

    assert run_check(without) == (
        Outcome.FAIL,
        [
            (key, Severity.ERROR)
            for key in ("logo", "description.en.screenshots[0]", "description.en.screenshots[1]")
        ],
    )
    for name, content in {
        "img/logo.png": tiny_png(),
        "shots/home.jpg": b"",
        "shots/map.png": b"",
    }.items():
        (without / name).parent.mkdir(exist_ok=True)
        (without / name).write_bytes(content)
    assert run_check(without) == (Outcome.PASS, [])


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
    assert result.warnings == ()
    assert result.version == "0"


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
    assert only(validate_publiccode(draft), "legal.license").severity == "notice"


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
