"""Version numbers, "Lesser", "Library", "Affero", "only" and "or later" tell licenses apart: a
text that differs from a known notice in one of them is not that notice."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from osunited.scanner import scan
from osunited.scanner._model import Outcome
from osunited.scanner.licenses import LicenseIndex, detect
from osunited.scanner.licenses._matcher import WEAK_EXPRESSIONS
from tests.scanner.conftest import TreeMaker

NAMES = {
    "GPL": "GNU General Public License",
    "LGPL": "GNU Lesser General Public License",
    "Library": "GNU Library General Public License",
    "AGPL": "GNU Affero General Public License",
}
WARRANTY = (
    "This program is distributed in the hope that it will be useful,\n"
    "but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
    "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
    "{name} for more details.\n"
)


def fsf_notice(name: str, version: str = "3", later: bool = True) -> str:
    """The notice the FSF recommends, as it is pasted at the top of millions of files."""
    scope = (
        f"either version {version} of the License, or\n(at your option) any later version"
        if later
        else f"version {version} of the License"
    )
    return (
        "This program is free software: you can redistribute it and/or modify\n"
        f"it under the terms of the {name} as published by\n"
        f"the Free Software Foundation, {scope}.\n\n"
        + WARRANTY.format(name=name)
        + f"\nYou should have received a copy of the {name}\n"
        "along with this program.  If not, see <https://www.gnu.org/licenses/>.\n"
    )


def found(index: LicenseIndex, text: str, *, whole_file: bool = True) -> list[str]:
    matches = detect(index, text, whole_file=whole_file).matches
    return sorted({m.expression for m in matches if m.expression not in WEAK_EXPRESSIONS})


def as_header(text: str) -> str:
    lines = "".join(f" * {line}\n".replace(" * \n", " *\n") for line in text.splitlines())
    return f"/*\n * Copyright 2021 City of Example\n *\n{lines} */\n#include <stdio.h>\n"


def test_a_version_3_sentence_is_not_read_as_version_2(license_index: LicenseIndex) -> None:
    sentence = (
        "Licensed under the GNU General Public License, either version 3 of the License, or "
        "(at your option) any later version."
    )
    assert found(license_index, sentence) == ["GPL-3.0-or-later"]


def test_a_lesser_gpl_sentence_is_the_lesser_gpl_of_its_version(
    license_index: LicenseIndex,
) -> None:
    sentence = (
        "This library is licensed under the GNU Lesser General Public License as published "
        "by the Free Software Foundation, either version 3 of the License, or (at your option) "
        "any later version."
    )
    assert found(license_index, sentence) == ["LGPL-3.0-or-later"]


def test_the_canonical_agpl_notice_is_or_later(license_index: LicenseIndex) -> None:
    notice = fsf_notice(NAMES["AGPL"])
    assert found(license_index, notice) == ["AGPL-3.0-or-later"]
    assert found(license_index, as_header(notice), whole_file=False) == ["AGPL-3.0-or-later"]


def test_the_words_after_a_short_notice_give_its_version_and_scope(
    license_index: LicenseIndex,
) -> None:
    affero = (
        "Licensed under the GNU Affero General Public License, either version 3 of the "
        "License, or (at your option) any later version."
    )
    lesser = "Licensed under the GNU Lesser General Public License, version 3 of the License."
    assert found(license_index, affero) == ["AGPL-3.0-or-later"]
    assert found(license_index, lesser) == ["LGPL-3.0-only"]


def test_links_and_file_names_in_a_notice_are_no_decisive_words(
    license_index: LicenseIndex,
) -> None:
    agpl = "[GNU Affero General Public License](https://www.gnu.org/licenses/agpl-3.0.en.html)"
    notice = (
        fsf_notice(NAMES["AGPL"])
        .replace(f"the terms of the {NAMES['AGPL']}", f"the terms of the {agpl}")
        .replace("along with this program.", "along with this program in the file LICENSE-AGPL.")
    )
    assert found(license_index, notice) == ["AGPL-3.0-or-later"]


def test_a_notice_without_its_or_later_is_only_that_version(
    license_index: LicenseIndex,
) -> None:
    notice = fsf_notice(NAMES["LGPL"], later=False)
    assert found(license_index, as_header(notice), whole_file=False) == ["LGPL-3.0-only"]


def test_a_gpl_notice_is_not_a_lesser_gpl_notice(license_index: LicenseIndex) -> None:
    lesser_without_its_word = (
        "This library is free software; you can redistribute it and/or modify it under the "
        "terms of the GNU General Public License as published by the Free Software "
        "Foundation; either version 3 of the License, or (at your option) any later version."
    )
    assert found(license_index, lesser_without_its_word) == ["GPL-3.0-or-later"]


def test_a_license_text_of_another_version_is_not_matched_as_this_one(
    license_index: LicenseIndex, license_texts: dict[str, str]
) -> None:
    mpl_11 = license_texts["mpl-1.1"]
    assert found(license_index, mpl_11) == ["MPL-1.1"]
    renumbered = mpl_11.replace("1.1", "1.0")
    assert "MPL-1.1" not in found(license_index, renumbered)


def _notices() -> Iterator[tuple[str, str]]:
    versions = [("GPL", "2"), ("GPL", "3"), ("LGPL", "2.1"), ("LGPL", "3"), ("Library", "2"),
                ("AGPL", "3")]  # fmt: skip
    for family, version in versions:
        prefix = "LGPL" if family == "Library" else family
        full = version if "." in version else f"{version}.0"
        for later in (True, False):
            spdx = f"{prefix}-{full}-{'or-later' if later else 'only'}"
            name = NAMES[family]
            yield spdx, fsf_notice(name, version, later)
            scope = (
                f"either version {version}, or (at your option) any later version"
                if later
                else f"version {version} of the License"
            )
            yield spdx, f"Licensed under the {name}, {scope}.\n"
            yield spdx, f"Foo is released under the terms of the {name}, {scope}.\n"


def test_gpl_family_notices_are_named_exactly(license_index: LicenseIndex) -> None:
    """Every GPL, LGPL and AGPL version, "only" and "or later", in three wordings, in a license
    file and in a source file header (69 % of them were right before the decisive words)."""
    results = [
        (
            expected,
            whole,
            found(license_index, text if whole else as_header(text), whole_file=whole),
        )
        for expected, text in _notices()
        for whole in (True, False)
    ]
    wrong = [result for result in results if result[2] != [result[0]]]
    rate = 1 - len(wrong) / len(results)
    print(f"GPL-family notices named exactly: {rate:.1%} of {len(results)}")
    assert rate >= 0.98, wrong


def test_an_agpl_project_with_the_canonical_notices_is_or_later_and_recommended(
    make_tree: TreeMaker, license_texts: dict[str, str]
) -> None:
    notice = as_header(fsf_notice(NAMES["AGPL"]))
    root = make_tree({"LICENSE": license_texts["agpl-3.0"], "src/app.c": notice})
    report = scan(root, only=["license.project", "license.policy"], use_cache=False)
    assert report.result("license.project").data["expression"] == "AGPL-3.0-or-later"
    policy = report.result("license.policy")
    assert (policy.outcome, policy.findings) == (Outcome.PASS, [])


@pytest.mark.parametrize("license_file", ["LICENSE", "COPYING.LESSER"])
def test_a_project_whose_only_license_text_is_a_lesser_gpl_notice_is_licensed(
    make_tree: TreeMaker, license_file: str
) -> None:
    notice = (
        "Foo is free software: you can redistribute it and/or modify it under the terms of the "
        "GNU Lesser General Public License as published by the Free Software Foundation, "
        "either version 3 of the License, or (at your option) any later version.\n"
    )
    root = make_tree({license_file: notice, "foo.c": "int main(void) { return 0; }\n"})
    result = scan(root, only=["license.project"], use_cache=False).result("license.project")
    assert result.data["expression"] == "LGPL-3.0-or-later"
    assert result.summary == "Licensed LGPL-3.0-or-later."


def test_an_mit_text_introduced_by_its_name_is_no_license_that_says_not_granted(
    license_index: LicenseIndex, license_texts: dict[str, str]
) -> None:
    """A rule that reads "permission is hereby not granted" (a proprietary text) covered the
    MIT text and the "MIT license" words before it, and won over the MIT text itself."""
    text = "The bundled jsonpath library is licensed under the MIT license:\n\n"
    found = detect(license_index, text + license_texts["mit"], whole_file=True)
    assert [m.expression for m in found.matches if m.kind == "text"] == ["MIT"]
