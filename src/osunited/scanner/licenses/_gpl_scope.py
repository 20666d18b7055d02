"""GPL "only" or "or later", where a statement does not say which.

The full text of the GPL, LGPL or AGPL does not say whether "any later version" applies, and
neither do deprecated SPDX ids (`GPL-3.0`, `LGPL-2.1`) and names (`GPLv3`) in manifests. They
are read as what they are, ambiguous, and the statements that do say decide: notices and SPDX
tags in the project's files, and manifests that declare `-only` or `-or-later`. "Or later" when
some say so and none says "only" (a work is "or later" only if all of its parts are); else, and
without any statement, the SPDX reading (`-only`). Each decision is explained in a note.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import replace

from osunited.scanner.licenses._files import FileLicenseInfo
from osunited.scanner.licenses._manifests import DeclaredLicense, is_manifest
from osunited.scanner.licenses._project import DetectedLicense
from osunited.scanner.licenses._spdx import gpl_scope, license_ids

Votes = dict[str, Counter[str]]  # "GPL-3.0" -> files saying "only" / "or-later"


def settle_gpl_scope(
    detected: list[DetectedLicense],
    declared: list[DeclaredLicense],
    files: dict[str, FileLicenseInfo],
) -> tuple[list[DetectedLicense], list[DeclaredLicense], list[str]]:
    """Detected and declared licenses with each unstated GPL scope decided, and the notes."""
    votes = _votes(files, declared)
    notes: list[str] = []
    settled = [_settle_text(license, files, votes, notes) for license in detected]
    merged: dict[str, DetectedLicense] = {}
    for license in settled:  # the text of AGPL-3.0 settled as the -or-later a file names
        same = merged.get(license.expression)
        merged[license.expression] = license if same is None else _joined(same, license)
    declarations = [_settle_declaration(d, votes, notes) for d in declared]
    return list(merged.values()), declarations, notes


def _joined(first: DetectedLicense, second: DetectedLicense) -> DetectedLicense:
    return replace(
        first,
        evidence=first.evidence + second.evidence,
        coverage=max(first.coverage, second.coverage),
        stated=first.stated or second.stated,
    )


def _votes(files: dict[str, FileLicenseInfo], declared: list[DeclaredLicense]) -> Votes:
    votes: Votes = {}
    for info in files.values():
        if is_manifest(info.path):
            continue  # what a manifest declares is read below, as a declaration
        expressions = [m.expression for m in info.matches if m.kind != "text" and m.scope_stated]
        stated = {scope for e in expressions + [t for t, _ in info.tags] for scope in _scopes(e)}
        for base, scope in stated:
            votes.setdefault(base, Counter())[scope] += 1
    for declaration in declared:
        if declaration.spdx and not _unstated(declaration):
            for base, scope in _scopes(declaration.spdx):
                votes.setdefault(base, Counter())[scope] += 1
    return votes


def _scopes(expression: str) -> set[tuple[str, str]]:
    if "GPL" not in expression:
        return set()  # only the GPL family has only/or-later forms
    return {scope for i in license_ids(expression) if (scope := gpl_scope(i))}


def _settle_text(
    license: DetectedLicense, files: dict[str, FileLicenseInfo], votes: Votes, notes: list[str]
) -> DetectedLicense:
    """A bare license text read as `-only` by the license data takes the notices' scope."""
    scope = gpl_scope(license.expression)
    if license.stated or scope is None or scope[1] != "only" or not _only_texts(license, files):
        return license
    base = scope[0]
    decided, counted = _decide(votes.get(base, Counter()))
    where = license.evidence[0].path
    notes.append(
        f"{where} has the {base} text, which does not say 'only' or 'or later'; "
        f"{counted}: read as {base}-{decided}."
    )
    return replace(license, expression=f"{base}-{decided}")


def _only_texts(license: DetectedLicense, files: dict[str, FileLicenseInfo]) -> bool:
    """Whether every match behind `license` is a full license text (no notice, no tag)."""
    for spot in license.evidence:
        info = files.get(spot.path)
        if info is None or any(line == spot.line for _, line in info.tags):
            return False
        kinds = {
            m.kind
            for m in info.matches
            if m.start_line == spot.line and m.expression == license.expression
        }
        if kinds != {"text"}:
            return False
    return True


def _settle_declaration(
    declared: DeclaredLicense, votes: Votes, notes: list[str]
) -> DeclaredLicense:
    """`GPL-3.0` (deprecated) or `GPLv3` in a manifest: the files' notices decide."""
    if declared.spdx is None or not _unstated(declared):
        return declared
    expression = declared.spdx
    for base, scope in sorted(_scopes(declared.spdx)):
        if scope != "only":
            continue
        decided, counted = _decide(votes.get(base, Counter()))
        notes.append(
            f"{declared.path} declares '{declared.raw}', which does not say 'only' or "
            f"'or later'; {counted}: read as {base}-{decided}."
        )
        expression = re.sub(
            rf"(?<![\w.+-]){re.escape(base)}-only\b", f"{base}-{decided}", expression
        )
    return replace(declared, spdx=expression)


def _unstated(declared: DeclaredLicense) -> bool:
    """Whether a declaration names a GPL without saying "only" ("GPL-3.0", "GPLv3")."""
    raw = declared.raw.casefold()
    return "only" not in raw and "-only" in (declared.spdx or "")


def _decide(counts: Counter[str]) -> tuple[str, str]:
    """ "or-later" when files say so and none says "only": the work as a whole may be passed on
    under a later version only if every part allows it. Else "only". And the counts in words."""
    later, only = counts["or-later"], counts["only"]
    if not later and not only:
        return "only", "no notice in the tree says either"
    told = [f"{n} file(s) say {scope}" for n, scope in ((later, "or later"), (only, "only")) if n]
    return ("or-later" if later and not only else "only"), " and ".join(told)
