"""What every check sees: the tree, its history, the policy, and analyses shared between checks."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import TYPE_CHECKING

from osunited.scanner._limits import Deadline, ScanLimits
from osunited.scanner._policy import Policy
from osunited.scanner._tree import SourceTree

if TYPE_CHECKING:
    from osunited.scanner._cache import ScanCache
    from osunited.scanner._history import History
    from osunited.scanner.checks._workflows import CiFiles
    from osunited.scanner.deps import DependencyAnalysis
    from osunited.scanner.licenses import LicenseAnalysis
    from osunited.scanner.licenses._compatibility import ProjectCompatibility

ProgressCallback = Callable[[str, int, int], None]  # (stage, done, total)


@dataclass
class ScanContext:
    """Shared by all checks of one scan. Expensive analyses are computed once, on first use."""

    tree: SourceTree
    policy: Policy
    limits: ScanLimits
    deadline: Deadline
    cache: ScanCache
    git_dir: Path | None = None
    shallow: bool = False
    deepen: Callable[[int], None] | None = None  # fetches `days` of history into a shallow clone
    progress: ProgressCallback | None = None
    vulndb_path: Path | None = None  # the local OSV database; None: the default location
    notes: list[str] = field(default_factory=list)

    @cached_property
    def licenses(self) -> LicenseAnalysis:
        from osunited.scanner.licenses import analyse_licenses

        return analyse_licenses(self)

    @cached_property
    def dependencies(self) -> DependencyAnalysis:
        from osunited.scanner.deps import analyse_dependencies

        return analyse_dependencies(self)

    @cached_property
    def compatibility(self) -> ProjectCompatibility:
        """The whole project's license compatibility, one verdict for every check that asks."""
        from osunited.scanner.licenses._compatibility import judge_whole_project

        return judge_whole_project(self.licenses, self.dependencies.dependencies)

    @cached_property
    def ci_files(self) -> CiFiles:
        from osunited.scanner.checks._workflows import ci_files

        return ci_files(self.tree)

    @cached_property
    def history(self) -> History | None:
        """The git history, or None when the tree has none ("not available")."""
        from osunited.scanner._history import read_history

        return read_history(self)

    def report_progress(self, stage: str, done: int, total: int) -> None:
        if self.progress is not None:
            self.progress(stage, done, total)
