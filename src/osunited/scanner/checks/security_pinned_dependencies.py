"""security.pinned-dependencies: CI actions and container images are pinned to an immutable
digest, so that a moved tag cannot change what the build runs (Scorecard's Pinned-Dependencies)."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Pillar, Severity
from osunited.scanner._text import _
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._workflows import Workflow

_SHA = re.compile(r"@[0-9a-f]{40}$")
_DIGEST = re.compile(r"@sha256:[0-9a-f]{64}$")
_FROM = re.compile(r"^\s*FROM\s+(?:--platform=\S+\s+)?(\S+)", re.I | re.M)
_EXAMPLES = 30


class PinnedDependencies(Check):
    id = "security.pinned-dependencies"
    title = _("CI dependencies pinned")
    pillar = Pillar.SECURITY

    def run(self, context: ScanContext) -> CheckResult:
        ci = context.ci_files
        if not (ci.github_workflows or ci.gitlab_ci or ci.dockerfiles):
            return self.not_available(
                _("No CI workflow, .gitlab-ci.yml or Dockerfile in the tree.")
            )
        loose = (
            _actions(ci.github_workflows)
            + _gitlab_images(ci.gitlab_ci)
            + _docker_images(ci.dockerfiles)
        )
        places = sum(len(where) for _, where in loose)
        data = {"unpinned": places, "references": len(loose)}
        if not loose:
            summary = _("Actions and images are pinned by digest.")
            return self.result(Outcome.PASS, summary, data=data)
        findings = [self._unpinned(what, where) for what, where in loose[:_EXAMPLES]]
        summary = _(
            "{count} action(s) or image(s) are not pinned to a digest, in {places} place(s).",
            count=len(loose),
            places=places,
        )
        return self.result(Outcome.FAIL, summary, findings, data)

    def _unpinned(self, what: str, where: list[Evidence]) -> Finding:
        return self.finding(
            _("{what} is referenced by a tag or branch, which can change under you.", what=what),
            Severity.WARNING,
            _(
                "Pin it to the full commit SHA (actions) or image digest (@sha256:...), with the "
                "version in a comment; let Dependabot or Renovate update the pins."
            ),
            where,
            rule="unpinned",
        )


# What is not pinned, once per reference and file, with every place it is used.
Unpinned = list[tuple[str, list[Evidence]]]


def _actions(workflows: list[Workflow]) -> Unpinned:
    loose: Unpinned = []
    for workflow in workflows:
        uses_list = [step.get("uses") for _, step in workflow.steps()]
        uses_list += [job.get("uses") for job in workflow.jobs().values()]
        for uses in dict.fromkeys(u for u in uses_list if isinstance(u, str)):
            if not _pinned_action(uses):
                loose.append((_("Action {uses}", uses=uses), _places(workflow, uses, ("uses",))))
    return loose


def _places(workflow: Workflow, value: str, keys: tuple[str, ...]) -> list[Evidence]:
    return [Evidence(workflow.path, line) for line in workflow.lines_of_value(value, keys)]


def _pinned_action(uses: str) -> bool:
    if uses.startswith("./"):
        return True  # an action of this repository
    if uses.startswith("docker://"):
        return bool(_DIGEST.search(uses))
    return bool(_SHA.search(uses))


def _gitlab_images(ci: Workflow | None) -> Unpinned:
    if ci is None:
        return []
    images = [ci.document.get("image")]
    for key, job in ci.document.items():
        if isinstance(job, dict) and not str(key).startswith("."):
            images.append(job.get("image"))
            services = job.get("services")
            images += services if isinstance(services, list) else []
    names = [image.get("name") if isinstance(image, dict) else image for image in images]
    return [
        (_("Image {name}", name=name), _places(ci, name, ("image", "name")))
        for name in dict.fromkeys(n for n in names if isinstance(n, str))
        if "$" not in name and not _DIGEST.search(name)
    ]


def _docker_images(files: list[tuple[str, str]]) -> Unpinned:
    loose: Unpinned = []
    for path, text in files:
        stages = {m.lower() for m in re.findall(r"^\s*FROM\s+\S+\s+AS\s+(\S+)", text, re.I | re.M)}
        places: dict[str, list[Evidence]] = {}
        for match in _FROM.finditer(text):
            image = match.group(1)
            if image.lower() in stages or image == "scratch" or "$" in image:
                continue
            if not _DIGEST.search(image):
                line = text.count("\n", 0, match.start(1)) + 1
                places.setdefault(image, []).append(Evidence(path, line))
        loose += [(_("Base image {image}", image=image), where) for image, where in places.items()]
    return loose
