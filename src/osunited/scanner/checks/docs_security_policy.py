"""A security policy: how to report a vulnerability privately, and which versions get fixes."""

from __future__ import annotations

import re

from osunited.scanner._model import Evidence, Finding, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._documents import COMMUNITY_FOLDERS, DocumentCheck, read_document

_CONTACT = re.compile(r"[\w.+-]+@[\w-]+\.[\w.-]+|https?://|security advisor", re.IGNORECASE)


class SecurityPolicy(DocumentCheck):
    id = "security.policy"
    title = _("Security policy")
    pillar = Pillar.SECURITY
    stems = frozenset({"security"})
    folders = (*COMMUNITY_FOLDERS, ".well-known")
    document = _("A security policy (SECURITY)")
    remediation = _(
        "Add SECURITY.md: where to report a vulnerability privately (an e-mail address or the "
        "forge's private vulnerability reporting), what reporters can expect and when, and "
        "which versions receive security fixes."
    )

    def inspect(self, tree: SourceTree, file: SourceFile) -> list[Finding]:
        if _CONTACT.search(read_document(tree, file)):
            return []
        return [
            self.finding(
                _("The security policy gives no e-mail address or link to report a vulnerability."),
                Severity.INFO,
                _(
                    "Say where to send a report: a monitored e-mail address or the forge's "
                    "private vulnerability reporting page."
                ),
                [Evidence(file.path)],
                rule="no-contact",
            )
        ]
