"""Countries by ISO 3166-1 alpha-2 code with their English short names, read from the bundled
copy of Debian's iso-codes (data/third_party/iso-codes: its source and license)."""

from __future__ import annotations

from functools import lru_cache
from importlib import resources


@lru_cache(maxsize=1)
def countries() -> dict[str, str]:
    """Every country code with its name, in the order of the names."""
    data = resources.files("osunited.governance").joinpath(
        "data", "third_party", "iso-codes", "iso-3166-1.tsv"
    )
    rows = data.read_text("utf-8").splitlines()[1:]
    pairs = (row.split("\t", 1) for row in rows if row)
    return dict(sorted(pairs, key=lambda pair: pair[1]))


def country_name(code: str) -> str:
    """The name of a code, or "" for an empty or unknown one (the page then says not stated)."""
    return countries().get(code.upper(), "") if code else ""
