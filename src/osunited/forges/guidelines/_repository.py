"""The probes of what a repository holds and how it is set: CH2, CH3, CH4, CH6, CH12."""

from __future__ import annotations

import re
from functools import cache

from osunited.forges.adapters.base import AccessLevel, NamespaceSettings, RepositorySettings
from osunited.forges.guidelines._model import (
    AuditFacts,
    Findings,
    Probe,
    default_protection,
    names,
    unobservable,
)

# CH2 ----------------------------------------------------------------------------------------

_README = re.compile(r"^readme(\.|$)", re.IGNORECASE)
_LICENSE = re.compile(r"^(licen[cs]e|copying)(s|\.|$)", re.IGNORECASE)


def basic_hosting_requirements(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    repository = settings.repository
    if repository.empty:
        found.see("repository.empty", True)
        found.fail(
            "the repository has no commit yet",
            "Push the project's first commit with a README and a LICENSE.",
        )
    _check_protection(settings, found)
    _check_top_files(settings, found)
    found.see("description", settings.description)
    if settings.description is None:
        found.cannot_see("the adapter did not read the description")
    elif not settings.description.strip():
        found.fail("the repository has no description", "Describe the project in one sentence.")
    _check_release(settings, facts, found)
    return found.probe(
        f"The default branch {repository.default_branch} is protected without force push, and "
        "the repository has a description, a README and a LICENSE."
    )


def _check_protection(settings: RepositorySettings, found: Findings) -> None:
    branch = settings.repository.default_branch
    hidden = unobservable(settings, "protections", "the branch protection")
    protection = default_protection(settings)
    found.see(f"protections[{branch}]", protection.branch if protection else None)
    if hidden:
        found.cannot_see(hidden)
    elif protection is None:
        found.fail(
            f"the default branch {branch} is not protected",
            f"Protect {branch}: no force push, pushes and merges by maintainers only.",
        )
    else:
        found.see(f"protections[{branch}].allow_force_push", protection.allow_force_push)
        found.see(f"protections[{branch}].push_access", protection.push_access)
        if protection.allow_force_push:
            found.fail(
                f"force push to {branch} is allowed",
                f"Turn off force push on the protected branch {branch}.",
            )
        if protection.push_access is not None and protection.push_access < AccessLevel.MAINTAINER:
            found.fail(
                f"{protection.push_access.name.title()}s may push to {branch} directly",
                f"Allow pushes to {branch} to maintainers only.",
            )


def _check_top_files(settings: RepositorySettings, found: Findings) -> None:
    if settings.top_files is None:
        found.cannot_see("the adapter did not list the files at the top of the default branch")
        return
    found.see("top_files", settings.top_files)
    for pattern, what in ((_README, "README"), (_LICENSE, "LICENSE")):
        if not any(pattern.match(name) for name in settings.top_files):
            found.fail(
                f"there is no {what} at the top of the default branch",
                f"Add a {what} at the top of the repository.",
            )


def _check_release(settings: RepositorySettings, facts: AuditFacts, found: Findings) -> None:
    repository = settings.repository
    found.see("visibility", repository.visibility.value)
    if facts.released is None or repository.visibility == "private":
        return
    if repository.full_path not in facts.released:
        found.fail(
            f"it is {repository.visibility.value} before the committee approved its release "
            "(CPF 4.4.8)",
            "Make the repository private until the committee approves its release.",
        )


# CH3, CH4 -----------------------------------------------------------------------------------


def ci_pipelines(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    found.see("ci_files", settings.ci_files)
    hidden = unobservable(settings, "ci_files", "the CI configuration")
    if hidden:
        found.cannot_see(hidden)
    elif not settings.ci_files:
        found.fail(
            "there is no CI file (.gitlab-ci.yml or .github/workflows/) on the default branch",
            "Add a CI file that builds and tests every merge request.",
        )
    return found.probe(f"CI runs from {names(settings.ci_files)}.")


# `osu scan`, GitLab's security templates, GitHub's code and dependency scanning actions.
_SCANS = re.compile(
    r"\bosu\s+scan\b"
    r"|\b(?:Security|Jobs)/(?:SAST|Dependency-Scanning|Secret-Detection)(?:\.latest)?\.gitlab-ci\.yml"
    r"|\bgithub/codeql-action/analyze\b|\bactions/dependency-review-action\b"
)


def security_scans(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    fix = "Run `osu scan` in the CI pipeline on every merge request, failing on error findings."
    texts = settings.ci_texts
    found.see("ci_files", settings.ci_files)
    scanning = sorted(path for path, text in (texts or {}).items() if _SCANS.search(text))
    hidden = unobservable(settings, "ci_files", "the CI configuration")
    if hidden:
        found.cannot_see(hidden)
    elif not settings.ci_files:
        found.fail("there is no CI pipeline to run security scans in", fix)
    elif texts is None:
        found.cannot_see("the adapter did not read the CI files' content", fix)
    else:
        found.see("ci_texts.scans", scanning)
        if not scanning:
            found.fail(
                f"the CI files ({names(settings.ci_files)}) run neither `osu scan` nor the forge's "
                "SAST or dependency scanning",
                fix,
            )
    return found.probe(f"{names(scanning)} runs security scans.")


# CH6 ----------------------------------------------------------------------------------------

_UNKNOWN_LICENSES = {"NOASSERTION", "NONE", "OTHER", ""}


@cache
def _default_recommended_licenses() -> frozenset[str]:
    from osunited.scanner import default_policy

    return default_policy().recommended_licenses


def license_scheme(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    spdx = settings.license_spdx
    found.see("license_spdx", spdx)
    hidden = unobservable(settings, "license_spdx", "the license")
    has_file = None if settings.top_files is None else any(map(_LICENSE.match, settings.top_files))
    if hidden:
        found.cannot_see(hidden)
    elif spdx is None or spdx.upper() in _UNKNOWN_LICENSES:
        if has_file is False:
            found.fail("there is no LICENSE file", "Add a LICENSE from the recommended scheme.")
        else:
            found.cannot_see("the forge does not tell which license the LICENSE file holds")
    else:
        recommended = facts.recommended_licenses or _default_recommended_licenses()
        outside = {i for i in re.split(r"\s+(?:OR|AND|WITH)\s+|[()]", spdx) if i} - recommended
        if outside:
            found.fail(
                f"the license {spdx} is not in the recommended license scheme",
                "Relicense under a license of the recommended scheme (CPF 4.2).",
            )
    return found.probe(f"{spdx} is in the recommended license scheme.")


# CH12 ---------------------------------------------------------------------------------------


def collaborative_tools(
    settings: RepositorySettings, namespace: NamespaceSettings, facts: AuditFacts
) -> Probe:
    found = Findings()
    found.see("issues_enabled", settings.issues_enabled)
    found.see("wiki_enabled", settings.wiki_enabled)
    tools = (("issues_enabled", "the issues", "are"), ("wiki_enabled", "the wiki", "is"))
    for key, tool, verb in tools:
        hidden = unobservable(settings, key, f"whether {tool} {verb} on")
        if hidden:
            found.cannot_see(hidden)
        elif not getattr(settings, key):
            found.fail(f"{tool} {verb} turned off", f"Turn on {tool} in the project's settings.")
    return found.probe("Issues and the wiki are on.")
