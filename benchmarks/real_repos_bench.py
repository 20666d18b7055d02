"""Real repositories: osunited's full scan of a hand-read corpus, cold and warm, and its verdicts
against the ones read by hand (benchmarks/corpus.yaml); ScanCode Toolkit's speed beside it.

    .venv/bin/python benchmarks/real_repos_bench.py CORPUS_DIR
    .venv/bin/python benchmarks/real_repos_bench.py CORPUS_DIR --jobs 2 --json > figures.json
    .venv/bin/python benchmarks/real_repos_bench.py CORPUS_DIR --only curl/curl --only git/git
    .venv/bin/python benchmarks/real_repos_bench.py CORPUS_DIR --scancode --scancode-sample 200

CORPUS_DIR holds one folder per repository of the manifest, named `owner+name` (or
`owner/name`); repositories that are not there are listed and skipped. Each scan is
`osunited.scanner.scan(tree)` with every check of the default policy, in a subprocess of its
own (so its peak memory is its own), with XDG_CACHE_HOME and the cache in a temporary folder:
the license index is built there once, then each repository is scanned cold (a result cache
holding only the index) and warm (the same cache, second run). With --scancode, ScanCode
Toolkit (`scancode -l -c`, one process) scans the same trees, or with --scancode-sample N a
sample of N files of each (plus its top-level license files), which osunited then scans cold
too, for the ratio per CPU-second on the same files.
"""

from __future__ import annotations

import argparse
import fnmatch
import json
import os
import random
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from _common import note, revision
from scan_bench import (
    ensure_scancode,
    measure,
    one_file_tree,
    scancode_command,
    scancode_output,
)

ROOT = Path(__file__).resolve().parents[1]
MANIFEST = Path(__file__).with_name("corpus.yaml")
BENCH = ROOT / "var" / "bench" / "real-repos"
SPEED_GOAL_FILES_PER_S = 1000  # cold, one core
SCANCODE_GOAL = 100  # times ScanCode per CPU-second
WARM_GOAL_SECONDS = 1.0
MEMORY_GOAL_MB = 500
SECRETS_CHECK = "security.secrets"


# --- The manifest --------------------------------------------------------------------------------


@dataclass
class Repository:
    """One hand-read repository of the manifest."""

    repo: str
    commit: str
    kind: list[str]
    files: int
    license: str
    also_accepted: list[str] = field(default_factory=list)
    sure: bool = True
    secrets: list[str] = field(default_factory=list)
    harmless_keys: list[str] = field(default_factory=list)
    publiccode: str | None = None
    note: str = ""

    @property
    def slug(self) -> str:
        return self.repo.replace("/", "+")


def load_manifest(path: Path) -> list[Repository]:
    entries = yaml.safe_load(path.read_text("utf-8"))["repositories"]
    known = set(Repository.__dataclass_fields__)
    return [Repository(**{k: v for k, v in entry.items() if k in known}) for entry in entries]


def locate(corpus: Path, repository: Repository) -> Path | None:
    for folder in (corpus / repository.slug, corpus / repository.repo):
        if folder.is_dir():
            return folder
    return None


def tree_commit(tree: Path) -> str | None:
    """The commit checked out in `tree` when it is a git work tree, else None."""
    if not (tree / ".git").exists():
        return None
    command = ["git", "-C", str(tree), "rev-parse", "HEAD"]
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603
    return done.stdout.strip() or None


# --- The child process: one scan -----------------------------------------------------------------


def worker(mode: str, target: str) -> None:
    """Child side: build the license index, or scan `target`; print one JSON line."""
    from osunited.scanner import all_checks, scan
    from osunited.scanner.licenses import load_index

    cache = Path(os.environ["XDG_CACHE_HOME"]) / "osunited"
    if mode == "index":
        started = time.perf_counter()
        load_index(cache)
        print(json.dumps({"seconds": time.perf_counter() - started}))
        return
    checks = {check.id for check in all_checks()}
    timer = _CheckTimer(checks)
    started, cpu = time.perf_counter(), time.process_time()
    report = scan(target, progress=timer)
    seconds, cpu_seconds = time.perf_counter() - started, time.process_time() - cpu
    timer.stop()
    figures = {"seconds": seconds, "cpu_seconds": cpu_seconds, "check_seconds": timer.seconds}
    print(json.dumps(figures | summarise(report)))


