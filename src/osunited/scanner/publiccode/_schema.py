"""The publiccode.yml standard as data: every key, its kind, presence and format.

Sources: the standard (github.com/publiccodeyml/publiccode.yml, docs/standard/schema.core.rst,
https://yml.publiccode.tools) and the reference validator (github.com/italia/publiccode-parser-go,
v5 at commit 2a1f25a: v0.go, validations.go and validators/). As in the reference, one set of
rules applies to every supported version of the 0.x standard.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from typing import Any

from osunited.scanner._text import _
from osunited.scanner.publiccode import _files as files
from osunited.scanner.publiccode import _formats as formats
from osunited.scanner.publiccode._vocabularies import (
    CATEGORIES,
    DEVELOPMENT_STATUSES,
    IT_EXTENSION_VERSIONS,
    MAINTENANCE_TYPES,
    SCOPES,
    SOFTWARE_TYPES,
)

# publiccodeYmlVersion values the reference validator accepts, in its order. "0" means "the
# latest 0.x"; the others get a warning that they are not the latest.
VERSIONS = (
    "0",
    *("0.2", "0.2.0", "0.2.1", "0.2.2"),
    *("0.3", "0.3.0"),
    *("0.4", "0.4.0"),
    *("0.5", "0.5.0"),
    *("0.7", "0.7.0"),
)
LATEST = ("0", "0.7", "0.7.0")
LATEST_TEXT = "0.7"

Check = Callable[[str], formats.Finding | None]


@dataclass(frozen=True)
class Rule:
    """What one key accepts. `kind` is scalar ("string", "bool") or a container."""

    kind: str  # "version" | "string" | "bool" | "map" | "list" | "string_or_list" | "language_map"
    check: Check | None = None  # format of a string
    file: files.FileRule | None = None  # the string names a file of the repository
    choices: frozenset[str] = frozenset()
    choices_reference: str | None = None  # where a long list of choices is published
    required: bool = False  # a map that is required has its required keys reported when absent
    deprecated: str | None = None  # advice given with the deprecation warning
    min_length: int | None = None
    max_length: int | None = None
    min_items: int = 0
    items: Rule | None = None  # for lists and language maps
    keys: Mapping[str, Rule] = field(default_factory=dict)  # for maps


def _string(check: Check | None = None, **options: Any) -> Rule:
    return Rule("string", check=check, **options)


def _strings(item: Rule | None = None, **options: Any) -> Rule:
    return Rule("list", items=item or _string(), **options)


_DROP_IT = _("It's safe to drop it.")
_CATEGORIES_LIST = "https://yml.publiccode.tools/categories-list.html"
_SCOPE_LIST = "https://yml.publiccode.tools/scope-list.html"

ORGANISATION = Rule(
    "map",
    keys={"name": _string(), "uri": _string(formats.check_organisation_uri, required=True)},
)

DESCRIPTION = Rule(
    "map",
    keys={
        "localisedName": _string(),
        "genericName": _string(max_length=35, deprecated=_DROP_IT),
        "shortDescription": _string(required=True, max_length=150),
        "longDescription": _string(required=True, min_length=150, max_length=10000),
        "documentation": _string(formats.check_http_url),
        "apiDocumentation": _string(formats.check_http_url),
        "features": _strings(required=True, min_items=1),
        "screenshots": _strings(_string(file=files.SCREENSHOT)),
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


def _flags(*names: str) -> Rule:
    return Rule("map", keys={name: Rule("bool") for name in names})


# The Italian extension, the only country section the reference validator knows.
ITALY = Rule(
    "map",
    keys={
        "countryExtensionVersion": _string(choices=IT_EXTENSION_VERSIONS),
        "conforme": Rule(
            "map",
            deprecated=_DROP_IT,
            keys=_flags(
                "lineeGuidaDesign", "modelloInteroperabilita", "misureMinimeSicurezza", "gdpr"
            ).keys,
        ),
        "riuso": Rule("map", keys={"codiceIPA": _string(formats.check_italian_ipa_code)}),
        "piattaforme": _flags("spid", "pagopa", "cie", "anpr", "io"),
    },
)

TOP_LEVEL: Mapping[str, Rule] = {
    "publiccodeYmlVersion": Rule("version", required=True),
    "name": _string(required=True),
    "applicationSuite": _string(),
    "url": _string(formats.check_repository_url, required=True),
    "landingURL": _string(formats.check_http_url),
    "isBasedOn": Rule("string_or_list", items=_string(formats.check_url)),
    "softwareVersion": _string(),
    "releaseDate": _string(formats.check_date),
    "logo": _string(file=files.LOGO),
    "monochromeLogo": _string(file=files.LOGO, deprecated=_("Use 'logo' instead.")),
    "organisation": ORGANISATION,
    "inputTypes": _strings(_string(formats.check_mime_type), deprecated=_DROP_IT),
    "outputTypes": _strings(_string(formats.check_mime_type), deprecated=_DROP_IT),
    "platforms": _strings(required=True, min_items=1),
    "categories": _strings(_string(choices=CATEGORIES, choices_reference=_CATEGORIES_LIST)),
    "usedBy": _strings(),
    "fundedBy": _strings(ORGANISATION),
    "roadmap": _string(formats.check_http_url),
    "developmentStatus": _string(choices=DEVELOPMENT_STATUSES, required=True),
    "softwareType": _string(choices=SOFTWARE_TYPES, required=True),
    "supports": _strings(
        Rule("map", keys={"id": _string(formats.check_supports_id, required=True)})
    ),
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
            "repoOwner": _string(deprecated=_("Use 'organisation.name' instead.")),
            "authorsFile": _string(file=files.ANY_FILE, deprecated=_DROP_IT),
        },
    ),
    "maintenance": Rule(
        "map",
        required=True,
        keys={
            # Which of contacts and contractors is needed depends on the type: see the validator.
            "type": _string(choices=MAINTENANCE_TYPES, required=True),
            "contractors": _strings(CONTRACTOR),
            "contacts": _strings(CONTACT),
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
    "IT": ITALY,
    # Deprecated spelling of IT: the validator warns.
    "it": ITALY,
}

# maintenance.type -> the list it requires
MAINTENANCE_REQUIRES = {"internal": "contacts", "community": "contacts", "contract": "contractors"}
