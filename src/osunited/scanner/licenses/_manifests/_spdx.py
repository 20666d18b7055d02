"""SPDX expressions for declared license names: SPDX ids, free-text names, trove classifiers, URLs.

Tables first, heuristics last: a name that no table knows and `license-expression` cannot parse
gives None rather than a guess.
"""

from __future__ import annotations

import functools
import re
from urllib.parse import unquote

from license_expression import (  # type: ignore[import-untyped]
    ExpressionError,
    Licensing,
    get_spdx_licensing,
)

_MAX_EXPRESSION_CHARS = 300  # longer values are license texts pasted into a field, not names

# Free-text names seen in manifests, by SPDX expression. Keys are compared after `_canonical`.
_NAMES: dict[str, tuple[str, ...]] = {
    "Apache-2.0": (
        "Apache 2",
        "Apache 2.0",
        "Apache-2",
        "Apache2",
        "Apache v2",
        "Apache v2.0",
        "Apache License 2",
        "Apache License 2.0",
        "Apache License v2",
        "Apache License v2.0",
        "Apache License, Version 2.0",
        "Apache Software License 2.0",
        "Apache Software License v2",
        "Apache Software License, Version 2.0",
        "Apache License (== 2.0)",
        "Apache Public License 2.0",
        "ASL 2.0",
        "ASL-2.0",
        "AL 2.0",
        "ALv2",
    ),
    "Apache-1.1": ("Apache 1.1", "Apache License 1.1", "Apache Software License, Version 1.1"),
    "MIT": ("MIT/X11", "Expat", "MIT License (MIT)"),
    "MIT-0": ("MIT No Attribution",),
    "BSD-2-Clause": (
        "BSD 2-Clause",
        "BSD-2",
        "BSD2",
        "BSD 2",
        "BSD 2 Clause",
        "2-Clause BSD",
        "Simplified BSD",
        "FreeBSD",
    ),
    "BSD-3-Clause": (
        "BSD 3-Clause",
        "BSD-3",
        "BSD3",
        "BSD 3",
        "BSD 3 Clause",
        "3-Clause BSD",
        "New BSD",
        "BSD New",
        "Modified BSD",
        "Revised BSD",
        "BSD Three Clause",
    ),
    "BSD-4-Clause": ("BSD 4-Clause", "BSD-4", "BSD4", "4-Clause BSD", "Original BSD"),
    "ISC": ("ISCL",),
    "GPL-2.0-only": (
        "GPLv2",
        "GPL v2",
        "GPL-2",
        "GPL 2",
        "GPL2",
        "GPL 2.0",
        "GPL v2.0",
        "GNU GPL v2",
        "GNU GPLv2",
        "GNU General Public License v2",
        "GNU General Public License v2.0",
        "GNU General Public License, Version 2",
    ),
    "GPL-2.0-or-later": (
        "GPLv2+",
        "GPL v2+",
        "GPL-2+",
        "GPL2+",
        "GPL (>= 2)",
        "GPL (>= 2.0)",
        "GPLv2 or later",
        "GPL-2.0 or later",
        "GNU GPLv2+",
        "GNU General Public License v2 or later",
    ),
    "GPL-3.0-only": (
        "GPLv3",
        "GPL v3",
        "GPL-3",
        "GPL 3",
        "GPL3",
        "GPL 3.0",
        "GPL v3.0",
        "GNU GPL v3",
        "GNU GPLv3",
        "GNU General Public License v3",
        "GNU General Public License v3.0",
        "GNU General Public License, Version 3",
    ),
    "GPL-3.0-or-later": (
        "GPLv3+",
        "GPL v3+",
        "GPL-3+",
        "GPL3+",
        "GPL (>= 3)",
        "GPL (>= 3.0)",
        "GPLv3 or later",
        "GPL-3.0 or later",
        "GNU GPLv3+",
        "GNU General Public License v3 or later",
    ),
    "LGPL-2.0-only": ("LGPLv2", "LGPL v2", "LGPL-2", "LGPL 2"),
    "LGPL-2.0-or-later": ("LGPLv2+", "LGPL-2+", "LGPL (>= 2)", "LGPL (>= 2.0)"),
    "LGPL-2.1-only": (
        "LGPLv2.1",
        "LGPL v2.1",
        "LGPL 2.1",
        "LGPL2.1",
        "GNU LGPL v2.1",
        "GNU Lesser General Public License v2.1",
        "GNU Lesser General Public License, Version 2.1",
    ),
    "LGPL-2.1-or-later": (
        "LGPLv2.1+",
        "LGPL (>= 2.1)",
        "LGPLv2.1 or later",
        "LGPL 2.1 or later",
        "GNU Lesser General Public License v2.1 or later",
    ),
    "LGPL-3.0-only": (
        "LGPLv3",
        "LGPL v3",
        "LGPL-3",
        "LGPL 3",
        "LGPL3",
        "GNU LGPL v3",
        "GNU LGPLv3",
        "GNU Lesser General Public License v3",
        "GNU Lesser General Public License, Version 3",
    ),
    "LGPL-3.0-or-later": (
        "LGPLv3+",
        "LGPL v3+",
        "LGPL-3+",
        "LGPL (>= 3)",
        "LGPLv3 or later",
        "GNU LGPLv3+",
        "GNU Lesser General Public License v3 or later",
    ),
    "AGPL-3.0-only": (
        "AGPLv3",
        "AGPL v3",
        "AGPL-3",
        "AGPL 3",
        "AGPL3",
        "GNU AGPL v3",
        "GNU AGPLv3",
        "GNU Affero General Public License v3",
        "GNU Affero General Public License, Version 3",
    ),
    "AGPL-3.0-or-later": (
        "AGPLv3+",
        "AGPL v3+",
        "AGPL-3+",
        "AGPL (>= 3)",
        "AGPLv3 or later",
        "GNU AGPLv3+",
        "GNU Affero General Public License v3 or later",
    ),
    "MPL-1.1": ("MPL 1.1", "Mozilla Public License 1.1", "Mozilla Public License, Version 1.1"),
    "MPL-2.0": (
        "MPL 2.0",
        "MPL-2",
        "MPL2",
        "MPL 2",
        "MPL v2",
        "MPL v2.0",
        "MPLv2",
        "MPLv2.0",
        "Mozilla Public License 2.0",
        "Mozilla Public License, Version 2.0",
    ),
    "EPL-1.0": ("EPL 1.0", "Eclipse Public License 1.0", "Eclipse Public License - v 1.0"),
    "EPL-2.0": ("EPL 2.0", "Eclipse Public License 2.0", "Eclipse Public License - v 2.0"),
    "EUPL-1.1": ("EUPL 1.1", "EUPL v1.1", "European Union Public Licence 1.1"),
    "EUPL-1.2": ("EUPL 1.2", "EUPL v1.2", "European Union Public Licence 1.2"),
    "CC0-1.0": (
        "CC0",
        "CC-0",
        "CC0 1.0",
        "CC0 1.0 Universal",
        "Creative Commons Zero v1.0 Universal",
    ),
    "CC-BY-4.0": ("CC BY 4.0", "Creative Commons Attribution 4.0"),
    "CC-BY-SA-4.0": ("CC BY-SA 4.0", "Creative Commons Attribution-ShareAlike 4.0"),
    "BSL-1.0": ("Boost", "Boost Software License", "Boost Software License 1.0"),
    "Zlib": ("zlib/libpng",),
    "PSF-2.0": ("PSF", "PSFL", "PSF 2.0", "Python Software Foundation License"),
    "Artistic-2.0": ("Artistic 2.0", "Artistic-2", "Artistic License 2.0"),
    "CDDL-1.0": ("CDDL 1.0", "Common Development and Distribution License 1.0"),
    "OFL-1.1": ("OFL 1.1", "SIL OFL 1.1", "SIL Open Font License 1.1"),
    "UPL-1.0": ("UPL", "Universal Permissive License 1.0"),
    # Deprecated SPDX ids that name an exception inside the license id.
    "GPL-2.0-only WITH Classpath-exception-2.0": (
        "GPL-2.0-with-classpath-exception",
        "GPLv2 with Classpath Exception",
    ),
    "GPL-2.0-only WITH GCC-exception-2.0": ("GPL-2.0-with-GCC-exception",),
    "GPL-2.0-only WITH Autoconf-exception-2.0": ("GPL-2.0-with-autoconf-exception",),
    "GPL-2.0-or-later WITH Bison-exception-2.2": ("GPL-2.0-with-bison-exception",),
    "GPL-2.0-only WITH Font-exception-2.0": ("GPL-2.0-with-font-exception",),
    "GPL-3.0-only WITH GCC-exception-3.1": ("GPL-3.0-with-GCC-exception",),
    "GPL-3.0-only WITH Autoconf-exception-3.0": ("GPL-3.0-with-autoconf-exception",),
    "GPL-2.0-or-later WITH eCos-exception-2.0": ("eCos-2.0",),
    "MPL-2.0-no-copyleft-exception": ("MPL-2.0-no-copyleft-exception",),
}

