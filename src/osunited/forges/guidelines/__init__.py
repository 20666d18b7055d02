"""The code hosting guidelines CH1-CH12 (CPF 4.4.10) as data, each with the probe that evidences
it from what a forge says about a repository and its namespace, plus the facts only the platform
knows (CLA acceptances, audits, backup attestations).

Texts and stage levels come from the framework file, never from here. A probe answers met, not
met, or not observable (with why), names the API fields it read and says how to remedy.
Pure Python: no Django."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache

from osunited.forges.guidelines._access import (
    access_the_platform,
    merge_request_approvals,
    role_based_access,
    role_distinctions,
)
from osunited.forges.guidelines._model import (
    AuditFacts,
    Guideline,
    Outcome,
    Probe,
    ProbeFunction,
    Source,
)
from osunited.forges.guidelines._records import (
    compliance_audits,
    contributor_license_agreement,
    disaster_recovery,
)
from osunited.forges.guidelines._repository import (
    basic_hosting_requirements,
    ci_pipelines,
    collaborative_tools,
    license_scheme,
    security_scans,
)
from osunited.framework import load_framework

FRAMEWORK = "cpf-rc1"

PROBES: Mapping[str, tuple[Source, ProbeFunction]] = {
    "CH1": (Source.FORGE, access_the_platform),
    "CH2": (Source.FORGE, basic_hosting_requirements),
    "CH3": (Source.FORGE, ci_pipelines),
    "CH4": (Source.FORGE, security_scans),
    "CH5": (Source.FORGE, role_based_access),
    "CH6": (Source.FORGE, license_scheme),
    "CH7": (Source.PLATFORM_RECORDS, contributor_license_agreement),
    "CH8": (Source.AUDIT_HISTORY, compliance_audits),
    "CH9": (Source.ATTESTATION, disaster_recovery),
    "CH10": (Source.FORGE, merge_request_approvals),
    "CH11": (Source.FORGE, role_distinctions),
    "CH12": (Source.FORGE, collaborative_tools),
}


@cache
def guidelines(framework_id: str = FRAMEWORK) -> tuple[Guideline, ...]:
    """CH1-CH12 with their text, stage levels and action from the framework file."""
    framework = load_framework(framework_id)
    found = []
    for guideline_id, (source, probe) in PROBES.items():
        item = framework.item(guideline_id)
        found.append(Guideline(item.id, item.text, item.levels, item.action, source, probe))
    return tuple(found)


__all__ = [
    "FRAMEWORK",
    "PROBES",
    "AuditFacts",
    "Guideline",
    "Outcome",
    "Probe",
    "ProbeFunction",
    "Source",
    "guidelines",
]
