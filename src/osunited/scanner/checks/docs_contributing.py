"""A contributing guide: how to propose a change (CPF principle 6)."""

from __future__ import annotations

from osunited.scanner._model import Pillar
from osunited.scanner._text import _
from osunited.scanner.checks._documents import DocumentCheck


class ContributingGuide(DocumentCheck):
    id = "docs.contributing"
    title = _("Contributing guide")
    pillar = Pillar.DOCUMENTATION
    stems = frozenset({"contributing", "contribute", "contributing_guide", "contribution_guide"})
    document = _("A contributing guide (CONTRIBUTING)")
    remediation = _(
        "Add CONTRIBUTING.md: how to set up a development environment, run the tests, propose a "
        "change (issues, pull requests, review), and the expected style and sign-off."
    )
