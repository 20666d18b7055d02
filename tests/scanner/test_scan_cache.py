"""The scan cache: a rescan finds each unchanged file's results by its stat, looking its blob id up
once for all the analyses of the scan."""

from __future__ import annotations

from pathlib import Path

import pytest

from osunited.scanner._cache import ScanCache
from osunited.scanner._tree import SourceFile, blob_id


def source_file(tmp_path: Path, name: str, content: bytes) -> SourceFile:
    path = tmp_path / name
    path.write_bytes(content)
    info = path.stat()
    return SourceFile(name, info.st_size, info.st_mtime_ns, str(path))


def test_a_rescan_looks_each_blob_id_up_once_for_all_analyses(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    files = [source_file(tmp_path, f"f{n}.txt", b"text %d" % n) for n in range(3)]
    first = ScanCache(tmp_path / "cache")
    for file in files:
        blob = blob_id(Path(file.disk_path).read_bytes())
        first.remember_blob(file, blob)
        first.put("licenses", blob, {"path": file.path})
        first.put("secrets", blob, [file.path])
    first.flush()
    first.close()
    rescan = ScanCache(tmp_path / "cache")
    looked_up: list[str] = []
    lookup = rescan._stat_lookup
    monkeypatch.setattr(rescan, "_stat_lookup", lambda keys: looked_up.extend(keys) or lookup(keys))

    licenses = rescan.known_results("licenses", files)
    secrets = rescan.known_results("secrets", files)

    assert {path: data for path, (_, data) in licenses.items()} == {
        f.path: {"path": f.path} for f in files
    }
    assert {path: data for path, (_, data) in secrets.items()} == {f.path: [f.path] for f in files}
    assert len(looked_up) == len(files)


def test_after_a_flush_the_cache_knows_what_it_wrote(tmp_path: Path) -> None:
    file = source_file(tmp_path, "a.txt", b"a")
    cache = ScanCache(tmp_path / "cache")
    assert cache.known_results("licenses", [file]) == {}
    blob = blob_id(b"a")
    cache.remember_blob(file, blob)
    cache.put("licenses", blob, {"tags": []})

    cache.flush()

    assert cache.known_results("licenses", [file]) == {"a.txt": (blob, {"tags": []})}