class _CheckTimer:
    """Seconds per check, from the progress calls that `scan()` makes as each check starts."""

    def __init__(self, checks: set[str]) -> None:
        self.checks, self.seconds = checks, {}
        self._current: tuple[str, float] | None = None

    def __call__(self, stage: str, done: int, total: int) -> None:
        if stage in self.checks and (self._current is None or self._current[0] != stage):
            self.stop()
            self._current = (stage, time.perf_counter())

    def stop(self) -> None:
        if self._current is not None:
            stage, since = self._current
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - since
            self._current = None


def summarise(report: Any) -> dict[str, Any]:
    """What the benchmark judges, drawn from the report's own types."""
    project = report.result("license.project")
    publiccode = report.result("publiccode.valid")
    return {
        "files": report.stats.files,
        "bytes": report.stats.bytes,
        "schema_version": report.schema_version,
        "has_files_inventory": "files" in report.to_dict(),
        "license": {
            "expression": project.data.get("expression"),
            "license_files": project.data.get("license_files", []),
            "findings": [_finding(f) for f in project.findings],
        },
        "licensing_findings": _findings(report, "license."),
        "secrets": [_finding(f) for f in report.result(SECRETS_CHECK).findings],
        "publiccode": {
            "path": publiccode.data.get("path"),
            "valid": publiccode.data.get("valid"),
            "errors": [f.message for f in publiccode.findings if f.severity == "error"],
        },
        "holders": report.result("license.copyright").data.get("holders", [])[:5],
        "also_seen": _also_seen(report),
    }


def _also_seen(report: Any) -> dict[str, Any]:
    """The smaller classes of issue #15: dependencies read, documentation found, repeated
    pinned-action findings, and messages that glue sentences with ".;"."""
    inventory, docs = report.result("deps.inventory"), report.result("docs.folder")
    pinned = report.result("security.pinned-dependencies").findings
    glued = [f.message for f in report.findings if ".;" in f.message]
    return {
        "dependencies": inventory.data.get("total"),
        "dependency_files": len(inventory.data.get("files", [])),
        "docs_folder": str(docs.outcome),
        "docs_site_configs": docs.data.get("site_configs", []),
        "pinned_findings": len(pinned),
        "pinned_repeated": len(pinned) - len({(f.message, _where(f)) for f in pinned}),
        "glued_sentences": glued[:5],
    }


def _where(finding: Any) -> str | None:
    return finding.evidence[0].path if finding.evidence else None


def _findings(report: Any, prefix: str) -> list[dict[str, Any]]:
    return [
        _finding(finding)
        for result in report.results
        if result.check_id.startswith(prefix) and result.check_id != "license.project"
        for finding in result.findings
    ]


def _finding(finding: Any) -> dict[str, Any]:
    where = finding.evidence[0] if finding.evidence else None
    return {
        "rule": finding.rule_id,
        "severity": str(finding.severity),
        "message": finding.message[:300],
        "path": where.path if where else None,
        "line": where.line if where else None,
    }


# --- The parent: measuring each repository --------------------------------------------------------


def run_worker(mode: str, target: Path, xdg: Path) -> dict[str, Any]:
    env = os.environ | {"XDG_CACHE_HOME": str(xdg)}
    command = [sys.executable, __file__, "--worker", mode, str(target)]
    run = measure(command, env)
    lines = run.output.strip().splitlines()
    if run.returncode != 0 or not lines:
        return {"failed": f"exit {run.returncode}", "wall": run.wall, "peak_mb": run.peak_mb}
    figures: dict[str, Any] = json.loads(lines[-1])
    return figures | {"wall": run.wall, "cpu": run.cpu, "peak_mb": run.peak_mb}


def build_index(workdir: Path) -> tuple[Path, dict[str, Any]]:
    """Build the license index once in an empty cache; each repository's cache links to it."""
    xdg = workdir / "index"
    note("osunited: building the license index in an empty cache folder")
    figures = run_worker("index", ROOT, xdg)
    if "failed" in figures:
        sys.exit(f"Building the license index failed ({figures['failed']}).")
    return xdg / "osunited", figures


