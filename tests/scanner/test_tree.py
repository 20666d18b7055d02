"""The tree walker: links never lead out of the tree, special files are skipped, caps hold."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from osunited.scanner import LimitExceeded, ScanLimits, scan
from osunited.scanner._limits import Deadline
from osunited.scanner._tree import blob_id, walk_tree
from osunited.scanner.reports import render
from tests.scanner.conftest import TreeMaker


def walk(root: Path, **limits: int) -> list[str]:
    tree = walk_tree(root, limits=ScanLimits(**limits), deadline=Deadline(60))
    return [f.path for f in tree.files]


def test_it_lists_files_sorted_and_leaves_out_version_control_folders(
    make_tree: TreeMaker,
) -> None:
    root = make_tree({"b.py": "", "a/z.txt": "", ".git/config": "", ".hg/x": "", "a/.github/w": ""})
    assert walk(root) == ["a/.github/w", "a/z.txt", "b.py"]


def test_it_never_follows_a_link_out_of_the_tree(make_tree: TreeMaker, tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("password")
    root = make_tree({"README.md": "hi"})
    (root / "leak.txt").symlink_to(secret)
    (root / "etc").symlink_to("/etc")
    tree = walk_tree(root, limits=ScanLimits(), deadline=Deadline(60))
    assert [f.path for f in tree.files] == ["README.md"]
    reasons = {e.path: e.snippet for e in tree.skipped}
    assert reasons["leak.txt"] == "symbolic link out of the tree, not followed"
    assert "etc" in reasons


def test_it_reads_a_link_to_a_file_inside_the_tree(make_tree: TreeMaker) -> None:
    root = make_tree({"docs/LICENSE.txt": "MIT"})
    (root / "LICENSE").symlink_to("docs/LICENSE.txt")
    tree = walk_tree(root, limits=ScanLimits(), deadline=Deadline(60))
    link = tree.get("LICENSE")
    assert link is not None
    assert tree.read_text(link) == "MIT"


def test_it_skips_broken_and_looping_links(make_tree: TreeMaker) -> None:
    root = make_tree({"a.txt": "a"})
    (root / "broken").symlink_to("missing")
    (root / "loop").symlink_to("loop")
    assert walk(root) == ["a.txt"]


def test_it_skips_a_fifo_instead_of_blocking_on_it(make_tree: TreeMaker) -> None:
    root = make_tree({"a.txt": "a"})
    os.mkfifo(root / "pipe")
    assert walk(root) == ["a.txt"]


def test_it_stops_past_the_file_count_cap(make_tree: TreeMaker) -> None:
    root = make_tree({f"f{i}.txt": "x" for i in range(6)})
    with pytest.raises(LimitExceeded, match="more than 5 files"):
        walk(root, max_files=5)


def test_it_stops_past_the_total_size_cap(make_tree: TreeMaker) -> None:
    root = make_tree({"big.bin": b"x" * 3 * 1024 * 1024})
    with pytest.raises(LimitExceeded, match="larger than 2 MiB"):
        walk(root, max_total_bytes=2 * 1024 * 1024)


def test_it_reads_no_more_than_the_per_file_cap(make_tree: TreeMaker) -> None:
    root = make_tree({"big.txt": "y" * 5000})
    tree = walk_tree(root, limits=ScanLimits(max_file_bytes=100), deadline=Deadline(60))
    assert len(tree.read_bytes(tree.files[0])) == 100


def test_it_stops_when_the_deadline_has_passed(make_tree: TreeMaker) -> None:
    root = make_tree({"a/b.txt": ""})
    with pytest.raises(LimitExceeded, match="longer than its limit"):
        walk_tree(root, limits=ScanLimits(), deadline=Deadline(-1))


def test_blob_ids_are_git_object_ids() -> None:
    # `printf 'hello\n' | git hash-object --stdin`
    assert blob_id(b"hello\n") == "ce013625030ba8dba906f756967f9e9ca394464a"


def test_a_file_too_large_to_read_is_listed_with_the_reason(tmp_path: Path) -> None:
    """Seen: a 200 MB file was silently skipped and never listed."""
    (tmp_path / "LICENSE").write_text("MIT License\n")
    with (tmp_path / "dump.bin").open("wb") as big:
        big.truncate(9 * 1024 * 1024)  # sparse: 9 MiB that take no disk space

    report = scan(tmp_path, use_cache=False, only=["license.project"])

    assert [(e.path, e.snippet) for e in report.stats.skipped] == [
        ("dump.bin", "larger than 8 MiB")
    ]
    assert "dump.bin: larger than 8 MiB" in render(report, "text")
