"""Storing the license index on disk as data only (JSON and integer arrays), never as a pickle:
a cache folder that someone else can write to must not be a way to run code in the scanner."""

from __future__ import annotations

import contextlib
import json
import os
import struct
import sys
import tempfile
from array import array
from pathlib import Path
from typing import Any

from osunited.scanner.licenses._index import Entry, LicenseIndex, LicenseInfo, Postings

_MAGIC = b"OSU-LICENSE-INDEX\n"
_LOW = (1 << 64) - 1


def store_index(index: LicenseIndex, path: Path) -> None:
    """Write the index atomically; a failure leaves no file (the index is rebuilt next time)."""
    with contextlib.suppress(OSError):
        path.parent.mkdir(parents=True, exist_ok=True)
        handle, temporary = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
        try:
            with os.fdopen(handle, "wb") as out:
                _write(index, out)
            os.replace(temporary, path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                os.unlink(temporary)


def read_index(path: Path) -> LicenseIndex | None:
    """The stored index, or None when the file is missing, damaged or from another format."""
    try:
        with path.open("rb") as handle:
            return _read(handle.read())
    except (OSError, ValueError, KeyError, TypeError, IndexError, struct.error):
        return None


def _write(index: LicenseIndex, out: Any) -> None:
    tokens, token_ends = array("I"), array("Q")
    for entry in index.entries:
        tokens.extend(entry.tokens)
        token_ends.append(len(tokens))
    postings = index.postings
    coded = [_zigzag(k) for k in postings.slots]  # in slot order
    meta = {
        "byteorder": sys.byteorder,
        "vocabulary": index.vocabulary,
        "entries": [
            [e.identifier, e.expression, e.kind, e.relevance, e.minimum_coverage, e.indexed_grams]
            for e in index.entries
        ],
        "licenses": [[i.spdx, i.name, i.category, i.is_exception] for i in index.licenses.values()],
    }
    blobs = [
        json.dumps(meta).encode(),
        tokens.tobytes(),
        token_ends.tobytes(),
        array("Q", (k >> 64 for k in coded)).tobytes(),
        array("Q", (k & _LOW for k in coded)).tobytes(),
        postings.values.tobytes(),
        postings.ends.tobytes(),
    ]
    out.write(_MAGIC + struct.pack("<7Q", *map(len, blobs)))
    for blob in blobs:
        out.write(blob)


def _read(content: bytes) -> LicenseIndex | None:
    if not content.startswith(_MAGIC):
        return None
    start = len(_MAGIC) + 7 * 8
    sizes = struct.unpack("<7Q", content[len(_MAGIC) : start])
    parts = []
    for size in sizes:
        parts.append(content[start : start + size])
        start += size
    meta = json.loads(parts[0])
    if meta["byteorder"] != sys.byteorder:
        return None
    tokens, token_ends, high, low, values, value_ends = (
        _array(code, blob) for code, blob in zip("IQQQIQ", parts[1:], strict=True)
    )
    return LicenseIndex(
        vocabulary=meta["vocabulary"],
        entries=_entries(meta["entries"], tokens, token_ends),
        postings=Postings(_slots(high, low), values, value_ends),
        licenses={row[0]: LicenseInfo(*row) for row in meta["licenses"]},
    )


def _array(code: str, blob: bytes) -> array[int]:
    numbers = array(code)
    numbers.frombytes(blob)
    return numbers


def _entries(rows: list[list[Any]], tokens: array[int], ends: array[int]) -> list[Entry]:
    entries = []
    start = 0
    for row, end in zip(rows, ends, strict=True):
        identifier, expression, kind, relevance, minimum_coverage, indexed = row
        entries.append(
            Entry(
                identifier,
                expression,
                kind,
                relevance,
                minimum_coverage,
                tokens[start:end],
                indexed,
            )
        )
        start = end
    return entries


def _slots(high: array[int], low: array[int]) -> dict[int, int]:
    keys = [
        _unzigzag((key_high << 64) | key_low) for key_high, key_low in zip(high, low, strict=True)
    ]
    return dict(zip(keys, range(len(keys)), strict=True))


def _zigzag(key: int) -> int:
    """Gram keys are non-negative and keys of short texts negative: both as unsigned numbers."""
    return key << 1 if key >= 0 else ((-key) << 1) | 1


def _unzigzag(coded: int) -> int:
    return -(coded >> 1) if coded & 1 else coded >> 1
