"""The registry of scanner checks. A check is one module here with one `Check` subclass; adding
one means writing the module and listing its class below (see CONTRIBUTING.md)."""

from __future__ import annotations

from osunited.scanner.checks._base import Check
from osunited.scanner.checks.code_size import CodeSize
from osunited.scanner.checks.deps_inventory import DependencyInventory
from osunited.scanner.checks.deps_licenses import DependencyLicenses
from osunited.scanner.checks.deps_vulnerabilities import KnownVulnerabilities
from osunited.scanner.checks.docs_changelog import Changelog
from osunited.scanner.checks.docs_code_of_conduct import CodeOfConduct
from osunited.scanner.checks.docs_contributing import ContributingGuide
from osunited.scanner.checks.docs_folder import DocsFolder
from osunited.scanner.checks.docs_governance import Governance
from osunited.scanner.checks.docs_languages import DocsLanguages
from osunited.scanner.checks.docs_readme import Readme
from osunited.scanner.checks.docs_security_policy import SecurityPolicy
from osunited.scanner.checks.docs_showcase import Showcase
from osunited.scanner.checks.health_activity import RecentActivity
from osunited.scanner.checks.health_bus_factor import BusFactor
from osunited.scanner.checks.health_diversity import OrganisationalDiversity
from osunited.scanner.checks.health_history import HistoryFigures
from osunited.scanner.checks.health_maintained import Maintained
from osunited.scanner.checks.health_releases import Releases
from osunited.scanner.checks.license_compatibility import ProjectCompatibilityCheck
from osunited.scanner.checks.license_copyright import CopyrightHolders
from osunited.scanner.checks.license_declared import DeclaredMatchesDetected
from osunited.scanner.checks.license_file_compatibility import FileCompatibility
from osunited.scanner.checks.license_file_coverage import FileCoverage
from osunited.scanner.checks.license_osi import OsiApproved
from osunited.scanner.checks.license_policy import RecommendedLicense
from osunited.scanner.checks.license_project import ProjectLicense
from osunited.scanner.checks.publiccode_file import PublicCode
from osunited.scanner.checks.security_binary_artifacts import BinaryArtifacts
from osunited.scanner.checks.security_ci import ContinuousIntegration
from osunited.scanner.checks.security_dangerous_workflow import DangerousWorkflow
from osunited.scanner.checks.security_dependency_updates import DependencyUpdates
from osunited.scanner.checks.security_fuzzing import Fuzzing
from osunited.scanner.checks.security_pinned_dependencies import PinnedDependencies
from osunited.scanner.checks.security_sast import StaticAnalysis
from osunited.scanner.checks.security_secrets import CommittedSecrets
from osunited.scanner.checks.security_token_permissions import TokenPermissions

__all__ = ["Check", "all_checks"]

_CHECKS: tuple[type[Check], ...] = (
    ProjectLicense,
    OsiApproved,
    RecommendedLicense,
    DeclaredMatchesDetected,
    FileCoverage,
    FileCompatibility,
    CopyrightHolders,
    DependencyLicenses,
    ProjectCompatibilityCheck,
    Readme,
    ContributingGuide,
    CodeOfConduct,
    Changelog,
    Governance,
    DocsFolder,
    DocsLanguages,
    Showcase,
    SecurityPolicy,
    DependencyUpdates,
    ContinuousIntegration,
    BinaryArtifacts,
    PinnedDependencies,
    DangerousWorkflow,
    TokenPermissions,
    KnownVulnerabilities,
    CommittedSecrets,
    Fuzzing,
    StaticAnalysis,
    RecentActivity,
    Maintained,
    BusFactor,
    OrganisationalDiversity,
    Releases,
    HistoryFigures,
    CodeSize,
    PublicCode,
    DependencyInventory,
)


def all_checks() -> tuple[type[Check], ...]:
    """Every check, in report order."""
    return _CHECKS
