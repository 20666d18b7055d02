"""A documentation folder or site beyond the README (CPF principle 6)."""

from __future__ import annotations

import re

from osunited.scanner._context import ScanContext
from osunited.scanner._model import CheckResult, Outcome, Pillar, Severity
from osunited.scanner._text import _, join, ngettext
from osunited.scanner.checks._base import Check
from osunited.scanner.checks._documents import find_folders, is_document

# Top-level folders that hold documentation: docs/, doc/, documentation/, and names such as
# docs-website/, docs_src/ or user-docs/.
_DOC_FOLDER = re.compile(
    r"^(?:docs?|documentation)(?:[-_.][\w.-]+)?$|^[\w.-]+[-_](?:docs?|documentation)$", re.I
)
# Configurations of documentation site generators (MkDocs, Sphinx, Antora, mdBook, Docusaurus,
# VitePress, Read the Docs), at the top or up to two folders down (docs-website/, packages/docs/).
_SITE_CONFIG = re.compile(
    r"(?:^|/)(?:docusaurus\.config\.[cm]?[jt]s|website/siteConfig\.js|mkdocs\.ya?ml|antora\.yml|"
    r"antora-playbook\.ya?ml|book\.toml|\.readthedocs\.ya?ml|\.vitepress/config\.[cm]?[jt]s)$|"
    r"(?:^|/)(?:docs?|documentation)(?:[-_.][\w.-]+)?/(?:source/)?conf\.py$",
    re.I,
)
_SITE_CONFIG_DEPTH = 2
_VENDORED = frozenset({"node_modules", "vendor", "third_party", "dist", "build"})
EXTRA_DOCUMENT_SUFFIXES = (".ipynb", ".pdf", ".odt", ".docx", ".tex", ".htm")


class DocsFolder(Check):
    id = "docs.folder"
    title = _("Documentation folder")
    pillar = Pillar.DOCUMENTATION

    def run(self, context: ScanContext) -> CheckResult:
        folders = {
            folder: [f for f in files if _is_document(f.name)]
            for folder, files in find_folders(context.tree, _doc_folders(context)).items()
        }
        documents = sum(len(files) for files in folders.values())
        sites = sorted(f.path for f in context.tree.files if _is_site_config(f.path))
        names = sorted(folder for folder, files in folders.items() if files)
        data = {"folders": names, "documents": documents, "site_configs": sites}
        if documents or sites:
            return self.result(Outcome.PASS, _summary(names, documents, sites), data=data)
        message = _("No docs/ folder with documents and no documentation site configuration.")
        finding = self.finding(
            message,
            Severity.INFO,
            _(
                "Add a docs/ folder (Markdown is enough, or a MkDocs or Sphinx site) with a user "
                "guide, the architecture, how to deploy and operate, and how to contribute."
            ),
            rule="missing",
        )
        return self.result(Outcome.FAIL, message, [finding], data)


def _doc_folders(context: ScanContext) -> set[str]:
    tops = {f.path.partition("/")[0] for f in context.tree.files if "/" in f.path}
    return {top for top in tops if _DOC_FOLDER.match(top)}


def _is_site_config(path: str) -> bool:
    folders = path.split("/")[:-1]
    if len(folders) > _SITE_CONFIG_DEPTH + (".vitepress" in folders):
        return False
    return not _VENDORED.intersection(folders) and bool(_SITE_CONFIG.search(path))


def _is_document(name: str) -> bool:
    lowered = name.lower()
    return (is_document(lowered) and "." in lowered) or lowered.endswith(EXTRA_DOCUMENT_SUFFIXES)


def _summary(folders: list[str], documents: int, sites: list[str]) -> str:
    parts = []
    if documents:
        where = ", ".join(f"{name}/" for name in folders)
        parts.append(
            ngettext(
                "{count} document(s) in {folders}",
                "{count} document(s) in {folders}",
                documents,
                folders=where,
            )
        )
    if sites:
        parts.append(_("a documentation site configured in {files}", files=", ".join(sites)))
    return _("Documentation beyond the README: {parts}.", parts=join("; ", parts))
