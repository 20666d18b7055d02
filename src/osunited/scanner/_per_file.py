"""Running an analysis on every file of the tree once per content: results are cached by git
blob id, and a file unchanged since the last scan (same path, size and time) is not even read."""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import TYPE_CHECKING, Any

from osunited.scanner._tree import SourceFile, blob_id

if TYPE_CHECKING:
    from osunited.scanner._context import ScanContext

FileAnalysis = Callable[[SourceFile, bytes], Any]  # returns JSON-able data
# Files read before their cached results are looked up in one query: at most this many, and
# no more bytes than this, held at once.
_BATCH_FILES = 256
_BATCH_BYTES = 16 * 2**20


def per_file(
    context: ScanContext,
    analysis: str,
    compute: FileAnalysis,
    *,
    stage: str,
    only: Iterable[SourceFile] | None = None,
) -> dict[str, Any]:
    """`compute`'s result for every file of the tree (or of `only`) within the size cap, by
    path. `analysis` names the analysis and its version: change it whenever `compute` changes
    its results."""
    tree, cache = context.tree, context.cache
    chosen = tree.files if only is None else only
    files = [f for f in chosen if f.size <= tree.max_file_bytes]
    known = {path: data for path, (_, data) in cache.known_results(analysis, files).items()}
    unknown = [f for f in files if f.path not in known]
    done = len(files) - len(unknown)
    for batch in _batches(unknown):
        context.deadline.check()
        context.report_progress(stage, done, len(files))
        known |= _fresh(context, analysis, compute, batch)
        done += len(batch)
    context.report_progress(stage, len(files), len(files))
    return {file.path: known[file.path] for file in files}


def _batches(files: list[SourceFile]) -> Iterator[list[SourceFile]]:
    batch: list[SourceFile] = []
    size = 0
    for file in files:
        if batch and (len(batch) == _BATCH_FILES or size + file.size > _BATCH_BYTES):
            yield batch
            batch, size = [], 0
        batch.append(file)
        size += file.size
    if batch:
        yield batch


def _fresh(
    context: ScanContext, analysis: str, compute: FileAnalysis, files: list[SourceFile]
) -> dict[str, Any]:
    """Results for files not known by their stat: by content hash from the cache, or computed."""
    contents = [context.tree.read_bytes(file) for file in files]
    blobs = [blob_id(content) for content in contents]
    cached = context.cache.get_many(analysis, blobs)
    results = {}
    for file, content, blob in zip(files, contents, blobs, strict=True):
        context.cache.remember_blob(file, blob)
        data = cached.get(blob)
        if data is None:
            data = cached[blob] = compute(file, content)
            context.cache.put(analysis, blob, data)
        results[file.path] = data
    return results
