"""The license index on disk is data only: it round-trips exactly, and a damaged or foreign file
is refused (and then rebuilt) instead of being trusted."""

from __future__ import annotations

import pickle
from array import array
from pathlib import Path

from osunited.scanner.licenses._index import Entry, LicenseIndex, LicenseInfo, Postings
from osunited.scanner.licenses._storage import read_index, store_index


def small_index() -> LicenseIndex:
    entries = [
        Entry("license:mit", "MIT", "text", 100, 0, array("I", [1, 2, 3, 4, 5]), 2),
        Entry("mit_1", "MIT", "reference", 90, 100, array("I", [3, 4]), 1),
    ]
    lists = {(1 << 63) | 5: [0], -((1 << 42) | 7): [0, 1], 12: [1]}
    info = LicenseInfo("MIT", "MIT License", "Permissive", False)
    vocabulary = {"permission": 1, "is": 2, "hereby": 3, "granted": 4, "free": 5}
    return LicenseIndex(vocabulary, entries, Postings.pack(lists), {"MIT": info})


def test_the_stored_index_reads_back_the_same(tmp_path: Path) -> None:
    index = small_index()
    store_index(index, tmp_path / "index.bin")
    again = read_index(tmp_path / "index.bin")
    assert again is not None
    assert again.vocabulary == index.vocabulary
    assert again.entries == index.entries
    assert again.licenses == index.licenses
    for key in index.postings.slots:
        assert again.postings.get(key) == index.postings.get(key)
    assert again.postings.get(999) is None


def test_a_pickle_in_the_cache_is_never_loaded(tmp_path: Path) -> None:
    marker = tmp_path / "pwned"

    class Exploit:
        def __reduce__(self) -> tuple[object, tuple[str]]:
            return (marker.write_text, ("code ran",))

    path = tmp_path / "index.bin"
    path.write_bytes(pickle.dumps(Exploit()))
    assert read_index(path) is None
    assert not marker.exists()


def test_a_truncated_index_file_is_refused(tmp_path: Path) -> None:
    store_index(small_index(), tmp_path / "index.bin")
    content = (tmp_path / "index.bin").read_bytes()
    (tmp_path / "index.bin").write_bytes(content[: len(content) // 2])
    assert read_index(tmp_path / "index.bin") is None
