"""security.fuzzing: the project is fuzz-tested (Scorecard's Fuzzing, without the forge API)."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._layout import is_elsewhere_made
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._base import Check

_CONFIG_PREFIXES = {".clusterfuzzlite/": "ClusterFuzzLite", "fuzz/cargo.toml": "cargo-fuzz"}
# (code pattern, the file suffixes it counts in, tool): patterns are anchored at the start of a
# line so that a mention in a string or a comment does not count.
_MARKERS = (
    (
        r"^\s*(?:extern \"C\"\s+)?int\s+LLVMFuzzerTestOneInput\b",
        (".c", ".cc", ".cpp", ".cxx"),
        "libFuzzer",
    ),
    (r"^\s*import atheris\b", (".py",), "Atheris"),
    (r"^func Fuzz\w*\(\w+ \*testing\.F\)", ("_test.go",), "Go fuzzing"),
    (r"^\s*@FuzzTest\b", (".java", ".kt"), "Jazzer"),
    (r"^\s*fuzz_target!", (".rs",), "cargo-fuzz"),
    (r"^\s*uses:\s*google/oss-fuzz/infra/cifuzz", (".yml", ".yaml"), "OSS-Fuzz (CIFuzz)"),
    (r"^\s*(?:import|const|var|let).*['\"]fast-check['\"]", (".js", ".ts", ".mjs"), "fast-check"),
    # schemathesis first: it runs on Hypothesis, and a file that imports both is an API fuzzer.
    (r"^\s*(?:import schemathesis\b|from schemathesis\b)", (".py",), "schemathesis"),
    (r"^\s*(?:import hypothesis\b|from hypothesis(?:\.\w+)* import\b)", (".py",), "Hypothesis"),
)
_PATTERNS = [(re.compile(p, re.MULTILINE), suffixes, tool) for p, suffixes, tool in _MARKERS]
_CANDIDATE = re.compile(r"fuzz|_test\.go$|\.github/workflows/|conftest\.py$", re.IGNORECASE)
# Property-based tests (Hypothesis, schemathesis) live among the ordinary Python tests.
_PYTHON_TEST = re.compile(r"(?:^|/)(?:tests?/.*|test_[^/]*|[^/]*_test)\.py$", re.IGNORECASE)
_PROPERTY_TEST = re.compile(r"propert|hypothesis|schemathesis|stateful", re.IGNORECASE)
_MAX_READS = 500


class Fuzzing(Check):
    id = "security.fuzzing"
    title = _("Fuzzing")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = _fuzzers(context)
        data = {"tools": sorted(set(found.values())), "paths": sorted(found)[:20]}
        if found:
            summary = _("Fuzzed with {tools}.", tools=", ".join(data["tools"]))
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            _("No fuzzing was found."),
            Severity.INFO,
            _(
                "Fuzz the code that parses untrusted input (libFuzzer, Atheris, Go's native "
                "fuzzing, cargo-fuzz, Jazzer), e.g. through OSS-Fuzz or ClusterFuzzLite in CI."
            ),
            rule="missing",
        )
        return self.result(Outcome.FAIL, _("No fuzzing found."), [finding], data)


def _fuzzers(context: ScanContext) -> dict[str, str]:
    tree = context.tree
    found: dict[str, str] = {}
    candidates = _candidates(tree)
    for file in candidates:
        lowered = file.path.lower()
        tool = next(
            (t for prefix, t in _CONFIG_PREFIXES.items() if lowered.startswith(prefix)), None
        )
        if tool is None:
            tool = _tool_in(tree, file)
        if tool is not None:
            found[file.path] = tool
    return found


def _candidates(tree: SourceTree) -> list[SourceFile]:
    """Files that may fuzz, those named for fuzzing first, so that the read cap of a large
    repository is spent on the likeliest ones."""
    named = [f for f in tree.files if _CANDIDATE.search(f.path)]
    tests = [
        f
        for f in tree.files
        if _PYTHON_TEST.search(f.path)
        and not _CANDIDATE.search(f.path)
        and not is_elsewhere_made(f.path)
    ]
    tests.sort(key=lambda f: not _PROPERTY_TEST.search(f.path))  # stable: property tests first
    return (named + tests)[:_MAX_READS]


def _tool_in(tree: SourceTree, file: SourceFile) -> str | None:
    patterns = [(p, tool) for p, suffixes, tool in _PATTERNS if file.path.endswith(suffixes)]
    if not patterns:
        return None
    try:
        text = tree.read_text(file, 256 * 1024)
    except ScanError:
        return None
    return next((tool for pattern, tool in patterns if pattern.search(text)), None)
