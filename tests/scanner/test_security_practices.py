"""Security practices that need no forge API: update automation, CI, committed binaries."""

from __future__ import annotations

import pytest

from osunited.scanner import Outcome, scan
from tests.scanner.conftest import TreeMaker

ONLY = ("security.dependency-updates", "security.ci", "security.binary-artifacts")


@pytest.mark.parametrize(
    ("path", "tool"),
    [(".github/dependabot.yml", "Dependabot"), ("renovate.json", "Renovate"),
     (".github/renovate.json5", "Renovate")],
)  # fmt: skip
def test_it_recognises_dependency_update_bots(make_tree: TreeMaker, path: str, tool: str) -> None:
    result = scan(make_tree({path: "{}"}), use_cache=False, only=ONLY[:1]).results[0]
    assert result.outcome == Outcome.PASS
    assert result.data["tools"] == [tool]


def test_it_asks_for_dependency_updates_when_no_bot_is_configured(make_tree: TreeMaker) -> None:
    result = scan(make_tree({"README.md": "x"}), use_cache=False, only=ONLY[:1]).results[0]
    assert result.outcome == Outcome.FAIL
    assert result.findings[0].rule_id == "security.dependency-updates.missing"


@pytest.mark.parametrize(
    ("path", "system"),
    [(".gitlab-ci.yml", "GitLab CI"), (".github/workflows/test.yaml", "GitHub Actions"),
     ("Jenkinsfile", "Jenkins"), (".circleci/config.yml", "CircleCI")],
)  # fmt: skip
def test_it_recognises_continuous_integration(make_tree: TreeMaker, path: str, system: str) -> None:
    result = scan(make_tree({path: "x"}), use_cache=False, only=["security.ci"]).results[0]
    assert result.outcome == Outcome.PASS
    assert result.data["systems"] == [system]


def test_a_workflow_folder_without_workflows_is_not_ci(make_tree: TreeMaker) -> None:
    tree = make_tree({".github/workflows/README.md": "x", ".github/workflows/sub/a.yml": "x"})
    result = scan(tree, use_cache=False, only=["security.ci"]).results[0]
    assert result.outcome == Outcome.FAIL


def test_it_lists_committed_binaries_but_allows_build_wrappers(make_tree: TreeMaker) -> None:
    tree = make_tree(
        {"bin/tool.exe": b"MZ\x90\x00", "lib/native.so": b"\x7fELF", "src/app.py": "print()",
         "gradle/wrapper/gradle-wrapper.jar": b"PK\x03\x04"}
    )  # fmt: skip
    result = scan(tree, use_cache=False, only=["security.binary-artifacts"]).results[0]
    assert result.outcome == Outcome.FAIL
    assert result.data["paths"] == ["bin/tool.exe", "lib/native.so"]
    assert [e.path for e in result.findings[0].evidence] == ["bin/tool.exe", "lib/native.so"]


WORKFLOW_PINNED = """\
name: test
on: [push]
permissions: read-all
jobs:
  test:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@b4ffde65f46336ab88eb53be808477a3936bae11  # v4.1.1
      - uses: ./.github/actions/local
      - run: make test
"""

WORKFLOW_LOOSE = """\
name: triage
on:
  pull_request_target:
    types: [opened]
jobs:
  build:
    runs-on: ubuntu-latest
    steps:
      - uses: actions/checkout@v4
        with:
          ref: ${{ github.event.pull_request.head.sha }}
      - run: echo "${{ github.event.pull_request.title }}"
      - run: echo "${{ github.sha }}"
"""


def test_actions_pinned_by_commit_and_local_actions_pass(make_tree: TreeMaker) -> None:
    files = {".github/workflows/test.yml": WORKFLOW_PINNED}
    result = scan(make_tree(files), use_cache=False, only=["security.pinned-dependencies"])
    assert result.results[0].outcome == Outcome.PASS


def test_it_flags_actions_and_images_pinned_only_by_tag(make_tree: TreeMaker) -> None:
    files = {
        ".github/workflows/triage.yml": WORKFLOW_LOOSE,
        ".gitlab-ci.yml": "image: python:3.11\ntest:\n  image: node@sha256:" + "a" * 64 + "\n",
        "Dockerfile": "FROM golang:1.22 AS build\nFROM build\nFROM scratch\n",
    }
    result = scan(make_tree(files), use_cache=False, only=["security.pinned-dependencies"])
    (check,) = result.results
    where = {(e.path, e.line) for f in check.findings for e in f.evidence}
    assert where == {(".github/workflows/triage.yml", 9), (".gitlab-ci.yml", 1), ("Dockerfile", 1)}


