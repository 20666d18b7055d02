"""Scanner benchmark: osunited's license scan of a large tree against ScanCode Toolkit's.

    .venv/bin/python benchmarks/scan_bench.py                  # the Django source of the venv
    .venv/bin/python benchmarks/scan_bench.py --generated 50000 --scancode-sample 2000
    .venv/bin/python benchmarks/scan_bench.py --tree PATH [--json] [--no-install] [--timeout S]

Every tree is scanned from a copy under var/bench/trees, so both tools see the same files.
osunited runs in a subprocess per measurement (so peak memory is per run), with XDG_CACHE_HOME
under var/bench: the one-time license index build, a cold scan (empty result cache, index
built) and a rescan of the unchanged tree. ScanCode Toolkit (`scancode -l -n 1`) is installed
on first use into var/bench/scancode-venv (`--no-install` skips it); `--scancode-sample N` runs
it on a deterministic sample of N files of the tree, plus its top-level license files.
Both verdicts on the project license are drawn from the top-level license files.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import math
import os
import random
import re
import shutil
import subprocess
import sys
import threading
import time
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from _common import note, revision

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "var" / "bench"
SCANCODE_VENV = BENCH / "scancode-venv"
SCANCODE_PACKAGES = ["scancode-toolkit-mini", "pluggy<1.6"]
MEMORY_GOAL_MB = 500
RESCAN_GOAL_SECONDS = 1.0
SPEED_GOAL = 20  # times faster than ScanCode per file and per core
CHECK = "license.project"


# --- Measuring a subprocess --------------------------------------------------------------------


@dataclass
class Run:
    """One measured subprocess: wall and CPU seconds, peak RSS of its process tree, its output."""

    wall: float
    cpu: float
    peak_mb: float  # the largest single process (ru_maxrss)
    tree_peak_mb: float  # the sum over the process tree, sampled twice a second
    returncode: int
    timed_out: bool
    output: str


def measure(
    command: list[str], env: dict[str, str], timeout: float | None = None, log: Path | None = None
) -> Run:
    """Run `command` in a new process group, its stderr to `log` if given; kill the group past
    `timeout` seconds."""
    started = time.perf_counter()
    with open(os.devnull, "rb") as stdin, open(log or os.devnull, "wb") as errors:
        process = subprocess.Popen(  # noqa: S603 - our own fixed commands
            command,
            env=env,
            stdin=stdin,
            stdout=subprocess.PIPE,
            stderr=errors if log else None,
            start_new_session=True,
        )
    sampler = _TreeSampler(process.pid)
    sampler.start()
    killed = threading.Event()
    timer = threading.Timer(timeout or 0, _kill_group, [process.pid, killed])
    if timeout:
        timer.start()
    assert process.stdout is not None
    output = process.stdout.read().decode("utf-8", "replace")
    _, status, usage = os.wait4(process.pid, 0)
    wall = time.perf_counter() - started
    timer.cancel()
    sampler.stop()
    process.returncode = os.waitstatus_to_exitcode(status)
    return Run(
        wall=wall,
        cpu=usage.ru_utime + usage.ru_stime,
        peak_mb=usage.ru_maxrss / 1024,
        tree_peak_mb=max(sampler.peak_mb, usage.ru_maxrss / 1024),
        returncode=process.returncode,
        timed_out=killed.is_set(),
        output=output,
    )


def _kill_group(pid: int, killed: threading.Event) -> None:
    killed.set()
    with contextlib.suppress(ProcessLookupError):
        os.killpg(pid, 9)  # the group this script started for this one command


class _TreeSampler(threading.Thread):
    """Peak of the summed RSS of a process and its descendants, read from /proc."""

    def __init__(self, pid: int) -> None:
        super().__init__(daemon=True)
        self.pid, self.peak_mb, self._done = pid, 0.0, threading.Event()

    def run(self) -> None:
        while not self._done.wait(0.5):
            total = sum(_rss_mb(pid) for pid in _descendants(self.pid))
            self.peak_mb = max(self.peak_mb, total)

    def stop(self) -> None:
        self._done.set()
        self.join()


def _descendants(pid: int) -> list[int]:
    found, pending = [], [pid]
    while pending:
        current = pending.pop()
        found.append(current)
        try:
            children = Path(f"/proc/{current}/task/{current}/children").read_text()
        except OSError:
            continue
        pending += [int(child) for child in children.split()]
    return found


def _rss_mb(pid: int) -> float:
    try:
        pages = int(Path(f"/proc/{pid}/statm").read_text().split()[1])
    except (OSError, IndexError, ValueError):
        return 0.0
    return pages * os.sysconf("SC_PAGE_SIZE") / 2**20


# --- osunited ----------------------------------------------------------------------------------


def worker(mode: str, target: str) -> None:
    """Child side: build the license index, or scan `target`; print one JSON line."""
    from osunited.scanner import scan
    from osunited.scanner.licenses import load_index

    started = time.perf_counter()
    if mode == "index":
        load_index(Path(os.environ["XDG_CACHE_HOME"]) / "osunited")
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    report = scan(target, only=[CHECK])
    seconds = time.perf_counter() - started
    data = report.result(CHECK).data
    figures = {"seconds": seconds, "files": report.stats.files, "bytes": report.stats.bytes}
    print(json.dumps(figures | {"expression": data["expression"]}))


def osunited_run(mode: str, target: Path, xdg: Path, *, cold: bool = False) -> dict[str, Any]:
    """Measure one osunited run in a subprocess. `cold` empties the result cache (not the index,
    which lives beside it in the same folder; `index` mode removes the whole folder)."""
    folder = xdg / "osunited"
    if mode == "index":
        shutil.rmtree(folder, ignore_errors=True)
    if cold:
        for path in folder.glob("scan-cache.sqlite3*"):
            path.unlink()
    env = os.environ | {"XDG_CACHE_HOME": str(xdg)}
    command = [sys.executable, __file__, "--worker", mode, str(target)]
    run = measure(command, env)
    if run.returncode != 0:
        sys.exit(f"osunited {mode} run failed (exit {run.returncode}):\n{run.output}")
    return json.loads(run.output.strip().splitlines()[-1]) | _run_figures(run)


def _run_figures(run: Run) -> dict[str, Any]:
    return {
        "wall": run.wall,
        "cpu": run.cpu,
        "peak_mb": run.peak_mb,
        "tree_peak_mb": run.tree_peak_mb,
        "timed_out": run.timed_out,
    }


def osunited_figures(tree: Path, sample: Path | None) -> dict[str, Any]:
    xdg = BENCH / "xdg"
    note("osunited: building the license index in an empty XDG_CACHE_HOME")
    figures = {"index_build": osunited_run("index", tree, xdg)}
    note("osunited: one-file scan (its start-up cost: imports, loading the index)")
    figures["startup"] = osunited_run("scan", one_file_tree(), xdg, cold=True)
    note(f"osunited: cold scan of {tree}")
    figures["cold"] = osunited_run("scan", tree, xdg, cold=True)
    note("osunited: rescan of the unchanged tree")
    figures["rescan"] = osunited_run("scan", tree, xdg)
    if sample is not None:
        note(f"osunited: cold scan of the ScanCode sample {sample}")
        figures["sample_cold"] = osunited_run("scan", sample, xdg, cold=True)
    return figures


# --- ScanCode ----------------------------------------------------------------------------------


def scancode_command() -> Path:
    return SCANCODE_VENV / "bin" / "scancode"


def ensure_scancode(install: bool) -> bool:
    """True when ScanCode is there, installing it into its own venv first if allowed."""
    if scancode_command().exists():
        return True
    if not install:
        note("ScanCode is not installed and --no-install was given: its figures are skipped.")
        return False
    note(f"Installing ScanCode Toolkit into {SCANCODE_VENV} (once; about 700 MB) ...")
    python = getattr(sys, "_base_executable", sys.executable)
    subprocess.run([python, "-m", "venv", str(SCANCODE_VENV)], check=True)  # noqa: S603
    pip = [str(SCANCODE_VENV / "bin" / "pip"), "install", "--quiet"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)  # noqa: S603
    subprocess.run([*pip, *SCANCODE_PACKAGES], check=True)  # noqa: S603
    return True


def scancode_output(target: Path) -> tuple[Path, dict[str, str]]:
    """Where ScanCode writes its JSON for `target` (emptied), and its environment: its cache
    and temporary files under var/bench."""
    out = BENCH / "scancode-out" / f"{target.name}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.unlink(missing_ok=True)
    env = os.environ | {
        "SCANCODE_CACHE": str(BENCH / "scancode-cache"),
        "SCANCODE_TEMP": str(BENCH / "scancode-temp"),
    }
    return out, env


def scancode_run(target: Path, timeout: float | None) -> dict[str, Any]:
    """Measure `scancode -l -n 1` on `target`; figures, its files count and its verdict."""
    out, env = scancode_output(target)
    command = [str(scancode_command()), "-l", "-n", "1", "--json-pp", str(out), str(target)]
    command += ["--quiet"]
    log = out.with_suffix(".log")
    run = measure(command, env, timeout, log)
    figures = _run_figures(run) | {"processes": 1, "output": str(out)}
    if run.timed_out or run.returncode != 0 or not out.exists():
        what = "timed out" if run.timed_out else f"failed (exit {run.returncode})"
        note(f"ScanCode {what}; its messages are in {log}")
        return figures | {"failed": not run.timed_out, "returncode": run.returncode}
    result = json.loads(out.read_text("utf-8"))
    files = [f for f in result["files"] if f["type"] == "file"]
    version = result["headers"][0].get("tool_version")
    return figures | {
        "files": len(files),
        "expression": scancode_verdict(files),
        "version": version,
    }


def scancode_verdict(files: list[dict[str, Any]]) -> str | None:
    """The expressions ScanCode found in the top-level license files (as osunited picks them:
    LICENSE*, COPYING*, NOTICE ... and REUSE's LICENSES/), joined with AND."""
    from osunited.scanner.licenses import is_license_file

    terms: list[str] = []
    for file in files:
        path = file["path"].split("/", 1)[-1]  # ScanCode's paths start with the scanned folder
        top = "/" not in path or (path.startswith("LICENSES/") and path.count("/") == 1)
        expression = file.get("detected_license_expression_spdx")
        if top and is_license_file(path) and expression:
            terms += _conjuncts(expression)
    return " AND ".join(dict.fromkeys(terms)) or None


def _conjuncts(expression: str) -> list[str]:
    """The terms of an expression made only of ANDs (ScanCode nests them), else the whole."""
    if " OR " in expression:
        return [f"({expression})"]
    return re.split(r"\s+AND\s+", expression.replace("(", "").replace(")", ""))


def license_ids(expression: str | None) -> set[str]:
    words = re.findall(r"[A-Za-z0-9.:+-]+", expression or "")
    return {w for w in words if w.upper() not in {"AND", "OR", "WITH"}}


def scancode_figures(target: Path, timeout: float | None) -> dict[str, Any]:
    note("ScanCode: one-file scan (its start-up cost: imports, loading the index)")
    figures = {"startup": scancode_run(one_file_tree(), timeout)}
    note(f"ScanCode: scancode -l -n 1 on {target} (timeout {timeout or 'none'} s)")
    figures["scan"] = scancode_run(target, timeout)
    return figures


# --- Trees -------------------------------------------------------------------------------------


def django_tree() -> Path:
    """The venv's Django package as a source checkout: django/ and its license files on top."""
    import django

    package = Path(django.__file__).parent
    tree = BENCH / "trees" / f"django-{django.__version__}"
    if not tree.exists():
        note(f"Copying {package} to {tree}")
        partial = tree.with_name(tree.name + ".partial")
        shutil.rmtree(partial, ignore_errors=True)
        ignore = shutil.ignore_patterns("__pycache__", "*.pyc")
        shutil.copytree(package, partial / "django", ignore=ignore)
        for record in package.parent.glob(f"[Dd]jango-{django.__version__}.dist-info/licenses/*"):
            shutil.copy2(record, partial / record.name)
        partial.rename(tree)
    return tree


def one_file_tree() -> Path:
    """A tree of one MIT LICENSE file: scanning it measures a tool's fixed start-up cost."""
    tree = BENCH / "trees" / "one-file"
    tree.mkdir(parents=True, exist_ok=True)
    (tree / "LICENSE").write_text(license_text("mit"))
    return tree


def copied_tree(source: Path) -> Path:
    tree = BENCH / "trees" / f"tree-{source.resolve().name}"
    note(f"Copying {source} to {tree}")
    shutil.rmtree(tree, ignore_errors=True)
    shutil.copytree(source, tree, symlinks=True, ignore=shutil.ignore_patterns(".git"))
    return tree


def sample_tree(tree: Path, size: int, seed: int) -> Path:
    """A copy of `size` files of `tree`, drawn with `seed`, plus its top-level license files."""
    from osunited.scanner.licenses import is_license_file

    paths = sorted(p.relative_to(tree) for p in tree.rglob("*") if p.is_file())
    chosen = set(
        random.Random(seed).sample(  # noqa: S311 - a reproducible sample
            paths, min(size, len(paths))
        )
    )
    chosen |= {p for p in paths if len(p.parts) == 1 and is_license_file(p.as_posix())}
    sample = tree.with_name(f"{tree.name}-sample-{size}")
    shutil.rmtree(sample, ignore_errors=True)
    for path in sorted(chosen):
        (sample / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tree / path, sample / path)
    return sample


# --- The generated tree ------------------------------------------------------------------------

LANGUAGES = {  # suffix: (line comment or block comment pair, weight)
    ".py": ("# ", 14),
    ".js": ("// ", 12),
    ".ts": ("// ", 8),
    ".go": ("// ", 7),
    ".java": (("/*", " * ", " */"), 8),
    ".c": (("/*", " * ", " */"), 7),
    ".h": (("/*", " * ", " */"), 5),
    ".cpp": ("// ", 4),
    ".rs": ("// ", 5),
    ".rb": ("# ", 4),
    ".php": ("// ", 3),
    ".cs": ("// ", 3),
    ".kt": ("// ", 2),
    ".sh": ("# ", 2),
    ".css": (("/*", " * ", " */"), 3),
    ".html": (("<!--", "  ", "-->"), 3),
    ".sql": ("-- ", 1),
    ".yml": ("# ", 3),
}
NOTICES = {
    "apache": (
        'Licensed under the Apache License, Version 2.0 (the "License");\n'
        "you may not use this file except in compliance with the License.\n"
        "You may obtain a copy of the License at\n\n"
        "    http://www.apache.org/licenses/LICENSE-2.0\n\n"
        "Unless required by applicable law or agreed to in writing, software\n"
        'distributed under the License is distributed on an "AS IS" BASIS,\n'
        "WITHOUT WARRANTIES OR CONDITIONS OF ANY KIND, either express or implied.\n"
        "See the License for the specific language governing permissions and\n"
        "limitations under the License."
    ),
    "mit": (
        "This source code is licensed under the MIT license found in the\n"
        "LICENSE file in the root directory of this source tree."
    ),
    "gpl": (
        "This program is free software; you can redistribute it and/or modify\n"
        "it under the terms of the GNU General Public License as published by\n"
        "the Free Software Foundation; either version 2 of the License, or\n"
        "(at your option) any later version.\n\n"
        "This program is distributed in the hope that it will be useful,\n"
        "but WITHOUT ANY WARRANTY; without even the implied warranty of\n"
        "MERCHANTABILITY or FITNESS FOR A PARTICULAR PURPOSE.  See the\n"
        "GNU General Public License for more details."
    ),
    "bsd": (
        "Use of this source code is governed by a BSD-style license that can be\n"
        "found in the LICENSE file."
    ),
}
SPDX_TAGS = ["Apache-2.0", "MIT", "GPL-2.0-only", "GPL-3.0-or-later", "BSD-3-Clause"]
SPDX_TAGS += ["Apache-2.0 OR MIT", "MPL-2.0", "LGPL-2.1-or-later"]
HEADERS = [("none", 30), ("spdx", 20), ("apache", 18), ("mit", 10), ("gpl", 8), ("bsd", 4)]
HEADERS += [("copyright", 10)]
LICENSE_KEYS = ["mit", "apache-2.0", "bsd-new", "gpl-2.0", "gpl-3.0", "lgpl-2.1", "mpl-2.0"]
WORDS = (
    "alpha beta core util data model view server client auth cache queue store index parse"
    " render config event stream buffer token route handler worker task pool graph node tree"
    " file path user session record batch item value result error state schema query filter"
).split()
BINARY_KINDS = [
    (".png", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"),
    (".so", b"\x7fELF\x02\x01\x01\x00"),
    (".gz", b"\x1f\x8b\x08\x00"),
    (".bin", b"\x00\x00\x00\x00"),
]
HOLDERS = ["The Example Authors", "Acme Corp.", "Jane Doe", "Globex GmbH", "Initech Ltd"]


def license_text(key: str) -> str:
    """A full license text from the LicenseDB package the scanner depends on."""
    record = resources.files("licensedcode").joinpath(f"data/licenses/{key}.LICENSE")
    text = record.read_text("utf-8").split("\n---\n", 1)[-1].strip()
    if key in {"mit", "bsd-new", "isc"}:  # their LicenseDB texts leave out the copyright line
        text = f"Copyright (c) 2024 The Example Authors\n\n{text}"
    return text + "\n"


def generate_tree(count: int, seed: int) -> Path:
    """A deterministic tree of `count` files (the same bytes for the same count and seed)."""
    tree = BENCH / "trees" / f"generated-{count}-{seed}"
    if tree.exists():
        return tree
    note(f"Generating {count} files into {tree} (seed {seed}) ...")
    partial = tree.with_name(tree.name + ".partial")
    shutil.rmtree(partial, ignore_errors=True)
    rng = random.Random(seed)  # noqa: S311 - reproducible content, not secrets
    folders = _folders(rng, max(1, count // 15))
    writers = _writers(rng)
    (partial / "LICENSE").parent.mkdir(parents=True)
    (partial / "LICENSE").write_text(license_text("apache-2.0"))
    (partial / "README.md").write_text(_readme(rng, "Apache-2.0"))
    for number in range(count - 2):
        folder = rng.choice(folders)
        kind = rng.choices(list(writers), weights=[w for _, w in writers.values()])[0]
        name, content = writers[kind][0](rng, number)
        path = partial / folder / name
        if path.exists():  # a second LICENSE or README here: a vendored component of its own
            path = partial / folder / f"{rng.choice(WORDS)}{number}" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(content)
    partial.rename(tree)
    return tree


def _writers(rng: random.Random) -> dict[str, tuple[Any, float]]:
    pools = {suffix: _line_pool(rng, suffix) for suffix in LANGUAGES}
    return {
        "source": (lambda r, n: _source_file(r, n, pools), 90.0),
        "license": (_license_file, 0.6),
        "readme": (lambda r, n: ("README.md", _readme(r, None).encode()), 2.4),
        "doc": (_doc_file, 2.0),
        "binary": (_binary_file, 5.0),
    }


def _folders(rng: random.Random, count: int) -> list[str]:
    folders = ["src", "lib", "tests", "docs", "vendor", "tools"]
    while len(folders) < count:
        parent = rng.choice(folders)
        if parent.count("/") < 7:
            folders.append(f"{parent}/{rng.choice(WORDS)}{rng.randrange(100)}")
    return folders


SCRIPT_LINES = [
    "    {a} = {b}({c}, {d})",
    "    if {a} is None: return {b}",
    "for {a} in {b}.{c}():",
    "    {a}.{b}({c}[{n}], {d})",
    "def {a}_{b}({c}, {d}):",
    "    return {a} + {b} * {n}",
    "",
    "    {a}_{b} = [{c} for {d} in {a}]  # {c} {d}",
]
BRACE_LINES = [
    "    {a} = {b}({c}, {d});",
    "    if ({a} == null) {{ return {b}; }}",
    "    for ({a} = 0; {a} < {b}.{c}; {a}++) {{",
    "        {a}.{b}({c}[{n}], {d});",
    "{a} {b}_{c}({d} {a}) {{",
    "    return {a} + {b} * {n};",
    "}}",
    "",
    "    // {a} the {b} before {c} is {d}",
]
BRACE_SUFFIXES = {".js", ".ts", ".go", ".java", ".c", ".h", ".cpp", ".rs", ".php", ".cs", ".kt"}


def _line_pool(rng: random.Random, suffix: str) -> list[str]:
    templates = BRACE_LINES if suffix in BRACE_SUFFIXES else SCRIPT_LINES
    lines = []
    for _ in range(400):
        a, b, c, d = (rng.choice(WORDS) for _ in range(4))
        template = rng.choice(templates)
        lines.append(template.format(a=a, b=b, c=c, d=d, n=rng.randrange(1000)))
    return lines


def _source_file(rng: random.Random, number: int, pools: dict[str, list[str]]) -> tuple[str, bytes]:
    suffixes = list(LANGUAGES)
    suffix = rng.choices(suffixes, weights=[LANGUAGES[s][1] for s in suffixes])[0]
    lines = min(5000, max(3, int(rng.lognormvariate(math.log(80), 1.0))))
    header = _header(rng, LANGUAGES[suffix][0])
    body = "\n".join(rng.choices(pools[suffix], k=lines))
    return f"{rng.choice(WORDS)}_{number}{suffix}", f"{header}{body}\n".encode()


def _header(rng: random.Random, comment: str | tuple[str, str, str]) -> str:
    kind = rng.choices([k for k, _ in HEADERS], weights=[w for _, w in HEADERS])[0]
    if kind == "none":
        return ""
    holder = f"Copyright (c) {rng.randrange(1998, 2025)} {rng.choice(HOLDERS)}"
    if kind == "spdx":
        text = f"{holder}\nSPDX-License-Identifier: {rng.choice(SPDX_TAGS)}"
    elif kind == "copyright":
        text = f"{holder}. All rights reserved."
    else:
        text = f"{holder}\n\n{NOTICES[kind]}"
    if isinstance(comment, str):
        return "".join(f"{comment}{line}".rstrip() + "\n" for line in text.splitlines()) + "\n"
    start, middle, end = comment
    inner = "".join(f"{middle}{line}".rstrip() + "\n" for line in text.splitlines())
    return f"{start}\n{inner}{end}\n\n"


def _license_file(rng: random.Random, number: int) -> tuple[str, bytes]:
    name = rng.choice(["LICENSE", "LICENSE.txt", "COPYING", "LICENSE.md", "LICENSE-MIT"])
    key = "mit" if name == "LICENSE-MIT" else rng.choice(LICENSE_KEYS)
    return name, license_text(key).encode()


def _readme(rng: random.Random, license: str | None) -> str:
    words = " ".join(rng.choices(WORDS, k=rng.randrange(50, 600)))
    closing = f"\n\n## License\n\nLicensed under the {license} license.\n" if license else "\n"
    return f"# {rng.choice(WORDS).title()}\n\n{words}{closing}"


def _doc_file(rng: random.Random, number: int) -> tuple[str, bytes]:
    suffix = rng.choice([".md", ".txt", ".json", ".rst"])
    words = " ".join(rng.choices(WORDS, k=rng.randrange(20, 3000)))
    return f"{rng.choice(WORDS)}-{number}{suffix}", words.encode()


def _binary_file(rng: random.Random, number: int) -> tuple[str, bytes]:
    suffix, magic = rng.choice(BINARY_KINDS)
    size = min(1 << 20, max(64, int(rng.lognormvariate(math.log(8000), 1.2))))
    return f"{rng.choice(WORDS)}-{number}{suffix}", magic + rng.randbytes(size)


# --- Report ------------------------------------------------------------------------------------


def derive(ours: dict[str, Any], theirs: dict[str, Any] | None, sampled: bool) -> dict[str, Any]:
    """Rates, ratios, goals and agreement from the raw figures."""
    for run in [ours["cold"], ours["rescan"], ours.get("sample_cold") or {}]:
        _add_rates(run, ours["startup"]["wall"], processes=1)
    derived: dict[str, Any] = {
        "rescan_ok": ours["rescan"]["seconds"] < RESCAN_GOAL_SECONDS,
        "memory_ok": max(r["peak_mb"] for r in ours.values()) < MEMORY_GOAL_MB,
    }
    scan = (theirs or {}).get("scan")
    same = ours["sample_cold"] if sampled else ours["cold"]
    if scan and scan["timed_out"]:  # it did at most all files in that time
        derived["ratio_lower_bound"] = same["files_per_s_per_core"] * scan["wall"] / same["files"]
    if not theirs or not scan or "files" not in scan:
        return derived
    _add_rates(scan, theirs["startup"]["wall"], processes=scan["processes"])
    rate, net = "files_per_s_per_core", "net_files_per_s_per_core"
    derived["ratio_full_tree"] = ours["cold"][rate] / scan[rate]
    derived["ratio_same_files"] = same[rate] / scan[rate]
    derived["ratio_same_files_net"] = same[net] / scan[net]
    derived["speed_ok"] = derived["ratio_same_files"] >= SPEED_GOAL
    ours_ids, their_ids = license_ids(same["expression"]), license_ids(scan["expression"])
    derived["verdicts_agree"] = ours_ids == their_ids
    derived["ids_only_osunited"] = sorted(ours_ids - their_ids)
    derived["ids_only_scancode"] = sorted(their_ids - ours_ids)
    return derived


def _add_rates(run: dict[str, Any], startup: float, processes: int) -> None:
    """Files per second and per core, gross and net of the tool's one-file start-up time."""
    if "files" in run:
        run["files_per_s"] = run["files"] / run["wall"]
        run["files_per_s_per_core"] = run["files_per_s"] / processes
        if run["wall"] > 2 * startup:  # else the figure means nothing (a rescan)
            net = run["files"] / (run["wall"] - startup)
            run["net_files_per_s_per_core"] = net / processes


def print_table(tree: Path, figures: dict[str, Any]) -> None:
    ours, theirs, derived = figures["osunited"], figures.get("scancode"), figures["derived"]
    print(
        f"\nTree: {tree} ({ours['cold']['files']} files, {ours['cold']['bytes'] / 2**20:.1f} MiB)"
    )
    version = ((theirs or {}).get("scan") or {}).get("version", "-")
    print(f"osunited at {figures['revision']}; ScanCode Toolkit {version}")
    print(_columns("run", "files", "wall s", "cpu s", "files/s", "/s/core", "RSS MB"))
    rows = [("osunited index build (once, empty cache)", ours["index_build"])]
    rows.append(("osunited one-file scan (start-up)", ours["startup"]))
    rows += [("osunited cold scan", ours["cold"]), ("osunited rescan (unchanged)", ours["rescan"])]
    if "sample_cold" in ours:
        rows.append(("osunited cold scan of the ScanCode sample", ours["sample_cold"]))
    if theirs:
        rows += [("ScanCode one-file scan (start-up)", theirs["startup"])]
        label = "ScanCode -l -n 1" + (" on the sample" if figures["sampled"] else "")
        rows.append((label, theirs["scan"]))
    for label, run in rows:
        print(_row(label, run))
    _print_verdicts(ours, theirs, figures["sampled"])
    _print_goals(ours, theirs, derived, figures["sampled"])


def _row(label: str, run: dict[str, Any]) -> str:
    def number(key: str, digits: int) -> str:
        return f"{run[key]:.{digits}f}" if key in run else "-"

    rss = f"{run['peak_mb']:.0f}"
    if run["tree_peak_mb"] > run["peak_mb"] * 1.05:
        rss += f" (tree {run['tree_peak_mb']:.0f})"
    wall = "timeout" if run.get("timed_out") else number("wall", 2)
    files = str(run.get("files", "-"))
    per_s, per_core = number("files_per_s", 1), number("files_per_s_per_core", 1)
    return _columns(label, files, wall, number("cpu", 2), per_s, per_core, rss)


def _columns(label: str, *cells: str) -> str:
    widths = (7, 8, 8, 9, 9, 8)
    padded = (f" {cell:>{width}}" for cell, width in zip(cells, widths, strict=True))
    return f"{label:44}" + "".join(padded)


def _print_verdicts(ours: dict[str, Any], theirs: dict[str, Any] | None, sampled: bool) -> None:
    print(f"\nProject license, osunited:  {ours['cold']['expression']}")
    if sampled:
        print(f"  osunited on the sample:   {ours['sample_cold']['expression']}")
    if theirs and "expression" in theirs["scan"]:
        print(
            f"  ScanCode (top-level license files{', sample' if sampled else ''}): "
            f"{theirs['scan']['expression']}"
        )


def _print_goals(
    ours: dict[str, Any], theirs: dict[str, Any] | None, derived: dict[str, Any], sampled: bool
) -> None:
    rescan = ours["rescan"]
    print(
        f"\nRescan: {rescan['seconds']:.2f} s in scan(), {rescan['wall']:.2f} s with start-up "
        f"(goal < {RESCAN_GOAL_SECONDS:g} s in scan()): {_ok(derived['rescan_ok'])}"
    )
    peak = max(r["peak_mb"] for r in ours.values())
    print(
        f"Peak memory of osunited: {peak:.0f} MB (goal < {MEMORY_GOAL_MB} MB): "
        f"{_ok(derived['memory_ok'])}"
    )
    if "ratio_lower_bound" in derived:
        print(
            f"ScanCode timed out after {theirs['scan']['wall']:.0f} s: osunited is at least "
            f"{derived['ratio_lower_bound']:.1f} times faster per core (goal {SPEED_GOAL}x)"
        )
        return
    if "ratio_same_files" not in derived:
        print("ScanCode: not run or failed; no ratio.")
        return
    where = "on the same sample of files" if sampled else "on the same tree"
    print(
        f"osunited is {derived['ratio_same_files']:.1f} times faster per core than ScanCode "
        f"(files/s per core, cold, {where}; goal {SPEED_GOAL}x): {_ok(derived['speed_ok'])}"
    )
    print(
        f"  net of each tool's one-file start-up time: {derived['ratio_same_files_net']:.1f} times"
    )
    if sampled:
        print(
            f"  osunited's full-tree rate against ScanCode's sample rate (per file, per core): "
            f"{derived['ratio_full_tree']:.1f} times"
        )
    if derived["verdicts_agree"]:
        print("Project license verdicts agree: yes (the same license ids)")
        return
    only_ours = ", ".join(derived["ids_only_osunited"]) or "-"
    only_theirs = ", ".join(derived["ids_only_scancode"]) or "-"
    print("Project license verdicts agree: NO")
    print(f"  license ids only osunited names: {only_ours}; only ScanCode names: {only_theirs}")


def _ok(passed: bool) -> str:
    return "met" if passed else "MISSED"


# --- Command line ------------------------------------------------------------------------------


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    which = parser.add_mutually_exclusive_group()
    which.add_argument(
        "--generated", type=int, nargs="?", const=50_000, metavar="N", help="N generated files"
    )
    which.add_argument("--tree", type=Path, metavar="PATH", help="a copy of this folder")
    which.add_argument("--worker", nargs=2, metavar=("MODE", "TARGET"), help=argparse.SUPPRESS)
    parser.add_argument("--seed", type=int, default=1, help="for --generated and the sample")
    parser.add_argument("--scancode-sample", type=int, metavar="N", help="ScanCode on N files")
    parser.add_argument(
        "--timeout", type=float, default=1800, metavar="S", help="stop ScanCode after S seconds"
    )
    parser.add_argument("--no-install", action="store_true", help="do not install ScanCode")
    parser.add_argument("--no-scancode", action="store_true", help="measure only osunited")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    return parser.parse_args(argv)


def chosen_tree(args: argparse.Namespace) -> Path:
    if args.generated:
        return generate_tree(args.generated, args.seed)
    if args.tree:
        return copied_tree(args.tree)
    return django_tree()


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return
    measured = revision()
    tree = chosen_tree(args)
    sample = sample_tree(tree, args.scancode_sample, args.seed) if args.scancode_sample else None
    ours = osunited_figures(tree, sample)
    theirs = None
    if not args.no_scancode and ensure_scancode(not args.no_install):
        theirs = scancode_figures(sample or tree, args.timeout)
    if revision() != measured:
        measured += f", then {revision()} (the scanner changed during the benchmark)"
    figures = {"revision": measured, "tree": str(tree), "sample": str(sample) if sample else None}
    figures["osunited"] = ours
    figures |= {"scancode": theirs, "sampled": sample is not None}
    figures["derived"] = derive(ours, theirs, sample is not None)
    if args.json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(tree, figures)


if __name__ == "__main__":
    main()
