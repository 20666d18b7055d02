"""The independent sources of compatibility verdicts, one module each, every one answering for
one inbound license term against one outbound term and one kind of use (`judge`), or saying
that it does not cover them. `_compat.check_pair` applies them to whole SPDX expressions."""

from __future__ import annotations

from osunited.licenses._sources import asf, eupl, families, fsf, osadl
from osunited.licenses._sources._base import CompatSource, Term

MODULES: tuple[CompatSource, ...] = (osadl, fsf, eupl, asf, families)

__all__ = ["MODULES", "CompatSource", "Term"]
