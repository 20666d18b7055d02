"""The core publiccode.yml standard as data: every key, its kind, presence and format.

Sources: the standard (github.com/publiccodeyml/publiccode.yml, docs/standard/schema.core.rst,
https://yml.publiccode.tools) and the reference validator
(github.com/italia/publiccode-parser-go, v0.go and fields.go). Version history that changes
the rules: releaseDate became optional in 0.4 (publiccode.yml PR #180), categories became
optional and `organisation` and `fundedBy` were added in 0.5 (PRs #241 and #220).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from osunited.scanner.publiccode import _formats as formats
from osunited.scanner.publiccode._vocabularies import (
    CATEGORIES,
    DEVELOPMENT_STATUSES,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
)

Version = tuple[int, int]
LATEST: Version = (0, 5)
LATEST_TEXT = "0.5"

# publiccodeYmlVersion values accepted, as the reference validator lists them, and every 0.4.x
# and 0.5.x patch release. "0" means "the latest 0.x".
VERSIONS: tuple[tuple[re.Pattern[str], Version], ...] = (
    (re.compile(r"0"), LATEST),
    (re.compile(r"0\.2(?:\.[0-2])?"), (0, 2)),
    (re.compile(r"0\.3(?:\.0)?"), (0, 3)),
    (re.compile(r"0\.4(?:\.\d+)?"), (0, 4)),
    (re.compile(r"0\.5(?:\.\d+)?"), (0, 5)),
)
# Versions accepted with a warning that a newer one exists.
OUTDATED_BEFORE: Version = (0, 4)

Check = Callable[[str], formats.Finding | None]


@dataclass(frozen=True)
class Rule:
    """What one key accepts. `kind` is scalar ("string", "bool") or a container."""

    kind: str  # "version" | "string" | "bool" | "map" | "list" | "string_or_list" | "language_map"
    check: Check | None = None  # format of a string
    choices: frozenset[str] = frozenset()
    choices_reference: str | None = None  # where a long list of choices is published
    required: bool = False
    required_before: Version | None = None  # mandatory only in versions older than this
    since: Version | None = None  # the key exists from this version on
    deprecated: str | None = None  # advice given with the deprecation warning
    deprecated_since: Version = (0, 0)
    min_length: int | None = None
    max_length: int | None = None
    min_items: int = 0
    items: Rule | None = None  # for lists and language maps
    keys: Mapping[str, Rule] = field(default_factory=dict)  # for maps

    def is_required(self, version: Version) -> bool:
        return self.required or (
            self.required_before is not None and version < self.required_before
        )


def _string(check: Check | None = None, **options: Any) -> Rule:
    return Rule("string", check=check, **options)


def _strings(item: Rule | None = None, **options: Any) -> Rule:
    return Rule("list", items=item or _string(), **options)


_DROP_IT = "It's safe to drop it."
_CATEGORIES_LIST = "https://yml.publiccode.tools/categories-list.html"
_SCOPE_LIST = "https://yml.publiccode.tools/scope-list.html"

ORGANISATION = Rule(
    "map",
    keys={"name": _string(), "uri": _string(formats.check_organisation_uri)},
)

DESCRIPTION = Rule(
    "map",
    keys={
        "localisedName": _string(),
        "genericName": _string(max_length=35, deprecated=_DROP_IT),
        "shortDescription": _string(required=True, max_length=150),
        # Mandatory "for at least one language": checked across languages by the validator.
        "longDescription": _string(min_length=150, max_length=10000),
        "documentation": _string(formats.check_http_url),
        "apiDocumentation": _string(formats.check_http_url),
        "features": _strings(min_items=1),
        "screenshots": _strings(_string(formats.check_screenshot)),
        "videos": _strings(_string(formats.check_http_url)),
        "awards": _strings(),
    },
)

CONTACT = Rule(
    "map",
    keys={
        "name": _string(required=True),
        "email": _string(formats.check_email),
        "phone": _string(),
        "affiliation": _string(),
    },
)

CONTRACTOR = Rule(
    "map",
    keys={
        "name": _string(required=True),
        "until": _string(formats.check_date, required=True),
        "email": _string(formats.check_email),
        "website": _string(formats.check_http_url),
    },
)

DEPENDENCY = Rule(
    "map",
    keys={
        "name": _string(required=True),
        "versionMin": _string(),
        "versionMax": _string(),
        "version": _string(),
        "optional": Rule("bool"),
    },
)

_COUNTRIES = _strings(_string(formats.check_country))

TOP_LEVEL: Mapping[str, Rule] = {
    "publiccodeYmlVersion": Rule("version", required=True),
    "name": _string(required=True),
    "applicationSuite": _string(),
    "url": _string(formats.check_repository_url, required=True),
    "landingURL": _string(formats.check_http_url),
    "isBasedOn": Rule("string_or_list", items=_string(formats.check_url)),
    "softwareVersion": _string(),
    "releaseDate": _string(formats.check_date, required_before=(0, 4)),
    "logo": _string(formats.check_logo),
    "monochromeLogo": _string(formats.check_logo, deprecated="Use 'logo' instead."),
    "organisation": Rule("map", keys=ORGANISATION.keys, since=(0, 5)),
    "inputTypes": _strings(_string(formats.check_mime_type), deprecated=_DROP_IT),
    "outputTypes": _strings(_string(formats.check_mime_type), deprecated=_DROP_IT),
    "platforms": Rule("string_or_list", items=_string(), required=True, min_items=1),
    "categories": _strings(
        _string(choices=CATEGORIES, choices_reference=_CATEGORIES_LIST),
        required_before=(0, 5),
        min_items=1,
    ),
    "usedBy": _strings(),
    "fundedBy": _strings(ORGANISATION, since=(0, 5)),
    "roadmap": _string(formats.check_http_url),
    "developmentStatus": _string(choices=DEVELOPMENT_STATUSES, required=True),
    "softwareType": _string(choices=SOFTWARE_TYPES, required=True),
    "intendedAudience": Rule(
        "map",
        keys={
            "countries": _COUNTRIES,
            "unsupportedCountries": _COUNTRIES,
            "scope": _strings(_string(choices=SCOPES, choices_reference=_SCOPE_LIST)),
        },
    ),
    "description": Rule("language_map", items=DESCRIPTION, required=True, min_items=1),
    "legal": Rule(
        "map",
        required=True,
        keys={
            "license": _string(formats.check_spdx_expression, required=True),
            "mainCopyrightOwner": _string(),
            "repoOwner": _string(
                deprecated="Use 'organisation.name' instead.", deprecated_since=(0, 5)
            ),
            "authorsFile": _string(formats.check_path_or_url, deprecated=_DROP_IT),
        },
    ),
    "maintenance": Rule(
        "map",
        required=True,
        keys={
            # Which of contacts and contractors is needed depends on the type: see the validator.
            "type": _string(choices=MAINTENANCE_TYPES, required=True),
            "contractors": _strings(CONTRACTOR, min_items=1),
            "contacts": _strings(CONTACT, min_items=1),
        },
    ),
    "localisation": Rule(
        "map",
        required=True,
        keys={
            "localisationReady": Rule("bool", required=True),
            "availableLanguages": _strings(
                _string(formats.check_language_tag), required=True, min_items=1
            ),
        },
    ),
    "dependsOn": Rule(
        "map",
        keys={
            "open": _strings(DEPENDENCY),
            "proprietary": _strings(DEPENDENCY),
            "hardware": _strings(DEPENDENCY),
        },
    ),
}

# maintenance.type -> the list it requires
MAINTENANCE_REQUIRES = {"internal": "contacts", "community": "contacts", "contract": "contractors"}


def parse_version(text: str) -> Version | None:
    """The (major, minor) rules a publiccodeYmlVersion value selects; None if unsupported."""
    for pattern, version in VERSIONS:
        if pattern.fullmatch(text):
            return version
    return None


def version_text(version: Version) -> str:
    return f"{version[0]}.{version[1]}"
