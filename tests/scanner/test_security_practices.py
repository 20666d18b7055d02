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
