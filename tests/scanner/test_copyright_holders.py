"""Copyright holders as seen on real repositories (issue #15): the project's own holders first,
vendored and generated files apart, license prose never a holder, names without debris."""

from __future__ import annotations

import pytest

from osunited.scanner import Outcome, Severity, scan
from osunited.scanner.licenses._copyrights import find_copyrights
from tests.scanner.conftest import TreeMaker

ONLY = ["license.copyright"]
GPL_TEXT_HEAD = """\
                    GNU GENERAL PUBLIC LICENSE
                       Version 3, 29 June 2007

 Copyright (C) 2007 Free Software Foundation, Inc. <https://fsf.org/>
 Everyone is permitted to copy and distribute verbatim copies
 of this license document, but changing it is not allowed.

  When we speak of free software, we are referring to freedom, not
measures.  Technological measures that are effective under article 11 of the WIPO
copyright treaty adopted on 20 December 1996, or similar laws prohibiting
or restricting circumvention of such measures.
"""
CC_PROSE = """\
  b. Effective Technological Measures means those measures that, in the
     absence of proper authority, may not be circumvented under laws
     fulfilling obligations under Article 11 of the WIPO Copyright
     Treaty adopted on December 20, 1996, and/or similar international
     agreements.
  c. Sui Generis Database Rights means rights other than copyright
     resulting from Directive 96/9/EC of the European Parliament and of
     the Council of 11 March 1996 on the legal protection of databases,
"""


def holders(text: str) -> list[str | None]:
    return [c.holder for c in find_copyrights(text)]


def test_license_prose_with_a_date_is_no_statement() -> None:
    lines = [
        "copyright treaty adopted on 20 December 1996, or similar laws prohibiting",
        "Copyright Treaty adopted on December 20, 1996, and/or similar international",
        "copyright resulting from Directive 96/9/EC of the Council of 11 March 1996 on",
    ]
    assert find_copyrights("\n".join(lines)) == []
    assert find_copyrights(CC_PROSE) == []


EUPL_TEXT_HEAD = """\
EUROPEAN UNION PUBLIC LICENCE v. 1.2
EUPL \u00a9 the European Union 2007, 2016

This European Union Public Licence (the 'EUPL') applies to the Work (as defined below)
"""


@pytest.mark.parametrize(("text", "line"), [(GPL_TEXT_HEAD, 4), (EUPL_TEXT_HEAD, 2)])
def test_a_license_texts_own_copyright_names_no_holder_of_the_project(text: str, line: int) -> None:
    [statement] = find_copyrights(text)
    assert statement.line == line
    assert statement.holder is None


@pytest.mark.parametrize(
    ("statement", "holder"),
    [
        ("© [Sindre Sorhus](https://sindresorhus.com)", "Sindre Sorhus"),
        ("[© Sindre Sorhus](https://sindresorhus.com)", "Sindre Sorhus"),
        ("© [OpenMRS Inc.](https://openmrs.org/)", "OpenMRS Inc."),
        (
            "Copyright 2011-2024 The Bootstrap Authors (https://github.com/twbs/bootstrap/graphs)",
            "The Bootstrap Authors",
        ),
        ("Copyright (C) 1992-2011 by Donald Arseneau (asnd@triumf.ca)", "Donald Arseneau"),
        ("Copyright (c) 2011, Eric Sheridan (eric@infraredsecurity.com)", "Eric Sheridan"),
        (
            "Copyright 2012, Samuel Neves <sneves@dei.uc.pt>. You may use this under the",
            "Samuel Neves",
        ),
        ("Copyright (c) 2019 Nick Williams - http://wicky.nillia.ms/headroom.js", "Nick Williams"),
        (
            "(c) 2020 Chris Ferdinandi | MIT License | http://github.com/cferdinandi",
            "Chris Ferdinandi",
        ),
        ("© Spope, licenza MIT", "Spope"),
        ("© The Bootstrap Authors, MIT license", "The Bootstrap Authors"),
        ("Copyright (c) 2015 ; Licensed MIT", None),
        (
            "Copyright (c) 2011 by Margaret Calvert & Henrik Kubel. All rights reserved. "
            "The font has been customised for exclusive use on gov.uk.",
            "Margaret Calvert & Henrik Kubel",
        ),
        ("Copyright (C) 2003-15 Bradley M. Bell", "Bradley M. Bell"),
        ("Copyright (C) 2002-3 The R Foundation", "The R Foundation"),
        (
            "Copyright 1995 The Internet Society and W3C (Massachusetts Institute",
            "The Internet Society and W3C",
        ),
        (
            "SPDX-FileCopyrightText: 2019 Free Software Foundation Europe e.V. <https://fsfe.org>",
            "Free Software Foundation Europe e.V.",
        ),
        ("Copyright (C) 2024 ORGANIZATION", None),
        ("Copyright (C) YEAR THE PACKAGE'S COPYRIGHT HOLDER", None),
        ("Copyright(c) 2006-2009, $author.", None),
        ("Copyright &copy; 1994&ndash;2017 Lua.org, PUC-Rio.", "Lua.org, PUC-Rio"),
        ("Copyright (C) Daniel Stenberg, <daniel@haxx.se>, et al.", "Daniel Stenberg"),
    ],
)
def test_holder_names_come_without_debris(statement: str, holder: str | None) -> None:
    assert holders(statement) == [holder]


