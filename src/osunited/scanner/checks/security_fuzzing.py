"""security.fuzzing: the project is fuzz-tested (Scorecard's Fuzzing, without the forge API)."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check

_CONFIG_PREFIXES = {".clusterfuzzlite/": "ClusterFuzzLite", "fuzz/cargo.toml": "cargo-fuzz"}
_MARKERS = {
    "LLVMFuzzerTestOneInput": "libFuzzer",
    "import atheris": "Atheris",
    "func Fuzz": "Go fuzzing",
    "@FuzzTest": "Jazzer",
    "fuzz_target!": "cargo-fuzz",
    "google/oss-fuzz/infra/cifuzz": "OSS-Fuzz (CIFuzz)",
    "fast-check": "fast-check",
    "from hypothesis import": "Hypothesis",
}
_MARKER = re.compile("|".join(re.escape(m) for m in _MARKERS))
_CANDIDATE = re.compile(r"fuzz|_test\.go$|\.github/workflows/|conftest\.py$", re.IGNORECASE)
_MAX_READS = 500


class Fuzzing(Check):
    id = "security.fuzzing"
    title = "Fuzzing"
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        found = _fuzzers(context)
        data = {"tools": sorted(set(found.values())), "paths": sorted(found)[:20]}
        if found:
            return self.result(Outcome.PASS, f"Fuzzed with {', '.join(data['tools'])}.", data=data)
        finding = self.finding(
            "No fuzzing was found.",
            Severity.INFO,
            "Fuzz the code that parses untrusted input (libFuzzer, Atheris, Go's native "
            "fuzzing, cargo-fuzz, Jazzer), e.g. through OSS-Fuzz or ClusterFuzzLite in CI.",
            rule="missing",
        )
        return self.result(Outcome.FAIL, "No fuzzing found.", [finding], data)


def _fuzzers(context: ScanContext) -> dict[str, str]:
    tree = context.tree
    found: dict[str, str] = {}
    candidates = [f for f in tree.files if _CANDIDATE.search(f.path)][:_MAX_READS]
    for file in candidates:
        lowered = file.path.lower()
        tool = next(
            (t for prefix, t in _CONFIG_PREFIXES.items() if lowered.startswith(prefix)), None
        )
        if tool is None:
            try:
                match = _MARKER.search(tree.read_text(file, 256 * 1024))
            except ScanError:
                continue
            tool = _MARKERS[match.group(0)] if match else None
        if tool is not None:
            found[file.path] = tool
    return found