# The last part of `License :: ...` trove classifiers. None: the classifier names no single license
# (no version, or no SPDX id), so guessing one would be wrong.
_CLASSIFIERS: dict[str, str | None] = {
    "Academic Free License (AFL)": None,
    "Apache Software License": None,
    "Apple Public Source License": None,
    "Artistic License": None,
    "Attribution Assurance License": "AAL",
    "BSD License": None,
    "Boost Software License 1.0 (BSL-1.0)": "BSL-1.0",
    "CC0 1.0 Universal (CC0 1.0) Public Domain Dedication": "CC0-1.0",
    "Common Development and Distribution License 1.0 (CDDL-1.0)": "CDDL-1.0",
    "Common Public License": "CPL-1.0",
    "Eclipse Public License 1.0 (EPL-1.0)": "EPL-1.0",
    "Eclipse Public License 2.0 (EPL-2.0)": "EPL-2.0",
    "Eiffel Forum License": None,
    "European Union Public Licence 1.0 (EUPL 1.0)": "EUPL-1.0",
    "European Union Public Licence 1.1 (EUPL 1.1)": "EUPL-1.1",
    "European Union Public Licence 1.2 (EUPL 1.2)": "EUPL-1.2",
    "GNU Affero General Public License v3": "AGPL-3.0-only",
    "GNU Affero General Public License v3 or later (AGPLv3+)": "AGPL-3.0-or-later",
    "GNU Free Documentation License (FDL)": None,
    "GNU General Public License (GPL)": None,
    "GNU General Public License v2 (GPLv2)": "GPL-2.0-only",
    "GNU General Public License v2 or later (GPLv2+)": "GPL-2.0-or-later",
    "GNU General Public License v3 (GPLv3)": "GPL-3.0-only",
    "GNU General Public License v3 or later (GPLv3+)": "GPL-3.0-or-later",
    "GNU Lesser General Public License v2 (LGPLv2)": "LGPL-2.0-only",
    "GNU Lesser General Public License v2 or later (LGPLv2+)": "LGPL-2.0-or-later",
    "GNU Lesser General Public License v3 (LGPLv3)": "LGPL-3.0-only",
    "GNU Lesser General Public License v3 or later (LGPLv3+)": "LGPL-3.0-or-later",
    "GNU Library or Lesser General Public License (LGPL)": None,
    "Historical Permission Notice and Disclaimer (HPND)": "HPND",
    "IBM Public License": "IPL-1.0",
    "ISC License (ISCL)": "ISC",
    "Intel Open Source License": "Intel",
    "MIT License": "MIT",
    "MIT No Attribution License (MIT-0)": "MIT-0",
    "Mozilla Public License 1.0 (MPL)": "MPL-1.0",
    "Mozilla Public License 1.1 (MPL 1.1)": "MPL-1.1",
    "Mozilla Public License 2.0 (MPL 2.0)": "MPL-2.0",
    "Nethack General Public License": "NGPL",
    "Nokia Open Source License (NOKOS)": "Nokia",
    "Open Group Test Suite License": "OGTSL",
    "PostgreSQL License": "PostgreSQL",
    "Python License (CNRI Python License)": "CNRI-Python",
    "Python Software Foundation License": "PSF-2.0",
    "Qt Public License (QPL)": "QPL-1.0",
    "Sleepycat License": "Sleepycat",
    "Sun Industry Standards Source License (SISSL)": "SISSL",
    "Sun Public License": "SPL-1.0",
    "The Unlicense (Unlicense)": "Unlicense",
    "Universal Permissive License (UPL)": "UPL-1.0",
    "University of Illinois/NCSA Open Source License": "NCSA",
    "Vovida Software License 1.0": "VSL-1.0",
    "W3C License": "W3C",
    "X.Net License": "Xnet",
    "Zope Public License": None,
    "zlib/libpng License": "Zlib",
    "Public Domain": None,
    "Other/Proprietary License": None,
}

