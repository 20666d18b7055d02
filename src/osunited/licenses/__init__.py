"""The licenses engine (CPF 4.2): licenses as data in plain language, the compatibility of one
license with another for each kind of use by several independent sources, a whole project's
verdict, and the use-case chooser. Pure Python: no Django; the platform's `licensing` app, the
scanner and `osu license` use it through the names below."""

from osunited.licenses._catalogue import (
    LicenseDataError,
    all_license_facts,
    data_attribution,
    license_facts,
    license_text,
    osi_approved_ids,
)
from osunited.licenses._compat import SOURCES, check_pair
from osunited.licenses._project import (
    judge_project,
    project_verdict_from_dict,
    project_verdict_to_dict,
)
from osunited.licenses._summaries import (
    LicenseSummary,
    Rule,
    family_of,
    license_summaries,
    patent_terms,
    summary_for,
)
from osunited.licenses._types import (
    Component,
    ComponentKind,
    ComponentVerdict,
    Family,
    LicenseFacts,
    PairCheck,
    PatentTerms,
    ProjectVerdict,
    Source,
    SourceVerdict,
    Use,
    Verdict,
)

__all__ = [
    "SOURCES",
    "Component",
    "ComponentKind",
    "ComponentVerdict",
    "Family",
    "LicenseDataError",
    "LicenseFacts",
    "LicenseSummary",
    "PairCheck",
    "PatentTerms",
    "ProjectVerdict",
    "Rule",
    "Source",
    "SourceVerdict",
    "Use",
    "Verdict",
    "all_license_facts",
    "check_pair",
    "data_attribution",
    "family_of",
    "judge_project",
    "license_facts",
    "license_summaries",
    "license_text",
    "osi_approved_ids",
    "patent_terms",
    "project_verdict_from_dict",
    "project_verdict_to_dict",
    "summary_for",
]
