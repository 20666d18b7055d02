"""False alarms seen on real repositories: a pinned-action finding repeated with the first line,
a documentation site in docs-website/ reported as no documentation, and sentences glued with
".;"."""

from __future__ import annotations

import pytest

from osunited.scanner import Outcome, scan
from tests.scanner.conftest import TreeMaker

WORKFLOW = """\
on: push
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: actions/setup-python@v5
  lint:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
      - uses: "actions/checkout@v4.1.1"
  docs:
    uses: ./.github/workflows/docs.yml
"""


def test_an_unpinned_action_is_one_finding_with_each_line_it_is_used_on(
    make_tree: TreeMaker,
) -> None:
    files = {
        ".github/workflows/ci.yml": WORKFLOW,
        ".gitlab-ci.yml": "image: python:3.12\ntest:\n  image: python:3.12\n  script: [pytest]\n",
        "Dockerfile": "FROM node:20 AS web\nRUN npm ci\nFROM node:20\n",
    }
    (result,) = scan(
        make_tree(files), use_cache=False, only=["security.pinned-dependencies"]
    ).results
    places = {f.message.split(" is ")[0]: [e.line for e in f.evidence] for f in result.findings}
    assert places == {
        "Action actions/checkout@v4": [6, 11],
        "Action actions/setup-python@v5": [7],
        "Action actions/checkout@v4.1.1": [12],
        "Image python:3.12": [1, 3],
        "Base image node:20": [1, 3],
    }
    assert result.data == {"unpinned": 8, "references": 5}
    assert result.summary == ("5 action(s) or image(s) are not pinned to a digest, in 8 place(s).")


@pytest.mark.parametrize(
    "files",
    [
        {
            "docs-website/docusaurus.config.ts": "export default {}",
            "docs-website/package.json": "{}",
        },
        {"website/docusaurus.config.js": "module.exports = {}"},
        {"packages/docs/.vitepress/config.mts": "export default {}"},
        {"documentation-src/source/conf.py": "project = 'x'"},
        {"docs-site/guide.md": "# Guide"},
        {"user-docs/install.rst": "Install"},
    ],
)
def test_a_documentation_site_or_folder_under_another_name_is_documentation(
    make_tree: TreeMaker, files: dict[str, str | bytes]
) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["docs.folder"]).results
    assert result.outcome == Outcome.PASS


@pytest.mark.parametrize(
    "files",
    [
        {"node_modules/lib/docusaurus.config.js": "x", "src/app.js": "x"},
        {"a/b/c/mkdocs.yml": "site_name: deep", "dockerfiles/x.md": "x"},
    ],
)
def test_site_configurations_of_others_and_folders_that_only_start_with_doc_are_not(
    make_tree: TreeMaker, files: dict[str, str | bytes]
) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["docs.folder"]).results
    assert result.outcome == Outcome.FAIL


def test_summaries_never_glue_sentences_with_a_semicolon(make_tree: TreeMaker) -> None:
    tree = make_tree({"README.md": "# Planner\n\nA short readme.\n"})
    report = scan(tree, use_cache=False)
    texts = [r.summary for r in report.results] + [f.message for f in report.findings]
    assert not [text for text in texts if ".;" in text]
    assert report.result("docs.readme").summary.startswith(
        "README.md: The README is short: 3 words (at least 100 expected). The README does not"
    )