# License URLs (scheme, "www." and extension dropped) by SPDX id; then hosts whose last path part
# is an SPDX id.
_URLS = {
    "apache.org/licenses/license-2.0": "Apache-2.0",
    "opensource.org/licenses/mit-license": "MIT",
    "eclipse.org/legal/epl-v10": "EPL-1.0",
    "eclipse.org/legal/epl-2.0": "EPL-2.0",
    "mozilla.org/mpl/2.0": "MPL-2.0",
    "creativecommons.org/publicdomain/zero/1.0": "CC0-1.0",
    "creativecommons.org/publicdomain/zero/1.0/legalcode": "CC0-1.0",
    "unlicense.org": "Unlicense",
}
_URL_OF_ID = re.compile(
    r"(?:spdx\.org/licenses|opensource\.org/licenses?|licenses\.nuget\.org"
    r"|gnu\.org/licenses(?:/old-licenses)?|choosealicense\.com/licenses)/([^/?#]+)"
)


def _canonical(name: str) -> str:
    """A lookup key for a free-text license name: case, punctuation and filler words dropped."""
    key = name.casefold().replace("licence", "license")
    key = re.sub(r"[\s,_]+", " ", key)
    key = re.sub(r"\b(?:the|version)\b", " ", key)
    key = re.sub(r"\(\s*(>=|==)\s*", r"(\1 ", key)
    key = re.sub(r"\s+", " ", key).strip()
    return re.sub(r"\s+license$", "", key)