def fresh_cache(workdir: Path, slug: str, index: Path) -> Path:
    """An XDG_CACHE_HOME whose osunited folder holds the license index and nothing else."""
    xdg = workdir / "caches" / slug
    shutil.rmtree(xdg, ignore_errors=True)
    folder = xdg / "osunited"
    folder.mkdir(parents=True)
    for built in index.glob("license-index-*"):
        os.link(built, folder / built.name)
    return xdg


def measure_repository(
    repository: Repository, tree: Path, workdir: Path, index: Path
) -> dict[str, Any]:
    xdg = fresh_cache(workdir, repository.slug, index)
    note(f"osunited: {repository.repo}, cold")
    cold = run_worker("scan", tree, xdg)
    note(f"osunited: {repository.repo}, warm")
    warm = run_worker("scan", tree, xdg)
    shutil.rmtree(xdg, ignore_errors=True)
    found = {"repo": repository.repo, "commit": repository.commit, "tree": str(tree)}
    checked_out = tree_commit(tree)
    if checked_out and checked_out != repository.commit:
        found["commit_mismatch"] = checked_out
    return found | {"cold": cold, "warm": warm, "verdicts": judge(repository, cold)}


# --- Verdicts ------------------------------------------------------------------------------------


def judge(repository: Repository, cold: dict[str, Any]) -> dict[str, Any]:
    """osunited's verdicts on one repository against the hand-read ones."""
    if "failed" in cold:
        return {}
    found = cold["license"]["expression"]
    secrets = [_classify(s, repository) for s in cold["secrets"]]
    publiccode = _publiccode_verdict(cold["publiccode"])
    return {
        "license_found": found,
        "license_agrees": expressions_agree(found, [repository.license, *repository.also_accepted]),
        "secrets": secrets,
        "publiccode_found": publiccode,
        "publiccode_agrees": publiccode == (repository.publiccode or "missing"),
    }


def expressions_agree(found: str | None, accepted: list[str]) -> bool:
    """Whether `found` means the same license expression as one of `accepted` (AND and OR
    commute; ids are compared as written, so a deprecated id disagrees)."""
    from license_expression import ExpressionError, Licensing

    if not found:
        return False
    licensing = Licensing()
    try:
        parsed = licensing.parse(found)
        return any(licensing.is_equivalent(parsed, licensing.parse(a)) for a in accepted)
    except ExpressionError:
        return False


def _classify(finding: dict[str, Any], repository: Repository) -> dict[str, Any]:
    path = finding["path"] or ""
    kind = "false alarm"
    if _matches(path, repository.secrets):
        kind = "real"
    elif _matches(path, repository.harmless_keys):
        kind = "harmless key"
    return finding | {"kind": kind}


def _matches(path: str, patterns: list[str]) -> bool:
    """Globs in which `*` crosses folders; a pattern ending in / is a folder."""
    return any(
        fnmatch.fnmatchcase(path, pattern.removesuffix("/"))
        or fnmatch.fnmatchcase(path, pattern.removesuffix("/") + "/*")
        for pattern in patterns
    )


def _publiccode_verdict(publiccode: dict[str, Any]) -> str:
    if publiccode["path"] is None:
        return "missing"
    return "valid" if publiccode["valid"] else "invalid"


# --- ScanCode ------------------------------------------------------------------------------------


def sample_tree(tree: Path, size: int, seed: int, into: Path) -> Path:
    """A copy of `size` regular files of `tree` drawn with `seed`, plus its top-level license
    files, under `into` (never inside the corpus)."""
    from osunited.scanner.licenses import is_license_file

    paths = sorted(
        p.relative_to(tree) for p in tree.rglob("*") if p.is_file() and not p.is_symlink()
    )
    draw = random.Random(seed)  # noqa: S311 - a reproducible sample, not a secret
    chosen = set(draw.sample(paths, min(size, len(paths))))
    chosen |= {p for p in paths if len(p.parts) == 1 and is_license_file(p.as_posix())}
    sample = into / f"{tree.name}-sample-{size}-{seed}"
    shutil.rmtree(sample, ignore_errors=True)
    for path in sorted(chosen):
        (sample / path).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy2(tree / path, sample / path)
    return sample


