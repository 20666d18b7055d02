"""A changelog: what changed in each release, for the people who upgrade."""

from __future__ import annotations

from osunited.scanner._model import Pillar
from osunited.scanner._text import _
from osunited.scanner._tree import SourceFile, SourceTree
from osunited.scanner.checks._documents import DocumentCheck, find_documents, find_folders

# Folders of release-note fragments (towncrier, reno) or of one file per release.
CHANGELOG_FOLDERS = (
    "changelog",
    "changelog.d",
    "changes",
    "newsfragments",
    "releasenotes",
    "release-notes",
    "release_notes",
)


class Changelog(DocumentCheck):
    id = "docs.changelog"
    title = _("Changelog")
    pillar = Pillar.DOCUMENTATION
    stems = frozenset(
        {"changelog", "changes", "history", "news", "release_notes", "releasenotes", "releases"}
    )
    document = _("A changelog (CHANGELOG, CHANGES, HISTORY, NEWS or RELEASE_NOTES)")
    remediation = _(
        "Add CHANGELOG.md with a section per release (Added, Changed, Fixed, Removed, Security), "
        "as in keepachangelog.com, or publish release notes from a changelog/ folder."
    )

    def locate(self, tree: SourceTree) -> list[SourceFile]:
        files = find_documents(tree, self.stems, self.folders)
        for folder_files in find_folders(tree, CHANGELOG_FOLDERS).values():
            files.append(folder_files[0])
        return files