def test_it_flags_script_injection_and_untrusted_checkout(make_tree: TreeMaker) -> None:
    files = {".github/workflows/triage.yml": WORKFLOW_LOOSE}
    (check,) = scan(make_tree(files), use_cache=False, only=["security.dangerous-workflow"]).results
    rules = sorted(f.rule_id.rsplit(".", 1)[1] for f in check.findings)
    assert rules == ["script-injection", "untrusted-checkout"]
    assert all(f.severity.value == "error" for f in check.findings)


def test_a_safe_workflow_is_not_dangerous(make_tree: TreeMaker) -> None:
    files = {".github/workflows/test.yml": WORKFLOW_PINNED}
    (check,) = scan(make_tree(files), use_cache=False, only=["security.dangerous-workflow"]).results
    assert check.outcome == Outcome.PASS


def test_token_permissions_must_be_limited(make_tree: TreeMaker) -> None:
    files = {
        ".github/workflows/test.yml": WORKFLOW_PINNED,
        ".github/workflows/triage.yml": WORKFLOW_LOOSE,
        ".github/workflows/release.yml": "on: push\npermissions: write-all\njobs: {}\n",
    }
    (check,) = scan(make_tree(files), use_cache=False, only=["security.token-permissions"]).results
    problems = {(e.path, f.rule_id.rsplit(".", 1)[1]) for f in check.findings for e in f.evidence}
    assert problems == {
        (".github/workflows/triage.yml", "missing"),
        (".github/workflows/release.yml", "write-all"),
    }


def test_workflow_checks_are_not_available_without_workflows(make_tree: TreeMaker) -> None:
    report = scan(make_tree({"a.txt": "x"}), use_cache=False,
                  only=["security.dangerous-workflow", "security.token-permissions"])  # fmt: skip
    assert {r.outcome for r in report.results} == {Outcome.NOT_AVAILABLE}


def test_an_unreadable_workflow_is_left_out_not_fatal(make_tree: TreeMaker) -> None:
    files = {".github/workflows/broken.yml": "jobs: [unclosed\n"}
    report = scan(make_tree(files), use_cache=False, only=["security.token-permissions"])
    assert report.results[0].outcome == Outcome.NOT_AVAILABLE


@pytest.mark.parametrize(
    ("files", "tool"),
    [({"fuzz/fuzz_targets/parse.rs": "fuzz_target!(|data: &[u8]| {});"}, "cargo-fuzz"),
     ({"tests/fuzz_parser.py": "import atheris\n"}, "Atheris"),
     ({"pkg/parse_test.go": "package p\nfunc FuzzParse(f *testing.F) {}\n"}, "Go fuzzing"),
     ({".clusterfuzzlite/project.yaml": "language: c++\n"}, "ClusterFuzzLite")],
)  # fmt: skip
def test_it_recognises_fuzzing(make_tree: TreeMaker, files: dict[str, str], tool: str) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["security.fuzzing"]).results
    assert result.outcome == Outcome.PASS
    assert result.data["tools"] == [tool]


def test_missing_fuzzing_and_sast_are_remarks_not_problems(make_tree: TreeMaker) -> None:
    report = scan(make_tree({"main.go": "package main\n"}), use_cache=False,
                  only=["security.fuzzing", "security.sast"])  # fmt: skip
    assert {f.severity.value for r in report.results for f in r.findings} == {"info"}


def test_it_recognises_static_analysis_in_ci(make_tree: TreeMaker) -> None:
    files = {
        ".github/workflows/codeql.yml": "steps:\n  - uses: github/codeql-action/analyze@v3\n",
        ".gitlab-ci.yml": "include:\n  - template: Security/SAST.gitlab-ci.yml\n",
        "sonar-project.properties": "sonar.projectKey=x\n",
    }
    (result,) = scan(make_tree(files), use_cache=False, only=["security.sast"]).results
    assert result.outcome == Outcome.PASS
    assert result.data["tools"] == ["CodeQL", "GitLab SAST", "SonarQube"]


def test_a_mention_of_a_fuzzer_in_a_string_is_not_fuzzing(make_tree: TreeMaker) -> None:
    files = {
        "tools/fuzz_report.py": 'MARKERS = {"import atheris": 1, "LLVMFuzzerTestOneInput": 2}\n'
    }
    (result,) = scan(make_tree(files), use_cache=False, only=["security.fuzzing"]).results
    assert result.outcome == Outcome.FAIL


def test_pinning_is_not_available_without_ci_or_containers(make_tree: TreeMaker) -> None:
    (result,) = scan(make_tree({"a.py": ""}), use_cache=False,
                     only=["security.pinned-dependencies"]).results  # fmt: skip
    assert result.outcome == Outcome.NOT_AVAILABLE


