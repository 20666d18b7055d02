"""Checks of single values (dates, URLs, licenses, language tags...), one function per format.

Each check takes the text of a scalar and returns None when it is fine, or a `Finding`.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass
from functools import lru_cache
from urllib.parse import urlsplit

from license_expression import Licensing, get_spdx_licensing  # type: ignore[import-untyped]

from osunited.scanner._text import _
from osunited.scanner.publiccode._vocabularies import (
    EXTRA_REGIONS,
    ISO_639_1,
    SUPPORTS_ALIASES,
    iso_639_three_letter,
    iso_3166_1_countries,
    italian_ipa_codes,
)

IPA_REFERENCE = "https://github.com/publiccodeyml/italian-organizations-ipa-vocabulary"


@dataclass(frozen=True)
class Finding:
    severity: str  # "error" | "warning" | "notice"
    message: str


def error(message: str) -> Finding:
    return Finding("error", message)


def warning(message: str) -> Finding:
    return Finding("warning", message)


def notice(message: str) -> Finding:
    """Advice of this validator's own, which the reference validator does not give: it never
    changes a verdict."""
    return Finding("notice", message)


_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s.]+")
_SCHEME = re.compile(r"[A-Za-z][A-Za-z0-9+.-]*")
# RFC 6838 media types, as the reference validator matches them.
_MIME = re.compile(
    r" *[A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126} *"
)
_URN = re.compile(r"urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+", re.I)
_SPDX_TOKEN = re.compile(r"[A-Za-z0-9.+:-]+")
_LICENSE_REF = re.compile(r"(?:DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+")
# RFC 5646 language tag: language(-extlang){0,3}, then script, region, variants, extensions and
# private use. Registered 4-8 letter languages do not exist; grandfathered tags are refused.
_LANGUAGE_TAG = re.compile(
    r"(?P<language>[A-Za-z]{2,3}(?:-[A-Za-z]{3}){0,3})"
    r"(?:-(?P<script>[A-Za-z]{4}))?"
    r"(?:-(?P<region>[A-Za-z]{2}|[0-9]{3}))?"
    r"(?:-(?:[A-Za-z0-9]{5,8}|[0-9][A-Za-z0-9]{3}))*"
    r"(?:-[A-WYZa-wyz0-9](?:-[A-Za-z0-9]{2,8})+)*"
    r"(?:-[Xx](?:-[A-Za-z0-9]{1,8})+)?"
    r"|[Xx](?:-[A-Za-z0-9]{1,8})+"
)


def visible_length(text: str) -> int:
    """Characters as a reader counts them: combining marks and joiners add nothing.

    The reference validator counts grapheme clusters; this is the same for almost all text.
    """
    return sum(1 for ch in text if not (unicodedata.combining(ch) or _is_joiner(ch)))


def _is_joiner(ch: str) -> bool:
    code = ord(ch)
    return ch == "\u200d" or 0xFE00 <= code <= 0xFE0F or 0x1F3FB <= code <= 0x1F3FF


def check_date(value: str) -> Finding | None:
    if _DATE.fullmatch(value):
        try:
            datetime.date.fromisoformat(value)
        except ValueError:
            return error(_("'{value}' is not a real date.", value=value))
        return None
    return error(_("'{value}' must be a date written as YYYY-MM-DD.", value=value))


def _url_parts(value: str) -> tuple[str, str, str] | None:
    """Scheme, host and what follows the scheme of an absolute URL; None when `value` is no URL
    at all (no scheme, a malformed host or port, a space or control character)."""
    if any(ch.isspace() or ord(ch) < 0x20 or ord(ch) == 0x7F for ch in value):
        return None
    try:
        parts = urlsplit(value)
        host = parts.hostname or ""
        parts.port  # noqa: B018 - raises ValueError on a malformed port
    except ValueError:
        return None
    if not _SCHEME.fullmatch(parts.scheme):
        return None
    return parts.scheme.lower(), host, value[len(parts.scheme) + 1 :]


def check_url(value: str) -> Finding | None:
    """An absolute URL: a scheme, then a host, or an opaque part such as mailto:'s address.
    Any scheme is fine (git, svn, ssh... for a repository), as for the reference validator."""
    parts = _url_parts(value)
    if parts is None or not (parts[1] or _is_opaque(parts[2]) or "#" in parts[2]):
        return error(
            _(
                "'{value}' must be an absolute URL, such as https://example.org/project.",
                value=value,
            )
        )
    return None


def _is_opaque(rest: str) -> bool:
    return bool(rest) and not rest.startswith("/")


def check_http_url(value: str) -> Finding | None:
    parts = _url_parts(value)
    if parts is None or parts[0] not in ("http", "https") or not parts[1]:
        return error(_("'{value}' must be an http:// or https:// URL.", value=value))
    return None


def check_repository_url(value: str) -> Finding | None:
    found = check_url(value)
    if found is None and (_url_parts(value) or ("",))[0] not in ("http", "https"):
        return notice(_("The standard prefers an HTTP(S) URL that needs no authentication."))
    return found


def check_email(value: str) -> Finding | None:
    if _EMAIL.fullmatch(value):
        return None
    return error(_("'{value}' is not an e-mail address.", value=value))


def check_mime_type(value: str) -> Finding | None:
    if _MIME.fullmatch(value):
        return None
    return error(_("'{value}' is not a MIME type such as text/plain.", value=value))


def check_organisation_uri(value: str) -> Finding | None:
    """A URL with a host, or a URN; a urn:x-italian-pa: URN names a known Italian public
    administration."""
    if value.lower().startswith("urn:"):
        return _check_urn(value)
    parts = _url_parts(value)
    if parts is None or not parts[1]:
        return error(
            _(
                "'{value}' must be a URI, such as https://example.org or urn:x-example:id.",
                value=value,
            )
        )
    return None


def _check_urn(value: str) -> Finding | None:
    if not _URN.fullmatch(value):
        return error(_("'{value}' is not a valid URN.", value=value))
    namespace, _colon, code = value[len("urn:") :].partition(":")
    if namespace.lower() == "x-italian-pa" and code.lower() not in italian_ipa_codes():
        return error(
            _(
                "'{code}' is not the code of an Italian public administration "
                "(urn:x-italian-pa:CODE, see {reference}).",
                code=code,
                reference=IPA_REFERENCE,
            )
        )
    return None


def check_italian_ipa_code(value: str) -> Finding | None:
    if value.lower() in italian_ipa_codes():
        return None
    return error(
        _(
            "'{value}' is not the code of an Italian public administration ({reference}).",
            value=value,
            reference=IPA_REFERENCE,
        )
    )


def check_supports_id(value: str) -> Finding | None:
    """`alias:<name>` from the standard's list, or any URL or URN."""
    if value.startswith("alias:"):
        if value.removeprefix("alias:") in SUPPORTS_ALIASES:
            return None
        known = ", ".join(sorted(SUPPORTS_ALIASES))
        return error(
            _("'{value}' is not a known alias; the aliases are: {known}.", value=value, known=known)
        )
    if value.lower().startswith("urn:"):
        invalid = _("'{value}' is not a valid URN.", value=value)
        return None if _URN.fullmatch(value) else error(invalid)
    parts = _url_parts(value)
    if parts is None or not parts[1]:
        return error(_("'{value}' must be alias:<name>, a URL or a URN.", value=value))
    return None


