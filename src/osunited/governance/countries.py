"""Countries by ISO 3166-1 alpha-2 code: the scanner's list (Debian's iso-codes, bundled with the
publiccode.yml validator), named in the reader's language by CLDR (through Babel) and ordered by
those names for a form; the English name where CLDR has none."""

from __future__ import annotations

from collections.abc import Mapping
from functools import lru_cache

from babel import Locale, UnknownLocaleError
from django.utils.translation import get_language, to_locale

from osunited.scanner.publiccode import iso_3166_1_countries


def countries() -> dict[str, str]:
    """Every country code with its name, in the order of the names."""
    return dict(_countries(get_language() or "en"))


@lru_cache(maxsize=16)
def _countries(language: str) -> tuple[tuple[str, str], ...]:
    names: Mapping[str, str]
    try:
        names = Locale.parse(to_locale(language)).territories
    except (UnknownLocaleError, ValueError):
        names = {}
    named = ((code, names.get(code, english)) for code, english in iso_3166_1_countries().items())
    return tuple(sorted(named, key=lambda pair: pair[1].casefold()))


def country_name(code: str) -> str:
    """The name of a code, or "" for an empty or unknown one (the page then says not stated)."""
    return countries().get(code.upper(), "") if code else ""