@pytest.mark.parametrize(
    ("path", "text"),
    [
        ("pyproject.toml", '[tool.ruff.lint]\nselect = ["E", "F", "S"]\n'),
        ("pyproject.toml", '[tool.ruff]\nextend-select = ["S608"]\n'),
        ("pyproject.toml", '[tool.ruff.lint]\nextend-select = ["B", "S1"]\n'),
        ("pkg/pyproject.toml", '[tool.ruff.lint]\nselect = ["ALL"]\n'),
        ("ruff.toml", '[lint]\nselect = ["S"]\n'),
        (".ruff.toml", 'select = ["S"]\n'),
    ],
)
def test_it_recognises_ruff_with_bandits_rules(make_tree: TreeMaker, path: str, text: str) -> None:
    (result,) = scan(make_tree({path: text}), use_cache=False, only=["security.sast"]).results
    assert result.outcome == Outcome.PASS
    assert result.data == {"tools": ["Ruff (Bandit rules)"], "paths": [path]}


def test_it_recognises_bandit_configured_in_pyproject(make_tree: TreeMaker) -> None:
    files = {"pyproject.toml": '[tool.bandit]\nexclude_dirs = ["tests"]\n'}
    (result,) = scan(make_tree(files), use_cache=False, only=["security.sast"]).results
    assert result.outcome == Outcome.PASS
    assert result.data["tools"] == ["Bandit"]


@pytest.mark.parametrize(
    "files",
    [
        {"pyproject.toml": '[tool.ruff.lint]\nselect = ["E", "F"]\n'},
        {"pyproject.toml": '[tool.ruff.lint]\nselect = ["SIM", "SLF"]\nignore = ["S101"]\n'},
        {"pyproject.toml": '[tool.ruff.lint\nselect = ["S"]\n'},
        {"pyproject.toml": b'[tool.ruff]\nselect = ["S"\xff'},
        {"vendor/lib/pyproject.toml": '[tool.ruff.lint]\nselect = ["S"]\n'},
        {"a/b/pyproject.toml": "[tool.bandit]\n"},
        {"docs/ruff.toml": 'select = ["S"]\n'},
    ],
)
def test_ruff_without_bandits_rules_malformed_or_vendored_is_no_sast(
    make_tree: TreeMaker, files: dict[str, str | bytes]
) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["security.sast"]).results
    assert result.outcome == Outcome.FAIL
    assert result.summary == "No static security analysis found."


@pytest.mark.parametrize(
    ("files", "tools"),
    [
        ({"tests/properties/test_trees.py": "from hypothesis import given\n"}, ["Hypothesis"]),
        ({"test_parse.py": "import hypothesis\n"}, ["Hypothesis"]),
        ({"pkg/parse_test.py": "from hypothesis.strategies import text\n"}, ["Hypothesis"]),
        ({"test/api.py": "import schemathesis\nfrom hypothesis import given\n"}, ["schemathesis"]),
        ({"tests/test_api.py": "from schemathesis import GenerationMode\n"}, ["schemathesis"]),
    ],
)
def test_it_recognises_property_based_tests_as_fuzzing(
    make_tree: TreeMaker, files: dict[str, str], tools: list[str]
) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["security.fuzzing"]).results
    assert result.outcome == Outcome.PASS
    assert result.data == {"tools": tools, "paths": sorted(files)}


@pytest.mark.parametrize(
    "files",
    [
        {"tests/test_docs.py": 'EXAMPLE = "from hypothesis.strategies import text"\n'},
        {"tests/test_notes.py": "# import schemathesis\nNOTE = 'import hypothesis'\n"},
        {"src/parse.py": "from hypothesis import given\n"},
        {"vendor/tests/test_x.py": "from hypothesis import given\n"},
    ],
)
def test_hypothesis_mentioned_or_outside_tests_is_not_fuzzing(
    make_tree: TreeMaker, files: dict[str, str]
) -> None:
    (result,) = scan(make_tree(files), use_cache=False, only=["security.fuzzing"]).results
    assert result.outcome == Outcome.FAIL


def test_fuzz_named_files_are_read_before_the_many_tests(make_tree: TreeMaker) -> None:
    files = {f"tests/test_{n:03}.py": "def test_it(): pass\n" for n in range(600)}
    files["tests/zz/fuzz_parser.py"] = "import atheris\n"
    (result,) = scan(make_tree(files), use_cache=False, only=["security.fuzzing"]).results
    assert result.data["paths"] == ["tests/zz/fuzz_parser.py"]
