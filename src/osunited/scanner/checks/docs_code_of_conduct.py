"""A code of conduct: how people are expected to behave in the community."""

from __future__ import annotations

from osunited.scanner._model import Pillar
from osunited.scanner._text import _
from osunited.scanner.checks._documents import DocumentCheck


class CodeOfConduct(DocumentCheck):
    id = "docs.code-of-conduct"
    title = _("Code of conduct")
    pillar = Pillar.DOCUMENTATION
    stems = frozenset({"code_of_conduct", "codeofconduct", "conduct"})
    document = _("A code of conduct (CODE_OF_CONDUCT)")
    remediation = _(
        "Add CODE_OF_CONDUCT.md, for instance the Contributor Covenant 2.1, with the contact "
        "that receives reports and how they are handled."
    )