def check_country(value: str) -> Finding | None:
    if value.upper() in iso_3166_1_countries() and value in (value.upper(), value.lower()):
        return None
    return error(_("'{value}' is not an ISO 3166-1 alpha-2 country code, such as FR.", value=value))


def check_language_tag(value: str) -> Finding | None:
    """A BCP 47 tag whose primary language is an ISO 639 code and whose region exists."""
    match = _LANGUAGE_TAG.fullmatch(value)
    if match is None:
        return error(
            _("'{value}' is not a BCP 47 language tag, such as en, fr or es-419.", value=value)
        )
    language, region = match.group("language"), match.group("region")
    if language is not None and not _known_language(language):
        primary = language.split("-")[0]
        return error(
            _(
                "'{value}' is not a BCP 47 language tag: '{primary}' is not in ISO 639.",
                value=value,
                primary=primary,
            )
        )
    if region is not None and not _known_region(region.upper()):
        return error(_("'{value}' has an unknown region '{region}'.", value=value, region=region))
    return None


def _known_region(region: str) -> bool:
    return region in iso_3166_1_countries() or region in EXTRA_REGIONS


def _known_language(language: str) -> bool:
    primary = language.split("-")[0].lower()
    return primary in ISO_639_1 or primary in iso_639_three_letter()


@lru_cache(maxsize=1)
def _licensing() -> Licensing:
    return get_spdx_licensing()


def check_spdx_expression(value: str) -> Finding | None:
    """A valid SPDX license expression; a LicenseRef-… or a differently written identifier gets
    a notice."""
    if not value.strip():
        return error(_("must be an SPDX license expression, such as AGPL-3.0-or-later."))
    # LicenseRef-… is valid SPDX but unknown to the license list: check the rest of the
    # expression with a listed license in its place.
    listed_only = _LICENSE_REF.sub("MIT", value)
    normalized = _normalize_spdx(listed_only)
    if normalized is None:
        return error(
            _(
                "'{value}' is not a valid SPDX license expression (https://spdx.org/licenses).",
                value=value,
            )
        )
    if listed_only != value:
        return notice(
            _(
                "'{value}' uses a LicenseRef; catalogs may not recognise the license.",
                value=value,
            )
        )
    if _identifiers(normalized) != _identifiers(value):
        return notice(
            _("'{value}' is better written '{normalized}'.", value=value, normalized=normalized)
        )
    return None


def _identifiers(expression: str) -> list[str]:
    return _SPDX_TOKEN.findall(expression)


def _normalize_spdx(expression: str) -> str | None:
    try:
        info = _licensing().validate(expression, strict=True)
    except Exception:  # the library raises odd exception types on some malformed input
        return None
    if info.errors or not info.normalized_expression:
        return None
    return str(info.normalized_expression)
