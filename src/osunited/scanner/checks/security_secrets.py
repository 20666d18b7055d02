"""security.secrets: no credentials committed. Credentials in their providers' formats are
errors; random-looking values assigned to secret-like names are only worth a review (warnings),
and are not looked for where they are seldom credentials (lockfiles, minified, vendored and
translation files, tests)."""

from __future__ import annotations

import dataclasses
from collections import Counter
from collections.abc import Callable
from typing import Any

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._per_file import per_file
from osunited.scanner._secret_allow import ALLOWLIST_FILE, Allowlist, file_roles, read_allowlist
from osunited.scanner._secrets import Certainty, SecretHit, find_secrets
from osunited.scanner._text import _, join
from osunited.scanner._tree import SourceFile, decode_text, is_binary
from osunited.scanner.checks._base import Check

ANALYSIS = "secrets-2"
_EXAMPLES = 50
_ALLOW_FILE_BYTES = 4 * 2**20
# Where a random-looking value is a hash, a fixture or generated text, not a credential.
_NO_RANDOM_VALUES = frozenset({"lockfile", "minified", "vendored", "test", "translation"})
# Where a credential-shaped value without a checksum is most often made for the occasion.
_TESTS_AND_EXAMPLES = frozenset({"test", "example"})


def _hits(file: SourceFile, content: bytes) -> list[list[Any]]:
    if is_binary(content):
        return []
    return [list(dataclasses.astuple(hit)) for hit in find_secrets(decode_text(content))]


class CommittedSecrets(Check):
    id = "security.secrets"
    title = _("No committed secrets")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        allowlist = read_allowlist(_reader(context))
        judged: list[Finding] = []
        counts: Counter[str] = Counter()
        for path, hits in per_file(context, ANALYSIS, _hits, stage="secrets").items():
            for hit in (SecretHit(*fields) for fields in hits):
                verdict = self._judge(path, hit, allowlist)
                if isinstance(verdict, str):
                    counts[verdict] += 1
                else:
                    judged.append(verdict)
        judged.sort(key=lambda f: (-f.severity.rank, f.evidence[0].path, f.evidence[0].line))
        errors = sum(1 for f in judged if f.severity is Severity.ERROR)
        data = {
            "found": len(judged),
            "credentials": errors,
            "to_review": len(judged) - errors,
            "allowed": counts["allowed"],
            "ignored": counts["ignored"],
        }
        findings = judged[:_EXAMPLES] + [self._unreadable(p) for p in allowlist.problems]
        outcome = Outcome.FAIL if judged else Outcome.PASS
        return self.result(outcome, _summary(errors, len(judged) - errors), findings, data)

    def _judge(self, path: str, hit: SecretHit, allowlist: Allowlist) -> Finding | str:
        """The finding for `hit`, or why there is none: `allowed` or `ignored`."""
        if hit.marked or allowlist.allows(path, hit):
            return "allowed"
        roles = file_roles(path)
        if "allowlist" in roles:
            return "ignored"
        if hit.certainty == Certainty.RANDOM:
            return "ignored" if roles & _NO_RANDOM_VALUES else self._random(path, hit)
        if hit.kind == "JSON Web Token" and "test" in roles:
            return "ignored"  # recorded sessions of test servers, expired by design
        if hit.certainty == Certainty.FORMAT and roles & _TESTS_AND_EXAMPLES:
            return self._in_tests(path, hit)
        if hit.kind == "Google API key" and "app-config" in roles:
            return self._app_config(path, hit)
        return self._credential(path, hit)

    def _credential(self, path: str, hit: SecretHit) -> Finding:
        return self.finding(
            _(
                "{kind} ({preview}) committed in {path}. Consider it leaked.",
                kind=hit.kind,
                preview=hit.preview,
                path=path,
            ),
            Severity.ERROR,
            _(
                "Revoke and replace the credential now, remove it from the code and its "
                "history, and load it from the environment. {how_to_allow}",
                how_to_allow=_how_to_allow(hit),
            ),
            _evidence(path, hit),
            rule="found",
        )

    def _in_tests(self, path: str, hit: SecretHit) -> Finding:
        return self.finding(
            _(
                "{kind} ({preview}) in {path}, a test or example file.",
                kind=hit.kind,
                preview=hit.preview,
                path=path,
            ),
            Severity.WARNING,
            _(
                "If it was made for tests or examples and grants access to nothing, add "
                "`fingerprint:{fingerprint}` or the path to {allow_file}. If it is a real "
                "credential, revoke and replace it, and load it from the environment.",
                fingerprint=hit.fingerprint,
                allow_file=ALLOWLIST_FILE,
            ),
            _evidence(path, hit),
            rule="test-or-example",
        )

    def _app_config(self, path: str, hit: SecretHit) -> Finding:
        return self.finding(
            _(
                "{kind} ({preview}) in the app configuration {path}.",
                kind=hit.kind,
                preview=hit.preview,
                path=path,
            ),
            Severity.WARNING,
            _(
                "Keys of Firebase and Google app configurations identify the app and ship with "
                "it; make sure the key is restricted to your apps and APIs in the Google Cloud "
                "console, then add `fingerprint:{fingerprint}` to {allow_file}.",
                fingerprint=hit.fingerprint,
                allow_file=ALLOWLIST_FILE,
            ),
            _evidence(path, hit),
            rule="app-config",
        )

    def _random(self, path: str, hit: SecretHit) -> Finding:
        return self.finding(
            _(
                "A random-looking value ({preview}) is assigned to a secret-like name in {path}.",
                preview=hit.preview,
                path=path,
            ),
            Severity.WARNING,
            _(
                "It looks random; if it is a credential, revoke and replace it, and load it "
                "from the environment. {how_to_allow}",
                how_to_allow=_how_to_allow(hit),
            ),
            _evidence(path, hit),
            rule="random-value",
        )

    def _unreadable(self, problem: str) -> Finding:
        return self.finding(
            _("{problem}: its entries were not applied.", problem=problem),
            Severity.INFO,
            _("Regenerate it with `detect-secrets scan > .secrets.baseline`."),
            rule="allowlist-unreadable",
        )


def _how_to_allow(hit: SecretHit) -> str:
    return _(
        "If it is not a credential, add `fingerprint:{fingerprint}` to {allow_file}, or end the "
        "line with a `gitleaks:allow` or `pragma: allowlist secret` comment.",
        fingerprint=hit.fingerprint,
        allow_file=ALLOWLIST_FILE,
    )


def _evidence(path: str, hit: SecretHit) -> list[Evidence]:
    return [Evidence(path, hit.line, snippet=f"fingerprint:{hit.fingerprint}")]


def _summary(credentials: int, to_review: int) -> str:
    if not credentials and not to_review:
        return _("No secret found in the files.")
    sentences = []
    if credentials:
        sentences.append(_("{count} credential(s) in a known format committed.", count=credentials))
    if to_review:
        sentences.append(_("{count} possible secret(s) to review.", count=to_review))
    return join(" ", sentences)


def _reader(context: ScanContext) -> Callable[[str], str | None]:
    def read(path: str) -> str | None:
        file = context.tree.get(path)
        if file is None:
            return None
        try:
            return context.tree.read_text(file, _ALLOW_FILE_BYTES)
        except ScanError:
            return None

    return read
