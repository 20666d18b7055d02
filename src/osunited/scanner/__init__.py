"""The Open Source United scanner: license compliance, documentation, project health and
publiccode.yml of a source tree. Pure Python; it never runs code from the scanned repository.

    >>> from osunited.scanner import scan
    >>> report = scan("path/or/git/url/or/archive.tar.gz")
    >>> report.scores, report.findings
"""

from osunited.scanner._errors import LimitExceeded, ScanError
from osunited.scanner._limits import ScanLimits
from osunited.scanner._model import (
    CheckResult,
    Evidence,
    Finding,
    Outcome,
    Pillar,
    ScanReport,
    Severity,
    Target,
    TreeStats,
    report_from_dict,
)
from osunited.scanner._netguard import UnsafeURL, check_clone_url
from osunited.scanner._policy import Policy, default_policy, default_policy_text, load_policy
from osunited.scanner._scan import REPORT_SCHEMA_VERSION, pillar_scores, scan
from osunited.scanner._source import PreparedTarget, prepare_target
from osunited.scanner._text import Text, stored_text, text_to_dict
from osunited.scanner.checks import Check, all_checks
from osunited.scanner.licenses._compatibility import project_compatibility

__all__ = [
    "REPORT_SCHEMA_VERSION",
    "Check",
    "CheckResult",
    "Evidence",
    "Finding",
    "LimitExceeded",
    "Outcome",
    "Pillar",
    "Policy",
    "PreparedTarget",
    "ScanError",
    "ScanLimits",
    "ScanReport",
    "Severity",
    "Target",
    "Text",
    "TreeStats",
    "UnsafeURL",
    "all_checks",
    "check_clone_url",
    "default_policy",
    "default_policy_text",
    "load_policy",
    "pillar_scores",
    "prepare_target",
    "project_compatibility",
    "report_from_dict",
    "scan",
    "stored_text",
    "text_to_dict",
]
