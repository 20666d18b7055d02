"""Drafting a publiccode.yml from what a scan knows, with TODO comments for the rest.

Every value is written so that the draft validates; what the scan could not know gets a
neutral value and a `# TODO:` comment saying what to write instead.
"""

from __future__ import annotations

import datetime
import json
from urllib.parse import urlsplit, urlunsplit

from osunited.scanner.publiccode import _formats as formats
from osunited.scanner.publiccode._types import PublicCodeFacts
from osunited.scanner.publiccode._vocabularies import (
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    PLATFORMS,
)

# "0" follows the latest 0.x, as the reference validator advises; any other version is warned of.
DRAFT_VERSION = "0"
_SHORT_MAX = 150
_LONG_MIN, _LONG_MAX = 150, 10_000

_HEADER = """\
# publiccode.yml, drafted by `osu publiccode init` from a static look at the repository.
# Review every TODO below, then check the file with `osu publiccode validate publiccode.yml`.
# The standard: https://yml.publiccode.tools
"""


def draft_publiccode(facts: PublicCodeFacts) -> str:
    """A publiccode.yml text for the project `facts` describe.

    The draft passes `validate_publiccode`. Values the facts do not give are placeholders
    marked with `# TODO:` comments, so that a person completes them before publishing.
    """
    name = _clean(facts.name) or "TODO"
    sections = [
        _HEADER,
        _identity(facts, name),
        _classification(facts),
        _description(facts, name),
        _legal(facts),
        _maintenance(facts),
        _localisation(facts),
    ]
    return "\n".join(sections)


def _quote(value: str) -> str:
    """A YAML double-quoted scalar (JSON strings are valid YAML)."""
    return json.dumps(value, ensure_ascii=False)


def _clean(value: str | None) -> str | None:
    value = " ".join((value or "").split())
    return value or None


def _identity(facts: PublicCodeFacts, name: str) -> str:
    lines = [f'publiccodeYmlVersion: "{DRAFT_VERSION}"', "", f"name: {_quote(name)}"]
    if name == "TODO":
        lines[-1] += "  # TODO: the name most people use for the software"
    url = _without_credentials(facts.url)
    if url:
        lines.append(f"url: {_quote(url)}")
    else:
        lines.append('url: "https://example.org/TODO.git"  # TODO: the source repository URL')
    lines.append('# landingURL: "https://..."  # TODO: optional, a web page for the software')
    version = _clean(facts.software_version)
    if version:
        lines.append(f"softwareVersion: {_quote(version)}")
    release = facts.release_date
    if release and formats.check_date(release) is None:
        lines.append(f"releaseDate: {_quote(release)}")
    lines.append('# logo: "img/logo.svg"  # TODO: optional, an SVG or PNG in the repository')
    return "\n".join(lines) + "\n"


def _without_credentials(url: str | None) -> str | None:
    """The URL if it is one, minus any user name or token a clone URL may carry."""
    if not url or formats.check_url(url) is not None:
        return None
    parts = urlsplit(url)
    host = parts.netloc.rpartition("@")[2]
    return urlunsplit((parts.scheme, host, parts.path, parts.query, parts.fragment))


def _classification(facts: PublicCodeFacts) -> str:
    platforms = [p for p in (_clean(p) for p in facts.platforms) if p]
    lines = ["platforms:"]
    if platforms:
        lines += [f"  - {_quote(platform)}" for platform in platforms]
    else:
        lines.append(f"  # TODO: where people use it: {', '.join(PLATFORMS)}")
        lines.append('  - "web"')
    lines += [
        "",
        "categories:",
        "  # TODO: pick from https://yml.publiccode.tools/categories-list.html",
        '  - "other"',
        "",
    ]
    status = facts.development_status
    if status in DEVELOPMENT_STATUSES:
        lines.append(f"developmentStatus: {_quote(status)}")
    else:
        lines.append(
            'developmentStatus: "development"  # TODO: concept, development, beta, stable, obsolete'
        )
    lines.append('softwareType: "standalone/other"  # TODO: standalone/web, library, addon...')
    lines.append("#   see https://yml.publiccode.tools/schema.core.html#key-softwaretype")
    return "\n".join(lines) + "\n"


