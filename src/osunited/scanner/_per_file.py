"""Running an analysis on every file of the tree once per content: results are cached by git
blob id, and a file unchanged since the last scan (same path, size and time) is not even read."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from osunited.scanner._tree import SourceFile, blob_id

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext

FileAnalysis = Callable[[SourceFile, bytes], Any]  # returns JSON-able data


def per_file(
    context: ScanContext, analysis: str, compute: FileAnalysis, *, stage: str
) -> dict[str, Any]:
    """`compute`'s result for every file within the size cap, by path. `analysis` names the
    analysis and its version: change it whenever `compute` changes its results."""
    tree, cache = context.tree, context.cache
    files = [f for f in tree.files if f.size <= tree.max_file_bytes]
    known = cache.known_results(analysis, files)
    results: dict[str, Any] = {}
    for done, file in enumerate(files, start=1):
        if done % 500 == 0:
            context.deadline.check()
            context.report_progress(stage, done, len(files))
        found = known.get(file.path)
        results[file.path] = (
            found[1] if found is not None else _fresh(context, analysis, compute, file)
        )
    context.report_progress(stage, len(files), len(files))
    return results


def _fresh(context: ScanContext, analysis: str, compute: FileAnalysis, file: SourceFile) -> Any:
    """The result for a file not known by its stat: by content hash from the cache, or computed."""
    content = context.tree.read_bytes(file)
    blob = blob_id(content)
    context.cache.remember_blob(file, blob)
    data = context.cache.get(analysis, blob)
    if data is None:
        data = compute(file, content)
        context.cache.put(analysis, blob, data)
    return data