def scancode_run(target: Path, timeout: float | None) -> dict[str, Any]:
    """`scancode -l -c -n 1 --json` on `target`: wall and CPU seconds, peak RSS, files."""
    out, env = scancode_output(target)
    command = [str(scancode_command()), "-l", "-c", "-n", "1", "--quiet", "--json", str(out)]
    run = measure([*command, str(target)], env, timeout, out.with_suffix(".log"))
    figures = {"wall": run.wall, "cpu": run.cpu, "peak_mb": run.tree_peak_mb}
    if run.timed_out or run.returncode != 0 or not out.exists():
        return figures | {"failed": "timed out" if run.timed_out else f"exit {run.returncode}"}
    files = [f for f in json.loads(out.read_text("utf-8"))["files"] if f["type"] == "file"]
    return figures | {"files": len(files)}


def scancode_figures(
    repository: Repository, tree: Path, args: argparse.Namespace, workdir: Path, index: Path
) -> dict[str, Any]:
    """ScanCode on the tree (or a sample), and osunited cold on the same files."""
    target = tree
    if args.scancode_sample:
        target = sample_tree(tree, args.scancode_sample, args.seed, BENCH / "samples")
    note(f"ScanCode: {repository.repo} ({'sample' if args.scancode_sample else 'whole tree'})")
    theirs = scancode_run(target, args.timeout)
    xdg = fresh_cache(workdir, repository.slug + "-sample", index)
    ours = run_worker("scan", target, xdg)
    shutil.rmtree(xdg, ignore_errors=True)
    return {"target": str(target), "sampled": bool(args.scancode_sample)} | {
        "scancode": theirs,
        "osunited": {k: ours.get(k) for k in ("files", "seconds", "cpu_seconds", "cpu", "wall")},
    }


def startup_figures(workdir: Path, index: Path) -> dict[str, Any]:
    """Each tool's CPU seconds for a one-file tree: its fixed cost per run. ScanCode runs twice,
    the first run building its license cache."""
    note("ScanCode: one-file scans (the first builds its license cache)")
    scancode_run(one_file_tree(), None)
    theirs = scancode_run(one_file_tree(), None)
    ours = run_worker("scan", one_file_tree(), fresh_cache(workdir, "one-file", index))
    return {"scancode_cpu": theirs["cpu"], "osunited_cpu": ours.get("cpu")}


# --- Totals and the table ------------------------------------------------------------------------


def totals(results: list[dict[str, Any]], startup: dict[str, Any] | None = None) -> dict[str, Any]:
    done = [r for r in results if "failed" not in r["cold"] and "failed" not in r["warm"]]
    files = sum(r["cold"]["files"] for r in done)
    cold_cpu = sum(r["cold"]["cpu_seconds"] for r in done)
    secrets = [s | {"repo": r["repo"]} for r in done for s in r["verdicts"]["secrets"]]
    agreed = [r["repo"] for r in done if r["verdicts"]["license_agrees"]]
    publiccode = [r["repo"] for r in done if r["verdicts"]["publiccode_agrees"]]
    figures = {
        "repositories": len(done),
        "failed": [r["repo"] for r in results if r not in done],
        "files": files,
        "cold_seconds": sum(r["cold"]["seconds"] for r in done),
        "cold_cpu_seconds": cold_cpu,
        "files_per_cpu_second_cold": files / cold_cpu if cold_cpu else None,
        "warm_max_seconds": max((r["warm"]["seconds"] for r in done), default=None),
        "peak_mb": max((max(r["cold"]["peak_mb"], r["warm"]["peak_mb"]) for r in done), default=0),
        "license_agreement": [len(agreed), len(done)],
        "publiccode_agreement": [len(publiccode), len(done)],
        "secret_findings": _secret_counts(secrets),
        "files_inventory": all(r["cold"]["has_files_inventory"] for r in done),
    }
    figures["scancode"] = _scancode_totals(results, startup)
    return figures


