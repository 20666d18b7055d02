"""License matching keeps work between files (the rules a set of grams makes likely, each rule's
grams): a file gets the licenses it gets when matched alone, whatever was matched before it."""

from __future__ import annotations

import dataclasses
import random

from osunited.scanner.licenses import LicenseIndex, detect
from osunited.scanner.licenses._files import _HEAD_BYTES, _HEAD_LINES, _head
from osunited.scanner.licenses._index import GramSets, _short_key, gram_keys, short_keys
from osunited.scanner.licenses._likely import likely_hits
from osunited.scanner.licenses._matcher import _Grams
from osunited.scanner.licenses._tokens import words

BSD_HEADER = """/*
 * Copyright (c) 2004-2022, University of Oslo
 * All rights reserved.
 *
 * Redistribution and use in source and binary forms, with or without
 * modification, are permitted provided that the following conditions are met:
 *
 * 1. Redistributions of source code must retain the above copyright notice, this
 * list of conditions and the following disclaimer.
 *
 * 2. Redistributions in binary form must reproduce the above copyright notice,
 * this list of conditions and the following disclaimer in the documentation
 * and/or other materials provided with the distribution.
 *
 * 3. Neither the name of the copyright holder nor the names of its contributors
 * may be used to endorse or promote products derived from this software without
 * specific prior written permission.
 *
 * THIS SOFTWARE IS PROVIDED BY THE COPYRIGHT HOLDERS AND CONTRIBUTORS "AS IS" AND
 * ANY EXPRESS OR IMPLIED WARRANTIES, INCLUDING, BUT NOT LIMITED TO, THE IMPLIED
 * WARRANTIES OF MERCHANTABILITY AND FITNESS FOR A PARTICULAR PURPOSE ARE
 * DISCLAIMED. IN NO EVENT SHALL THE COPYRIGHT OWNER OR CONTRIBUTORS BE LIABLE FOR
 * ANY DIRECT, INDIRECT, INCIDENTAL, SPECIAL, EXEMPLARY, OR CONSEQUENTIAL DAMAGES
 * (INCLUDING, BUT NOT LIMITED TO, PROCUREMENT OF SUBSTITUTE GOODS OR SERVICES;
 * LOSS OF USE, DATA, OR PROFITS; OR BUSINESS INTERRUPTION) HOWEVER CAUSED AND ON
 * ANY THEORY OF LIABILITY, WHETHER IN CONTRACT, STRICT LIABILITY, OR TORT
 * (INCLUDING NEGLIGENCE OR OTHERWISE) ARISING IN ANY WAY OUT OF THE USE OF THIS
 * SOFTWARE, EVEN IF ADVISED OF THE POSSIBILITY OF SUCH DAMAGE.
 */
"""
GPL_HEADER = """# This program is free software: you can redistribute it and/or modify
# it under the terms of the GNU General Public License as published by
# the Free Software Foundation, either version 3 of the License, or
# (at your option) any later version.
#
# This program is distributed in the hope that it will be useful,
# but WITHOUT ANY WARRANTY; without even the implied warranty of
# MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the
# GNU General Public License for more details.
"""
CODE = [
    "package org.hisp.dhis.split;\n\npublic class Handler {\n}\n",
    "import static org.junit.Assert.assertEquals;\n" * 40,
    "def main():\n    print('the license is distributed on an as is basis')\n",
    "",
    "/* All rights reserved. Redistribution and use is permitted. */\n" * 3,
]


def fresh(index: LicenseIndex) -> LicenseIndex:
    """The same index without anything kept from earlier matches."""
    return dataclasses.replace(index)


def test_files_sharing_a_header_get_what_each_gets_alone(license_index: LicenseIndex) -> None:
    texts = [header + code for header in (BSD_HEADER, GPL_HEADER) for code in CODE]
    texts += [BSD_HEADER + GPL_HEADER, GPL_HEADER.replace("version 3", "version 2") + CODE[1]]
    warm = fresh(license_index)

    in_a_row = [detect(warm, text, whole_file=False) for text in texts * 2]

    alone = [detect(fresh(license_index), text, whole_file=False) for text in texts * 2]
    assert in_a_row == alone
    expressions = [[m.expression for m in found.matches] for found in in_a_row]
    assert expressions[0] == ["BSD-3-Clause"]
    assert expressions[len(CODE)] == ["GPL-3.0-or-later"]
    assert expressions[-1] == ["GPL-2.0-or-later"]


def test_likely_rules_worked_out_from_a_near_key_set_are_those_counted_from_nothing(
    license_index: LicenseIndex,
) -> None:
    keys = [
        key
        for header in (BSD_HEADER, GPL_HEADER)
        for key in gram_keys(license_index.token_ids(words(header)))
        if key in license_index.postings.slots
    ]
    assert len(keys) > 20
    draw = random.Random(15)
    warm = fresh(license_index)
    for _ in range(30):
        signature = frozenset(draw.sample(keys, draw.randint(0, len(keys))))

        derived = likely_hits(warm, signature).likely

        assert derived == likely_hits(fresh(license_index), signature).likely


def test_gram_sets_past_their_budget_forget_and_rebuild(license_index: LicenseIndex) -> None:
    numbers = range(200)
    small = GramSets(license_index.entries, budget=2_000)

    for number in [*numbers, *numbers]:
        tokens = license_index.entries[number].tokens
        assert small(number) == frozenset(gram_keys(tokens))


def test_grams_after_a_match_is_taken_are_those_of_the_text_left() -> None:
    draw = random.Random(7)
    for length in range(0, 40):
        ids = [draw.randint(1, 5) for _ in range(length)]
        grams = _Grams.of(ids)
        for _ in range(3):
            start = draw.randint(0, length)
            end = draw.randint(start, length)
            ids[start:end] = [0] * (end - start)

            grams = grams.taking(ids, start, end)

            assert grams == _Grams.of(ids)


def test_short_keys_are_the_keys_of_every_run_of_one_to_three_words() -> None:
    ids = [3, 1, 4, 1, 5]
    runs = [ids[start : start + n] for n in (1, 2, 3) for start in range(len(ids) - n + 1)]

    assert short_keys(ids) == {_short_key(run) for run in runs}


def test_the_head_of_a_file_is_its_first_lines_however_its_lines_end() -> None:
    def whole_split(text: str) -> str:
        return "\n".join(text.splitlines()[:_HEAD_LINES])[:_HEAD_BYTES]

    texts = ["\r\n" * 40_000, "a\r\n" * 20_000, "\r\n" * 16_385 + "x", "y" * 70_000, "\n" * 200]
    draw = random.Random(3)
    pieces = ["\r\n", "\n", "\r", "\x85", "\u2028", "a", "x" * 300, "é"]
    texts += ["".join(draw.choices(pieces, k=draw.randint(0, 30_000))) for _ in range(20)]

    for text in texts:
        assert _head(text) == whole_split(text)
