"""Where a cold scan spends its time: one tree scanned by `osunited.scanner.scan` in this
process, under cProfile, with a result cache that holds only the license index.

    .venv/bin/python benchmarks/profile_scan.py TREE                 # top 40 by own time
    .venv/bin/python benchmarks/profile_scan.py TREE --sort cumulative --top 60
    .venv/bin/python benchmarks/profile_scan.py TREE --warm          # a rescan instead
    .venv/bin/python benchmarks/profile_scan.py TREE --no-profile    # just the seconds

The license index is built once in var/bench/profile-index/ and linked into a fresh cache
folder for each run, as benchmarks/real_repos_bench.py does, so the figures are those of a
cold scan that does not build the index.
"""

from __future__ import annotations

import argparse
import cProfile
import os
import pstats
import resource
import tempfile
import time
from pathlib import Path

from _common import note, revision

ROOT = Path(__file__).resolve().parents[1]
INDEX = ROOT / "var" / "bench" / "profile-index"


def built_index() -> Path:
    """The folder holding the built license index (built on first use)."""
    from osunited.scanner.licenses import load_index

    if not any(INDEX.glob("license-index-*")):
        note("building the license index once")
        load_index(INDEX)
    return INDEX


def fresh_cache(into: Path) -> Path:
    folder = into / "osunited"
    folder.mkdir(parents=True)
    for built in built_index().glob("license-index-*"):
        os.link(built, folder / built.name)
    return folder


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("tree", type=Path)
    parser.add_argument("--sort", default="tottime", help="pstats sort key (tottime, cumulative)")
    parser.add_argument("--top", type=int, default=40)
    parser.add_argument("--warm", action="store_true", help="profile a rescan with a warm cache")
    parser.add_argument("--no-profile", action="store_true", help="time only")
    parser.add_argument("--out", type=Path, help="also save the raw profile here")
    args = parser.parse_args()

    from osunited.scanner import scan

    with tempfile.TemporaryDirectory(prefix="osu-profile-") as temporary:
        cache = fresh_cache(Path(temporary))
        if args.warm:
            scan(args.tree, cache_dir=cache)
        profiler = None if args.no_profile else cProfile.Profile()
        started, cpu = time.perf_counter(), time.process_time()
        if profiler:
            profiler.enable()
        report = scan(args.tree, cache_dir=cache)
        if profiler:
            profiler.disable()
        seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    files = report.stats.files
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(
        f"{args.tree}: {files} files, {seconds:.2f} s ({cpu_seconds:.2f} s CPU), "
        f"{files / max(cpu_seconds, 1e-9):.0f} files per CPU second, peak {peak:.0f} MB "
        f"({'warm' if args.warm else 'cold'}, {revision()})"
    )
    if profiler:
        if args.out:
            profiler.dump_stats(args.out)
        pstats.Stats(profiler).sort_stats(args.sort).print_stats(args.top)


if __name__ == "__main__":
    main()