def _secret_counts(secrets: list[dict[str, Any]]) -> dict[str, Any]:
    def count(kind: str | None = None, severity: str | None = None) -> int:
        return sum(
            1 for s in secrets if kind in (None, s["kind"]) and severity in (None, s["severity"])
        )

    real, errors, real_errors = count("real"), count(severity="error"), count("real", "error")
    return {
        "error": errors,
        "warning": count(severity="warning"),
        "real": real,
        "harmless_keys": count("harmless key"),
        "not_keys": count("false alarm"),
        "false_alarms_at_error": errors - real_errors,
        "harmless_keys_at_error": count("harmless key", "error"),
        "not_keys_at_error": count("false alarm", "error"),
        "precision": real / len(secrets) if secrets else None,
        # What a CI gate that fails on errors gets right: true secrets among the errors.
        "precision_of_errors": real_errors / errors if errors else None,
        "error_places": [_place(s) for s in secrets if s["severity"] == "error"],
    }


def _place(secret: dict[str, Any]) -> str:
    line = f":{secret['line']}" if secret.get("line") else ""
    return f"{secret.get('repo', '?')}: {secret['path']}{line} ({secret['kind']}, {secret['rule']})"


def _scancode_totals(
    results: list[dict[str, Any]], startup: dict[str, Any] | None
) -> dict[str, Any] | None:
    """Files per CPU second of each whole process (start-up included) on the same files, and
    the same net of each tool's one-file start-up cost."""
    runs = [r["scancode"] for r in results if r.get("scancode")]
    runs = [r for r in runs if "failed" not in r["scancode"] and r["osunited"].get("cpu")]
    if not runs:
        return None
    files = sum(r["scancode"]["files"] for r in runs)
    theirs_cpu = sum(r["scancode"]["cpu"] for r in runs)
    ours_files, ours_cpu = (
        sum(r["osunited"]["files"] for r in runs),
        sum(r["osunited"]["cpu"] for r in runs),
    )
    figures = {
        "repositories": len(runs),
        "sampled": any(r["sampled"] for r in runs),
        "scancode_files": files,
        "scancode_cpu_seconds": theirs_cpu,
        "osunited_cpu_seconds": ours_cpu,
        "scancode_files_per_cpu_second": files / theirs_cpu,
        "osunited_files_per_cpu_second": ours_files / ours_cpu,
        "ratio": (ours_files / ours_cpu) / (files / theirs_cpu),
    }
    if startup and startup.get("osunited_cpu"):
        theirs_net = theirs_cpu - len(runs) * startup["scancode_cpu"]
        ours_net = ours_cpu - len(runs) * startup["osunited_cpu"]
        figures["startup"] = startup
        figures["ratio_net_of_startup"] = (ours_files / ours_net) / (files / theirs_net)
    return figures


def print_table(figures: dict[str, Any]) -> None:
    print(f"osunited at {figures['revision']}; corpus {figures['corpus']}")
    print(
        f"manifest {figures['manifest']}; {figures['elapsed_seconds']:.0f} s in all with "
        f"--jobs {figures['jobs']}; load average at the end {figures['load_average']}\n"
    )
    header = f"{'repository':34} {'commit':12} {'files':>6} {'cold s':>7} {'warm s':>7}"
    print(header + f" {'files/s':>8} {'MB':>5}  license (hand-read)  secrets e/w  publiccode")
    for result in figures["results"]:
        print(_result_row(result))
    for missing in figures["missing"]:
        print(f"{missing:34} not in the corpus folder: skipped")
    _print_totals(figures["totals"])