@pytest.mark.parametrize(
    ("statement", "holder"),
    [
        (
            "Copyright (c) 2006-2023 Open Knowledge Foundation and contributors",
            "Open Knowledge Foundation",
        ),
        (
            "Copyright 2013 jQuery Foundation and other contributors, https://jquery.org/",
            "jQuery Foundation",
        ),
        (
            "SPDX-FileCopyrightText: 2016 Nextcloud GmbH and Nextcloud contributors",
            "Nextcloud GmbH",
        ),
        ("Copyright 2009 The Go Authors. All rights reserved.", "The Go Authors"),
        ("Copyright (c) 2007-present Mockito contributors", "Mockito contributors"),
        ("SPDX-FileCopyrightText: 2022 The Bootstrap Authors", "The Bootstrap Authors"),
    ],
)
def test_and_contributors_is_dropped_but_the_x_authors_stay(statement: str, holder: str) -> None:
    assert holders(statement) == [holder]


def test_lists_and_binary_bytes_are_no_statements() -> None:
    listed = 'Born (a) 1.1.1960, (b) 2.2.1961, (c) 1965 in Basilan"\n'
    binary = "x\n\u00a9U by\x934\u00a5\x86\u00cf \x82!&\u00d0\x06g\n"
    assert find_copyrights(listed + binary) == []


def test_a_statement_without_a_year_after_the_sign_is_read() -> None:
    assert holders("// Copyright (c) Microsoft Corporation. All rights reserved.") == [
        "Microsoft Corporation"
    ]


def test_vendored_and_generated_holders_are_ranked_apart(make_tree: TreeMaker) -> None:
    vendored = (
        "/*! Copyright (c) Sindre Sorhus <sindresorhus@gmail.com> (https://sindresorhus.com) */\n"
    )
    root = make_tree(
        {
            "LICENSE": "Copyright (c) 2025 UNICEF\n\nPermission is hereby granted ...\n",
            "src/app.js": "// Copyright 2025 UNICEF\n",
            "node_modules/a/index.js": vendored,
            "node_modules/b/index.js": vendored,
            "node_modules/c/index.js": vendored,
            "dist/bundle.min.js": "/*! (c) 2024 Zeno Rocha | MIT */var a=1;\n",
        }
    )
    [result] = scan(root, use_cache=False, only=ONLY).results
    assert result.outcome == Outcome.PASS
    assert result.data == {
        "holders": [{"name": "UNICEF", "files": 2, "statements": 2}],
        "holder_count": 1,
        "vendored_holders": [
            {"name": "Sindre Sorhus", "files": 3, "statements": 3},
            {"name": "Zeno Rocha", "files": 1, "statements": 1},
        ],
        "vendored_holder_count": 2,
    }
    assert result.summary == (
        "Copyright held by UNICEF. Vendored or generated files name 2 holder(s), listed apart."
    )


def test_the_holder_of_the_license_file_comes_before_more_frequent_ones(
    make_tree: TreeMaker,
) -> None:
    copied = "/* Copyright 2012 Stefan Petre */\n"
    root = make_tree(
        {
            "LICENSE": "Copyright (c) 2025 World Health Organization\n\nPermission ...\n",
            "static/js/datepicker.js": copied,
            "static/css/datepicker.css": copied,
        }
    )
    [result] = scan(root, use_cache=False, only=ONLY).results
    names = [h["name"] for h in result.data["holders"]]
    assert names == ["World Health Organization", "Stefan Petre"]


def test_a_name_ending_in_a_dot_ends_the_summary_once(make_tree: TreeMaker) -> None:
    root = make_tree({"LICENSE": "Copyright (c) 2018 Journalism Development Network, Inc.\n"})
    [result] = scan(root, use_cache=False, only=ONLY).results
    assert result.summary == "Copyright held by Journalism Development Network, Inc."


def test_holders_only_in_vendored_files_do_not_pass(make_tree: TreeMaker) -> None:
    root = make_tree(
        {
            "src/app.py": "print('hello')\n",
            "vendor/lib/x.js": "/* Copyright (c) 2013 Twitter, Inc. */\n",
            "docs/libs/clipboard.min.js": "/*! clipboard.js (c) 2016 Zeno Rocha */\n",
        }
    )
    [result] = scan(root, use_cache=False, only=ONLY).results
    assert result.outcome == Outcome.FAIL
    assert result.data["holders"] == []
    assert [h["name"] for h in result.data["vendored_holders"]] == ["Twitter, Inc.", "Zeno Rocha"]
    [finding] = result.findings
    assert finding.rule_id == "license.copyright.missing"
    assert finding.severity == Severity.WARNING
    assert "only vendored or generated files do (Twitter, Inc., Zeno Rocha)" in finding.message
    assert [(e.path, e.line) for e in finding.evidence] == [
        ("vendor/lib/x.js", 1),
        ("docs/libs/clipboard.min.js", 1),
    ]


def test_license_prose_in_a_tree_is_never_a_holder(make_tree: TreeMaker) -> None:
    root = make_tree({"LICENSE": GPL_TEXT_HEAD, "LICENSES/CC-BY-4.0.txt": CC_PROSE})
    [result] = scan(root, use_cache=False, only=ONLY).results
    assert result.outcome == Outcome.FAIL
    assert result.data["holders"] == []
    assert [f.message for f in result.findings] == [
        "No copyright statement names an owner of the code."
    ]
