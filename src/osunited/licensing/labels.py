"""The words the pages use for the licenses engine's values (the engine itself knows no
translations)."""

from __future__ import annotations

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from osunited.licenses import Family, PatentTerms

FAMILY_LABELS: dict[Family, Promise] = {
    Family.PUBLIC_DOMAIN: _("Public domain"),
    Family.PERMISSIVE: _("Permissive"),
    Family.WEAK_COPYLEFT: _("Weak copyleft"),
    Family.STRONG_COPYLEFT: _("Strong copyleft"),
    Family.NETWORK_COPYLEFT: _("Network copyleft"),
}

PATENT_LABELS: dict[PatentTerms, Promise] = {
    PatentTerms.GRANTED: _("Grants a patent license"),
    PatentTerms.EXCLUDED: _("Grants no patent rights"),
    PatentTerms.SILENT: _("Says nothing of patents"),
}
