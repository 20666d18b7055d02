"""security.binary-artifacts: no compiled binaries committed to the repository, where nobody can
review them (OpenSSF Scorecard's Binary-Artifacts)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner._text import _, ngettext
from osunited.scanner.checks._base import Check

BINARY_SUFFIXES = frozenset(
    ".exe .dll .so .dylib .o .obj .a .lib .jar .war .ear .class .pyc .pyo .apk .aab .msi .deb "
    ".rpm .bin .elf .wasm .dex .com .crx .nupkg .whl .egg .gem".split()
)
# The Gradle and Maven wrappers are binaries that their projects verify by checksum.
_ALLOWED_NAMES = frozenset({"gradle-wrapper.jar", "maven-wrapper.jar"})
_EXAMPLES = 20


def is_binary_artifact(path: str) -> bool:
    name = path.rpartition("/")[2].lower()
    dot = name.rfind(".")
    return dot > 0 and name[dot:] in BINARY_SUFFIXES and name not in _ALLOWED_NAMES


class BinaryArtifacts(Check):
    id = "security.binary-artifacts"
    title = _("No committed binaries")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        binaries = [f.path for f in context.tree.files if is_binary_artifact(f.path)]
        data = {"count": len(binaries), "paths": binaries[:_EXAMPLES]}
        if not binaries:
            summary = _("No compiled binaries in the tree.")
            return self.result(Outcome.PASS, summary, data=data)
        finding = self.finding(
            ngettext(
                "{count} compiled binary is committed; nobody can review what they do.",
                "{count} compiled binaries are committed; nobody can review what they do.",
                len(binaries),
            ),
            Severity.WARNING,
            _(
                "Remove binaries from the repository and build them in CI from source; publish "
                "release artefacts with checksums instead."
            ),
            [Evidence(path) for path in binaries[:_EXAMPLES]],
            rule="found",
        )
        summary = _("{count} compiled binaries committed.", count=len(binaries))
        return self.result(Outcome.FAIL, summary, [finding], data)