def _result_row(result: dict[str, Any]) -> str:
    cold, warm, verdicts = result["cold"], result["warm"], result["verdicts"]
    head = f"{result['repo']:34} {result['commit'][:12]:12}"
    if "failed" in cold or "failed" in warm:
        return f"{head} scan failed ({cold.get('failed') or warm.get('failed')})"
    rate = cold["files"] / cold["cpu_seconds"] if cold["cpu_seconds"] else 0
    agreement = "agree" if verdicts["license_agrees"] else "DISAGREE"
    license_cell = f"{agreement}: {verdicts['license_found']}"
    errors = sum(1 for s in verdicts["secrets"] if s["severity"] == "error")
    warnings = sum(1 for s in verdicts["secrets"] if s["severity"] == "warning")
    publiccode = verdicts["publiccode_found"]
    if not verdicts["publiccode_agrees"]:
        publiccode += " (DISAGREE)"
    return (
        f"{head} {cold['files']:6} {cold['seconds']:7.1f} {warm['seconds']:7.2f} {rate:8.0f} "
        f"{max(cold['peak_mb'], warm['peak_mb']):5.0f}  {license_cell} [{result['license']}]  "
        f"{errors}/{warnings}  {publiccode}"
    )


def _print_totals(totals: dict[str, Any]) -> None:
    rate, warm, peak = (
        totals["files_per_cpu_second_cold"],
        totals["warm_max_seconds"],
        totals["peak_mb"],
    )
    agreed, scanned = totals["license_agreement"]
    pc_agreed, _ = totals["publiccode_agreement"]
    secrets = totals["secret_findings"]
    print(f"\n{totals['repositories']} repositories, {totals['files']} files")
    print(
        f"cold: {totals['cold_seconds']:.0f} s in scan(), {totals['cold_cpu_seconds']:.0f} CPU s, "
        f"{rate:.0f} files/s on one core (goal >= {SPEED_GOAL_FILES_PER_S}): "
        f"{_ok(rate >= SPEED_GOAL_FILES_PER_S)}"
    )
    print(f"warm: slowest {warm:.2f} s (goal < {WARM_GOAL_SECONDS:g} s): ", end="")
    print(_ok(warm < WARM_GOAL_SECONDS))
    print(f"peak memory: {peak:.0f} MB (goal < {MEMORY_GOAL_MB} MB): {_ok(peak < MEMORY_GOAL_MB)}")
    print(f"project license agrees with the hand-read one: {agreed}/{scanned}")
    print(f"publiccode.yml verdict agrees: {pc_agreed}/{scanned}")
    _print_secrets(secrets)
    inventory = "yes" if totals["files_inventory"] else "no"
    print(f"per-file inventory (`files`) in the report: {inventory}")
    _print_scancode(totals["scancode"])


def _print_secrets(secrets: dict[str, Any]) -> None:
    """The secret errors, which fail a CI gate, and how many of them are false alarms; then the
    warnings; then where each error is, to be read by hand."""
    precision = secrets["precision_of_errors"]
    judged = "no error raised" if precision is None else f"{precision:.0%}"
    print(
        f"secret errors: {secrets['error']}, of which {secrets['false_alarms_at_error']} false "
        f"alarms, not among the corpus's `secrets:` ({secrets['harmless_keys_at_error']} on "
        f"`harmless_keys:` paths, {secrets['not_keys_at_error']} on no key at all); warnings: "
        f"{secrets['warning']}; precision of errors (true secrets / errors): {judged}"
    )
    print(
        f"  all secret findings: {secrets['real']} real, {secrets['harmless_keys']} on harmless "
        f"keys (tests, examples, public client keys), {secrets['not_keys']} on no key at all"
    )
    for place in secrets["error_places"]:
        print(f"  error: {place}")


def _print_scancode(scancode: dict[str, Any] | None) -> None:
    if scancode is None:
        return
    what = "samples of" if scancode["sampled"] else "the whole trees of"
    print(
        f"ScanCode (-l -c, one process) on {what} {scancode['repositories']} repositories: "
        f"{scancode['scancode_files']} files in {scancode['scancode_cpu_seconds']:.0f} CPU s, "
        f"{scancode['scancode_files_per_cpu_second']:.2f} files per CPU second; osunited "
        f"{scancode['osunited_files_per_cpu_second']:.0f} on the same files: "
        f"{scancode['ratio']:.0f} times (goal >= {SCANCODE_GOAL}): "
        + _ok(scancode["ratio"] >= SCANCODE_GOAL)
    )
    if "ratio_net_of_startup" in scancode:
        startup = scancode["startup"]
        print(
            f"  net of each run's start-up (one-file scan: ScanCode {startup['scancode_cpu']:.1f}"
            f" CPU s, osunited {startup['osunited_cpu']:.1f}): "
            f"{scancode['ratio_net_of_startup']:.0f} times"
        )


