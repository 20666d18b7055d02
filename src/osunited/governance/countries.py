"""Countries by ISO 3166-1 alpha-2 code with their English short names: the scanner's list
(Debian's iso-codes, bundled with the publiccode.yml validator), ordered for a form."""

from __future__ import annotations

from functools import lru_cache

from osunited.scanner.publiccode import iso_3166_1_countries


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Every country code with its name, in the order of the names."""
    return dict(sorted(iso_3166_1_countries().items(), key=lambda pair: pair[1]))


def country_name(code: str) -> str:
    """The name of a code, or "" for an empty or unknown one (the page then says not stated)."""
    return countries().get(code.upper(), "") if code else ""
