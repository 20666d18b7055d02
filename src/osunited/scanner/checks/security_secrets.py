"""security.secrets: no credentials committed (known key formats and high-entropy values)."""

from __future__ import annotations

from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Evidence, Outcome, Pillar, Severity
from osunited.scanner._per_file import per_file
from osunited.scanner._secrets import ALLOWLIST_FILE, Allowlist, SecretHit, find_secrets
from osunited.scanner._tree import SourceFile, decode_text, is_binary
from osunited.scanner.checks._base import Check

ANALYSIS = "secrets-1"
_EXAMPLES = 50


def _hits(file: SourceFile, content: bytes) -> list[list[Any]]:
    if is_binary(content):
        return []
    return [[h.line, h.kind, h.fingerprint, h.preview] for h in find_secrets(decode_text(content))]


class CommittedSecrets(Check):
    id = "security.secrets"
    title = "No committed secrets"
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        allowlist = _allowlist(context)
        found = [
            (path, SecretHit(*hit))
            for path, hits in per_file(context, ANALYSIS, _hits, stage="secrets").items()
            for hit in hits
        ]
        kept = [(path, hit) for path, hit in found if not allowlist.allows(path, hit)]
        data = {"found": len(kept), "allowed": len(found) - len(kept)}
        if not kept:
            return self.result(Outcome.PASS, "No secret found in the files.", data=data)
        findings = [
            self.finding(
                f"{hit.kind} ({hit.preview}) committed in {path}. Consider it leaked.",
                Severity.ERROR,
                "Revoke and replace the credential now, remove it from the code and its "
                f"history, and load it from the environment. A false alarm: add "
                f"`fingerprint:{hit.fingerprint}` or the path to {ALLOWLIST_FILE}.",
                [Evidence(path, hit.line, snippet=f"fingerprint:{hit.fingerprint}")],
                rule="found",
            )
            for path, hit in kept[:_EXAMPLES]
        ]
        return self.result(
            Outcome.FAIL, f"{len(kept)} possible secret(s) committed.", findings, data
        )


def _allowlist(context: ScanContext) -> Allowlist:
    file = context.tree.get(ALLOWLIST_FILE)
    if file is None:
        return Allowlist()
    try:
        return Allowlist.parse(context.tree.read_text(file, 256 * 1024))
    except ScanError:
        return Allowlist()