def _ok(met: bool) -> str:
    return "met" if met else "MISSED"


# --- Main ----------------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("corpus", nargs="?", type=Path, help="folder holding the repositories")
    parser.add_argument("--manifest", type=Path, default=MANIFEST)
    parser.add_argument("--only", action="append", default=[], metavar="OWNER/NAME")
    parser.add_argument("--jobs", type=int, default=1, help="repositories scanned at once")
    parser.add_argument("--scancode", action="store_true", help="run ScanCode Toolkit too")
    parser.add_argument("--scancode-sample", type=int, default=0, metavar="N")
    parser.add_argument("--scancode-only", action="append", default=[], metavar="OWNER/NAME")
    parser.add_argument("--seed", type=int, default=15)
    parser.add_argument("--timeout", type=float, default=None, help="ScanCode, per tree")
    parser.add_argument("--no-install", action="store_true", help="never install ScanCode")
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument(
        "--rejudge", type=Path, metavar="FIGURES.json", help="judge saved figures again, no scan"
    )
    parser.add_argument("--worker", nargs=2, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if not args.worker and not args.rejudge and args.corpus is None:
        parser.error("give the folder that holds the corpus")
    return args


def bench_one(
    repository: Repository, tree: Path, args: argparse.Namespace, workdir: Path, index: Path
) -> dict[str, Any]:
    result = measure_repository(repository, tree, workdir, index) | {"license": repository.license}
    wanted = not args.scancode_only or repository.repo in args.scancode_only
    if args.scancode and wanted:
        result["scancode"] = scancode_figures(repository, tree, args, workdir, index)
    return result


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return
    if args.rejudge:
        report(rejudge(json.loads(args.rejudge.read_text("utf-8")), args.manifest), args.json)
        return
    started, measured = time.perf_counter(), revision()
    repositories = load_manifest(args.manifest)
    if args.only:
        repositories = [r for r in repositories if r.repo in args.only]
    found = [(r, locate(args.corpus, r)) for r in repositories]
    present = [(r, tree) for r, tree in found if tree is not None]
    if args.scancode and not ensure_scancode(not args.no_install):
        args.scancode = False
    startup = None
    with tempfile.TemporaryDirectory(prefix="osu-real-repos-") as tmp:
        workdir = Path(tmp)
        index, index_figures = build_index(workdir)
        if args.scancode:
            startup = startup_figures(workdir, index)
        with ThreadPoolExecutor(max_workers=max(1, args.jobs)) as pool:
            jobs = [pool.submit(bench_one, r, tree, args, workdir, index) for r, tree in present]
            results = [job.result() for job in jobs]
    figures = {
        "revision": measured,
        "corpus": str(args.corpus),
        "manifest": str(args.manifest),
        "jobs": args.jobs,
        "load_average": [round(x, 2) for x in os.getloadavg()],  # others' load inflates wall s
        "index_build": index_figures,
        "results": results,
        "missing": [r.repo for r, tree in found if tree is None],
        "scancode_startup": startup,
        "totals": totals(results, startup),
        "elapsed_seconds": time.perf_counter() - started,
    }
    report(figures, args.json)


def report(figures: dict[str, Any], as_json: bool) -> None:
    if as_json:
        print(json.dumps(figures, indent=2))
    else:
        print_table(figures)


def rejudge(figures: dict[str, Any], manifest: Path) -> dict[str, Any]:
    """Saved figures judged against the manifest as it is now (after a correction by hand)."""
    repositories = {r.repo: r for r in load_manifest(manifest)}
    for result in figures["results"]:
        repository = repositories[result["repo"]]
        result["license"] = repository.license
        result["verdicts"] = judge(repository, result["cold"])
    startup = figures.get("scancode_startup")
    return figures | {"manifest": str(manifest), "totals": totals(figures["results"], startup)}


if __name__ == "__main__":
    main()