# Names of license families, not licenses: `license-expression` reads a bare "GPL" as
# GPL-1.0-or-later, which is the letter of the GPL but rarely what the author meant.
_FAMILY_NAMES = frozenset(
    _canonical(name)
    for name in ("GPL", "GNU GPL", "GNU General Public License", "LGPL", "GNU LGPL", "BSD", "CDDL")
)
_SPDX_BY_NAME = {_canonical(name): spdx for spdx, names in _NAMES.items() for name in names}
_SPDX_BY_CLASSIFIER = {name.casefold(): spdx for name, spdx in _CLASSIFIERS.items()}


@functools.cache
def _licensing() -> Licensing:
    return get_spdx_licensing()


def normalise_license(raw: str) -> str | None:
    """The SPDX expression a declared license stands for, or None when none can be derived.

    Takes SPDX expressions (deprecated ids are updated: `GPL-2.0+` gives `GPL-2.0-or-later`),
    common free-text names (`Apache License, Version 2.0`), trove classifiers
    (`License :: OSI Approved :: MIT License`) and `a or b`, `a/b` combinations of names.
    """
    text = " ".join(raw.split())
    if not text or len(text) > _MAX_EXPRESSION_CHARS:
        return None
    if text.startswith("License ::"):
        return _classifier_to_spdx(text)
    return _name_to_spdx(text) or _combination_to_spdx(text)


def _name_to_spdx(name: str) -> str | None:
    key = _canonical(name)
    if key in _FAMILY_NAMES:
        return None
    if key in _SPDX_BY_NAME:
        return _SPDX_BY_NAME[key]
    return _parse_spdx(name) or _parse_spdx(key)


def _parse_spdx(expression: str) -> str | None:
    """The rendered SPDX expression if `expression` is valid, allowing `LicenseRef-` ids."""
    licensing = _licensing()
    try:
        parsed = licensing.parse(expression, validate=False, strict=True)
    except ExpressionError:
        return None
    if parsed is None:
        return None
    unknown = licensing.unknown_license_keys(parsed)
    if all(key.startswith(("LicenseRef-", "DocumentRef-")) for key in unknown):
        return str(parsed.render())
    return None


def _combination_to_spdx(text: str) -> str | None:
    """`Apache 2.0 or MIT`, `MIT/Apache-2.0` (Cargo's old form): names joined by operators."""
    parts = re.split(r"\s+(and|or)\s+|\s*(/)\s*", text, flags=re.IGNORECASE)
    if len(parts) < 3:
        return None
    expression = []
    for index, part in enumerate(parts):
        if index % 3 == 0:
            spdx = _name_to_spdx(part)
            if spdx is None:
                return None
            expression.append(f"({spdx})" if " " in spdx else spdx)
        elif part:
            expression.append("OR" if part == "/" else part.upper())
    return _parse_spdx(" ".join(expression))


def _classifier_to_spdx(classifier: str) -> str | None:
    name = classifier.rsplit("::", 1)[-1].strip()
    if name.casefold() in _SPDX_BY_CLASSIFIER:
        return _SPDX_BY_CLASSIFIER[name.casefold()]
    if classifier.count("::") < 2:  # "License :: OSI Approved" alone names no license
        return None
    short = re.search(r"\(([^()]+)\)$", name)  # newer classifiers end with the SPDX id
    return _name_to_spdx(short.group(1) if short else name)


def url_to_spdx(url: str) -> str | None:
    key = re.sub(r"^[a-z]+://(?:www\.)?", "", url.strip().casefold()).rstrip("/")
    key = re.sub(r"\.(?:txt|html?|php|md)$", "", key)
    if key in _URLS:
        return _URLS[key]
    found = _URL_OF_ID.fullmatch(key)
    return _name_to_spdx(unquote(found.group(1))) if found else None
