"""Finding a project's documents (README, CONTRIBUTING, SECURITY...) by their conventional names,
for the documentation checks."""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import PurePosixPath
from typing import ClassVar

from osunited.scanner._context import ScanContext
from osunited.scanner._errors import ScanError
from osunited.scanner._model import CheckResult, Evidence, Finding, Outcome, Severity
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._base import Check

DOCUMENT_SUFFIXES = frozenset(
    {"", ".md", ".markdown", ".mdx", ".rst", ".txt", ".adoc", ".asciidoc", ".org", ".html"}
)
# Where GitHub and GitLab look for community files, in their order of preference.
COMMUNITY_FOLDERS = ("", ".github", "docs", "doc")
READ_LIMIT = 256 * 1024


def document_stem(name: str) -> str:
    """`Code-Of-Conduct.fr.md` -> `code_of_conduct`: the name without suffixes, case or dashes."""
    return name.split(".", 1)[0].lower().replace("-", "_").replace(" ", "_")


def is_document(name: str) -> bool:
    return PurePosixPath(name.lower()).suffix in DOCUMENT_SUFFIXES


def find_documents(
    tree: SourceTree, stems: Iterable[str], folders: Iterable[str] = COMMUNITY_FOLDERS
) -> list[SourceFile]:
    """The documents directly in `folders` (case-insensitive) whose stem is one of `stems`,
    best first: by folder order, then the shortest name (`README.md` before `README.fr.md`)."""
    wanted = frozenset(stems)
    order = {folder.lower(): rank for rank, folder in enumerate(folders)}
    found = []
    for file in tree.near_top():
        folder = file.path.rpartition("/")[0].lower()
        if folder in order and document_stem(file.name) in wanted and is_document(file.name):
            found.append((order[folder], len(file.name), file.path, file))
    return [entry[-1] for entry in sorted(found, key=lambda entry: entry[:3])]


def find_folders(tree: SourceTree, names: Iterable[str]) -> dict[str, list[SourceFile]]:
    """The files under each top-level folder named one of `names` (case-insensitive)."""
    wanted = {name.lower() for name in names}
    found: dict[str, list[SourceFile]] = {}
    for file in tree.files:
        top, _, rest = file.path.partition("/")
        if rest and top.lower() in wanted:
            found.setdefault(top, []).append(file)
    return found


def read_document(tree: SourceTree, file: SourceFile) -> str:
    """The start of a document's text; an unreadable one reads as empty."""
    try:
        return tree.read_text(file, READ_LIMIT)
    except ScanError:
        return ""


def evidence(files: Iterable[SourceFile]) -> list[Evidence]:
    return [Evidence(file.path) for file in files]


class DocumentCheck(Check):
    """A check that a conventional document exists, e.g. CONTRIBUTING. Subclasses name it and may
    look further (`locate`) or into its text (`inspect`)."""

    stems: ClassVar[frozenset[str]]
    folders: ClassVar[tuple[str, ...]] = COMMUNITY_FOLDERS
    document: ClassVar[str]  # "A contributing guide"
    severity: ClassVar[Severity] = Severity.WARNING
    remediation: ClassVar[str]

    def run(self, context: ScanContext) -> CheckResult:
        found = self.locate(context.tree)
        data = {"path": found[0].path if found else None, "paths": [f.path for f in found]}
        if not found:
            where = ", ".join(f"{folder}/" for folder in self.folders if folder)
            message = _(
                "{document} was not found at the top of the project or in {folders}.",
                document=self.document,
                folders=where,
            )
            finding = self.finding(message, self.severity, self.remediation, rule="missing")
            return self.result(Outcome.FAIL, message, [finding], data)
        findings = self.inspect(context.tree, found[0])
        failed = any(f.severity is not Severity.INFO for f in findings)
        summary = _("{document} is present: {path}.", document=self.document, path=found[0].path)
        return self.result(Outcome.FAIL if failed else Outcome.PASS, summary, findings, data)

    def locate(self, tree: SourceTree) -> list[SourceFile]:
        return find_documents(tree, self.stems, self.folders)

    def inspect(self, tree: SourceTree, file: SourceFile) -> list[Finding]:
        return []
