"""Rules by license family (the catalogue's `license_facts`): how far the inbound license's
obligations reach decides what each kind of use may do, whatever the outbound license. The
common reading of licensing guidance, written by osunited; the GNU list's data tells which
copyleft licenses a copyleft may join."""

from __future__ import annotations

from osunited.licenses._catalogue import license_facts
from osunited.licenses._sources import fsf
from osunited.licenses._sources._base import (
    LINKING_USES,
    USE_WORDS,
    Term,
    answer,
    gnu_license,
    not_covered,
)
from osunited.licenses._types import Family, PatentTerms, Source, SourceVerdict, Use, Verdict

SOURCE = Source(
    key="families",
    name="Rules by license family",
    url="",  # written here: the rules are this module
    attribution="Rules by license family, written by osunited (Apache-2.0).",
)
# Exceptions that let a program link the library whatever the program's license.
LINKING_EXCEPTIONS = frozenset(
    {
        "Autoconf-exception-2.0",
        "Autoconf-exception-3.0",
        "Bison-exception-2.2",
        "Classpath-exception-2.0",
        "eCos-exception-2.0",
        "FLTK-exception",
        "Font-exception-2.0",
        "GCC-exception-2.0",
        "GCC-exception-3.1",
        "Libtool-exception",
        "LLVM-exception",
        "OpenJDK-assembly-exception-1.0",
        "Qt-LGPL-exception-1.1",
        "Universal-FOSS-exception-1.0",
        "WxWindows-exception-3.1",
    }
)
_COPYLEFT = frozenset({Family.WEAK_COPYLEFT, Family.STRONG_COPYLEFT, Family.NETWORK_COPYLEFT})


def judge(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    facts = license_facts(inbound.license)
    if facts is None:
        return not_covered(SOURCE, f"The family of {inbound.license} is not known.")
    family = facts.family
    if use in (Use.DISTINCT_COMPONENT, Use.TOOL):
        return answer(SOURCE, Verdict.COMPATIBLE, _beside(inbound, family, use))
    if family in (Family.PUBLIC_DOMAIN, Family.PERMISSIVE):
        if facts.patent == PatentTerms.GRANTED and _is_strong_copyleft(outbound):
            # Family alone cannot decide: GPL-3.0 accepts Apache-2.0's patent terms, GPL-2.0 not.
            return not_covered(SOURCE, _patent_terms_into_copyleft(inbound, outbound))
        return answer(SOURCE, Verdict.COMPATIBLE, _permissive(inbound, outbound, family, use))
    joined = _joins(inbound, outbound)
    if joined is not None:
        return joined
    if family == Family.WEAK_COPYLEFT:
        return _weak(inbound, outbound, use)
    if inbound.exception in LINKING_EXCEPTIONS and use in LINKING_USES:
        return answer(
            SOURCE,
            Verdict.COMPATIBLE,
            f"{inbound.license} is a strong copyleft, but the {inbound.exception} exception lets "
            f"a program under any license link it; changes to the library itself stay under "
            f"{inbound.license} and its sources are offered.",
        )
    return answer(SOURCE, Verdict.INCOMPATIBLE, _strong(inbound, outbound, family, use))


def _is_strong_copyleft(outbound: Term) -> bool:
    facts = license_facts(outbound.license)
    return facts is not None and facts.family in (Family.STRONG_COPYLEFT, Family.NETWORK_COPYLEFT)


def _patent_terms_into_copyleft(inbound: Term, outbound: Term) -> str:
    # Apache-2.0's patent termination is the known case: GPL-3.0 accepts it, GPL-2.0 does not.
    return (
        f"{inbound.license} is permissive but carries patent terms (a patent license that ends "
        f"if its holder is sued), conditions that some copyleft licenses forbid adding: the "
        f"family alone cannot say whether {outbound} accepts them (the GNU list answers it for "
        "the GPL family)."
    )


def _beside(inbound: Term, family: Family, use: Use) -> str:
    words = (
        f"Code under {inbound} {USE_WORDS[use]} is not part of the project's own work, so the "
        "project's license does not need to match: keep its license and notices with it"
    )
    if family in _COPYLEFT:
        words += f", and offer the sources of the {inbound.license} part when you distribute it"
    return words + "."


def _permissive(inbound: Term, outbound: Term, family: Family, use: Use) -> str:
    if family == Family.PUBLIC_DOMAIN:
        return (
            f"{inbound.license} puts no condition on code {USE_WORDS[use]}; any project "
            "license fits."
        )
    return (
        f"{inbound.license} is permissive: code under it may be {USE_WORDS[use]} in a project "
        f"under {outbound}, keeping its copyright and license notices."
    )


def _joins(inbound: Term, outbound: Term) -> SourceVerdict | None:
    """A copyleft may always join the same license, a later version it allows, or a license
    the GNU list says it combines with."""
    if outbound.license == inbound.license or _upgrades_to(inbound.license, outbound.license):
        return answer(
            SOURCE,
            Verdict.COMPATIBLE,
            f"The project's license {outbound.license} is {inbound.license} itself or a later "
            f"version it allows, so its terms are met by the whole.",
        )
    gnu = fsf.judge(Term(inbound.license), Term(outbound.license), Use.MERGED_SOURCES)
    if gnu.verdict in (Verdict.COMPATIBLE, Verdict.CONDITIONAL):
        return answer(
            SOURCE,
            gnu.verdict,
            f"{inbound.license} is a copyleft that may join a work under {outbound.license}, "
            f"as the GNU list says. {gnu.explanation.removeprefix('The GNU list: ')}",
            gnu.reference,
        )
    return None


def _upgrades_to(inbound: str, outbound: str) -> bool:
    source, target = gnu_license(inbound), gnu_license(outbound)
    return bool(
        source
        and target
        and source.or_later
        and source.kind == target.kind
        and float(target.version) >= float(source.version)
    )


def _weak(inbound: Term, outbound: Term, use: Use) -> SourceVerdict:
    name = inbound.license
    if use == Use.DYNAMIC_LINKING:
        return answer(
            SOURCE,
            Verdict.COMPATIBLE,
            f"{name} is a weak copyleft: a program under {outbound} may load it at run time; "
            f"changes to the {name} code itself stay under {name}, with its sources offered.",
        )
    if use == Use.STATIC_LINKING:
        relink = (
            "users must be able to relink the program with a changed version of the library "
            "(ship the object files, or make the library replaceable)"
            if name.startswith("LGPL-")
            else f"its files stay separate, unmodified or with their changes under {name}"
        )
        return answer(
            SOURCE,
            Verdict.CONDITIONAL,
            f"{name} is a weak copyleft: it may be linked statically into a program under "
            f"{outbound} on condition that {relink}, and its sources are offered.",
        )
    return answer(
        SOURCE,
        Verdict.INCOMPATIBLE,
        f"{name} is a weak copyleft: code copied into the project's own files stays under "
        f"{name}, which {outbound} is not, nor a copyleft {name} may join. Keep it in its own "
        "files or as a separate library.",
    )


def _strong(inbound: Term, outbound: Term, family: Family, use: Use) -> str:
    words = (
        f"{inbound.license} is a strong copyleft: a program that includes its code, here "
        f"{USE_WORDS[use]}, must be released as a whole under {inbound.license}, which "
        f"{outbound} is not, nor a license {inbound.license} may join."
    )
    if family == Family.NETWORK_COPYLEFT:
        words += (
            " Its copyleft reaches network use too: offering the program to users over a "
            "network obliges you to offer them its sources."
        )
    return words + " Keep it a distinct program, or release the project under its license."
