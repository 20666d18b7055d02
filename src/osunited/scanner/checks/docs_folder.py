"""A documentation folder or site beyond the README (CPF principle 6)."""

from __future__ import annotations

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import find_folders, is_document

DOC_FOLDERS = ("docs", "doc", "documentation")
# Configurations of documentation site generators (MkDocs, Sphinx, Antora, mdBook, Docusaurus).
SITE_CONFIGS = frozenset(
    {
        "mkdocs.yml",
        "mkdocs.yaml",
        "docs/mkdocs.yml",
        "docs/conf.py",
        "doc/conf.py",
        "docs/source/conf.py",
        "doc/source/conf.py",
        "antora.yml",
        "docs/antora.yml",
        "book.toml",
        "docusaurus.config.js",
        "docusaurus.config.ts",
        "website/docusaurus.config.js",
        "website/docusaurus.config.ts",
        ".readthedocs.yaml",
        ".readthedocs.yml",
    }
)
EXTRA_DOCUMENT_SUFFIXES = (".ipynb", ".pdf", ".odt", ".docx", ".tex", ".htm")


class DocsFolder(Check):
    id = "docs.folder"
    title = "Documentation folder"
    pillar = Pillar.DOCUMENTATION

    def run(self, context: ScanContext) -> CheckResult:
        folders = {
            folder: [f for f in files if _is_document(f.name)]
            for folder, files in find_folders(context.tree, DOC_FOLDERS).items()
        }
        documents = sum(len(files) for files in folders.values())
        sites = sorted(f.path for f in context.tree.files if f.path.lower() in SITE_CONFIGS)
        names = sorted(folder for folder, files in folders.items() if files)
        data = {"folders": names, "documents": documents, "site_configs": sites}
        if documents or sites:
            return self.result(Outcome.PASS, _summary(names, documents, sites), data=data)
        message = "No docs/ folder with documents and no documentation site configuration."
        finding = self.finding(
            message,
            Severity.INFO,
            "Add a docs/ folder (Markdown is enough, or a MkDocs or Sphinx site) with a user "
            "guide, the architecture, how to deploy and operate, and how to contribute.",
            rule="missing",
        )
        return self.result(Outcome.FAIL, message, [finding], data)


def _is_document(name: str) -> bool:
    lowered = name.lower()
    return (is_document(lowered) and "." in lowered) or lowered.endswith(EXTRA_DOCUMENT_SUFFIXES)


def _summary(folders: list[str], documents: int, sites: list[str]) -> str:
    parts = []
    if documents:
        parts.append(f"{documents} document(s) in " + ", ".join(f"{name}/" for name in folders))
    if sites:
        parts.append("a documentation site configured in " + ", ".join(sites))
    return "Documentation beyond the README: " + "; ".join(parts) + "."
