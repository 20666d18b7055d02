"""A whole project's compatibility: every component (a dependency or a file under a license of
its own) judged against the project's license for the way it is used, and the project's verdict,
the most cautious of them. Stored in the scanner's report through `project_verdict_to_dict`."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from osunited.licenses._compat import SOURCES, check_pair
from osunited.licenses._sources._base import USE_WORDS
from osunited.licenses._types import (
    Component,
    ComponentKind,
    ComponentVerdict,
    PairCheck,
    ProjectVerdict,
    Source,
    SourceVerdict,
    Use,
    Verdict,
)

_OUTCOME = {
    Verdict.COMPATIBLE: "is compatible",
    Verdict.CONDITIONAL: "is compatible only on conditions",
    Verdict.INCOMPATIBLE: "is incompatible",
    Verdict.UNKNOWN: "cannot be judged",
}


def judge_project(outbound: str | None, components: Iterable[Component]) -> ProjectVerdict:
    """Each component's verdict, with the reason naming the licenses, the use and the path by
    which it enters the project; the project's verdict is the most cautious one (UNKNOWN with
    no project license). Pair checks are shared between components with the same license."""
    checks: dict[tuple[str, Use], PairCheck] = {}
    judged = tuple(_judge(outbound, component, checks) for component in components)
    if outbound is None:
        verdict = Verdict.UNKNOWN
    else:
        verdict = max((c.verdict for c in judged), key=_caution, default=Verdict.COMPATIBLE)
    return ProjectVerdict(outbound, verdict, judged)


def _judge(
    outbound: str | None, component: Component, checks: dict[tuple[str, Use], PairCheck]
) -> ComponentVerdict:
    where = _path(component)
    if component.license is None or not component.license.strip():
        reason = f"{component.name}: nobody states its license ({where})."
        return ComponentVerdict(component, Verdict.UNKNOWN, reason)
    if outbound is None:
        reason = (
            f"{component.name} ({component.license}): the project states no license of its own "
            f"to judge it against ({where})."
        )
        return ComponentVerdict(component, Verdict.UNKNOWN, reason)
    key = (component.license, component.use)
    check = checks.get(key)
    if check is None:
        check = checks[key] = check_pair(component.license, outbound, component.use)
    return ComponentVerdict(component, check.verdict, _reason(component, check, where), check)


def _reason(component: Component, check: PairCheck, where: str) -> str:
    words = (
        f"{component.name}: {check.inbound} {USE_WORDS[component.use]} in a project under "
        f"{check.outbound} {_OUTCOME[check.verdict]} ({where})."
    )
    deciding = next((v for v in check.covering if v.verdict == check.verdict), None)
    if deciding is not None:
        words += f" {deciding.source.name}: {deciding.explanation}"
    if check.disagreement:
        said = ", ".join(f"{v.source.name}: {v.verdict.value}" for v in check.covering)
        words += f" The sources disagree ({said})."
    return words


def _path(component: Component) -> str:
    chain = list(component.path)
    if not chain or chain[-1] != component.name:
        chain.append(component.name)
    if component.kind == ComponentKind.FILE and component.line is not None:
        chain[-1] = f"{chain[-1]}, line {component.line}"
    return "path: " + " -> ".join(chain)


def _caution(verdict: Verdict) -> int:
    return verdict.caution


def project_verdict_to_dict(verdict: ProjectVerdict) -> dict[str, Any]:
    """The verdict as JSON-ready data; each distinct pair check is stored once."""
    checks: dict[int, int] = {}
    stored_checks: list[dict[str, Any]] = []
    sources: dict[str, Source] = {}
    components = []
    for judged in verdict.components:
        entry: dict[str, Any] = {
            "component": _component_to_dict(judged.component),
            "verdict": judged.verdict.value,
            "reason": judged.reason,
            "check": None,
        }
        if judged.check is not None:
            if id(judged.check) not in checks:
                checks[id(judged.check)] = len(stored_checks)
                stored_checks.append(_check_to_dict(judged.check, sources))
            entry["check"] = checks[id(judged.check)]
        components.append(entry)
    return {
        "outbound": verdict.outbound,
        "verdict": verdict.verdict.value,
        "sources": [_source_to_dict(s) for s in sources.values()],
        "checks": stored_checks,
        "components": components,
    }


def project_verdict_from_dict(data: Mapping[str, Any]) -> ProjectVerdict:
    """The verdict `project_verdict_to_dict` stored, read back as the engine's types."""
    sources = {s.key: s for s in SOURCES}
    sources.update({s["key"]: Source(**s) for s in data.get("sources", ())})
    checks = [_check_from_dict(c, sources) for c in data.get("checks", ())]
    components = tuple(
        ComponentVerdict(
            component=_component_from_dict(c["component"]),
            verdict=Verdict(c["verdict"]),
            reason=c["reason"],
            check=None if c.get("check") is None else checks[c["check"]],
        )
        for c in data.get("components", ())
    )
    return ProjectVerdict(data.get("outbound"), Verdict(data["verdict"]), components)


def _component_to_dict(component: Component) -> dict[str, Any]:
    return {
        "name": component.name,
        "kind": component.kind.value,
        "license": component.license,
        "use": component.use.value,
        "path": list(component.path),
        "line": component.line,
    }


def _component_from_dict(data: Mapping[str, Any]) -> Component:
    return Component(
        name=data["name"],
        kind=ComponentKind(data["kind"]),
        license=data.get("license"),
        use=Use(data["use"]),
        path=tuple(data.get("path", ())),
        line=data.get("line"),
    )


def _check_to_dict(check: PairCheck, sources: dict[str, Source]) -> dict[str, Any]:
    for v in check.verdicts:
        sources.setdefault(v.source.key, v.source)
    return {
        "inbound": check.inbound,
        "outbound": check.outbound,
        "use": check.use.value,
        "verdicts": [
            {
                "source": v.source.key,
                "verdict": v.verdict.value,
                "explanation": v.explanation,
                "reference": v.reference,
            }
            for v in check.verdicts
        ],
    }


def _check_from_dict(data: Mapping[str, Any], sources: Mapping[str, Source]) -> PairCheck:
    verdicts = tuple(
        SourceVerdict(
            source=sources.get(v["source"]) or Source(v["source"], v["source"], "", ""),
            verdict=Verdict(v["verdict"]),
            explanation=v["explanation"],
            reference=v.get("reference", ""),
        )
        for v in data["verdicts"]
    )
    return PairCheck(data["inbound"], data["outbound"], Use(data["use"]), verdicts)


def _source_to_dict(source: Source) -> dict[str, str]:
    return {
        "key": source.key,
        "name": source.name,
        "url": source.url,
        "attribution": source.attribution,
    }