def _description(facts: PublicCodeFacts, name: str) -> str:
    language = _first_language(facts)
    known = _clean(facts.description)
    lines = ["description:", f"  {language}:"]
    if known:
        lines.append(f"    shortDescription: {_quote(_shorten(known, _SHORT_MAX))}")
    else:
        lines.append("    # TODO: one sentence, at most 150 characters")
        lines.append(f"    shortDescription: {_quote(f'{name}: TODO')}")
    if known and formats.visible_length(known) >= _LONG_MIN:
        lines.append(f"    longDescription: {_quote(known[:_LONG_MAX])}")
    else:
        lines.append("    # TODO: 150 to 10000 characters for the people who would use it")
        lines.append(f"    longDescription: {_quote(_placeholder_long_description(name, known))}")
    lines += [
        "    # TODO: what users can do with it, one feature per item",
        "    features:",
        '      - "TODO"',
    ]
    return "\n".join(lines) + "\n"


def _first_language(facts: PublicCodeFacts) -> str:
    for language in facts.languages:
        if formats.check_language_tag(language) is None:
            return language
    return "en"


def _shorten(text: str, limit: int) -> str:
    if formats.visible_length(text) <= limit:
        return text
    cut = text[: limit - 1].rsplit(" ", 1)[0]
    return cut + "…"


def _placeholder_long_description(name: str, known: str | None) -> str:
    start = f"{known} " if known else ""
    return (
        f"{start}TODO: describe {name} for the people who would use it: what it does, for "
        "whom, and why it matters. Write between 150 and 10000 characters; basic Markdown "
        "is allowed."
    )


def _legal(facts: PublicCodeFacts) -> str:
    license_ = _clean(facts.license)
    if license_ and formats.check_spdx_expression(license_) is None:
        return f"legal:\n  license: {_quote(license_)}\n"
    return (
        "legal:\n"
        "  # TODO: the SPDX license expression, such as Apache-2.0 (https://spdx.org/licenses)\n"
        '  license: "LicenseRef-TODO"\n'
    )


def _maintenance(facts: PublicCodeFacts) -> str:
    kind = facts.maintenance_type
    lines = ["maintenance:"]
    if kind in MAINTENANCE_TYPES:
        lines.append(f"  type: {_quote(kind)}")
    else:
        kind = "community"
        lines.append('  type: "community"  # TODO: internal, contract, community or none')
    if kind == "contract":
        lines += _placeholder_contractor()
    lines += _contacts(facts.contacts)
    return "\n".join(lines) + "\n"


def _placeholder_contractor() -> list[str]:
    until = datetime.date.today().replace(month=12, day=31) + datetime.timedelta(days=365)
    return [
        "  # TODO: who is contracted to maintain it, and until when",
        "  contractors:",
        '    - name: "TODO"',
        f"      until: {_quote(until.isoformat())}",
    ]


def _contacts(contacts: tuple[tuple[str, str], ...]) -> list[str]:
    lines = [
        "  # TODO: check that each contact is a person who maintains the software",
        "  contacts:",
    ]
    written = 0
    for name, email in contacts:
        if not _clean(name):
            continue
        lines.append(f"    - name: {_quote(_clean(name) or '')}")
        if formats.check_email(email) is None:
            lines.append(f"      email: {_quote(email)}")
        written += 1
    if not written:
        lines.append('    - name: "TODO"  # TODO: full name of a maintainer')
    return lines


def _localisation(facts: PublicCodeFacts) -> str:
    languages = [lang for lang in facts.languages if formats.check_language_tag(lang) is None]
    lines = [
        "localisation:",
        "  localisationReady: false  # TODO: true if the software can be translated",
        "  # TODO: the languages the software itself is available in",
        "  availableLanguages:",
    ]
    lines += [f"    - {_quote(language)}" for language in languages or ["en"]]
    return "\n".join(lines) + "\n"
