"""Dependencies benchmark: importing a large OSV export, then scanning a monorepo's lockfiles for
known vulnerabilities.

    .venv/bin/python benchmarks/deps_bench.py                  # 20,000 packages, 200,000 records
    .venv/bin/python benchmarks/deps_bench.py --packages 2000 --records 20000 --seed 2 --json

Everything is generated from `--seed` under var/bench/deps: a monorepo of sub-projects, each with
the lockfile of one ecosystem (npm package-lock.json v3, poetry.lock, requirements.txt pins,
Cargo.lock, go.mod, composer.lock, Gemfile.lock, packages.lock.json, pubspec.lock,
gradle.lockfile), and a zip of OSV records in the shape of osv.dev's exports that names every
package of the monorepo, a few of them at the locked version, and many other packages. Each
measurement is a subprocess (so peak memory is per run): the import of the zip into an empty
database, a scan with `only=["deps.inventory", "deps.vulnerabilities"]` and an empty result
cache, and a rescan of the unchanged lockfiles.
"""

from __future__ import annotations

import argparse
import json
import random
import shutil
import subprocess
import sys
import time
import zipfile
from pathlib import Path
from typing import Any

from _common import note, revision

ROOT = Path(__file__).resolve().parents[1]
BENCH = ROOT / "var" / "bench" / "deps"
CHECKS = ["deps.inventory", "deps.vulnerabilities"]
GOALS = {"import": 60.0, "scan": 5.0, "rescan": 0.5}  # seconds
PROJECT_SIZE = (150, 900)  # locked packages per sub-project
AFFECTED_SHARE = 0.015  # of the package names, one record affects every locked version
ECOSYSTEM_WEIGHTS = {
    "npm": 30, "PyPI": 14, "Go": 10, "crates.io": 8, "Maven": 10,
    "Packagist": 7, "RubyGems": 7, "NuGet": 7, "Pub": 7,
}  # fmt: skip
_WORDS = (
    "ab acme aero alpha amber apex arc astro atlas aura axis bay beam bench bit blaze bloom bolt "
    "brick bridge bright byte cache calm canvas cargo cedar chain chart chip cinder circle cloud "
    "clover coast code comet core crest crisp cube cyan dash data dawn delta dew dial drift dune "
    "echo edge ember end fable falcon fern field fire flame flash fleet flint flow flux foam forge "
    "frost fuse gale garden gate gem glade glow grain graph grid grove gust harbor haze helix hive "
    "hollow horizon hub ice index ink iris iron ivy jade jet kernel key kite lake lamp lane lark "
    "leaf lens light lime link lotus lumen lunar magnet maple marble matrix meadow mesa mint mist "
    "moss nano neon nest nova oak ocean onyx opal orbit pact palm parse path peak pearl pebble "
    "pine pixel plume polar pond prism pulse quartz quill rain ranger raven reef ridge ring river "
    "rock root rust sage sail scope sea shade shell signal silk slate snow solar spark spire "
    "spring spruce stack star stone storm stream summit swift tide timber token torch trail tree "
    "tulip vapor vault vector vine wave willow wind wing wolf yarn zen zephyr zinc"
).split()
_CWES = (
    "CWE-20",
    "CWE-22",
    "CWE-78",
    "CWE-79",
    "CWE-89",
    "CWE-200",
    "CWE-400",
    "CWE-502",
    "CWE-918",
)
_FLAWS = (
    "Cross-site scripting", "Path traversal", "Denial of service through crafted input",
    "Prototype pollution", "SQL injection", "Server-side request forgery",
    "Improper certificate validation", "Regular expression denial of service",
    "Deserialization of untrusted data", "Information exposure",
)  # fmt: skip


# --- Generating the monorepo --------------------------------------------------------------------


def package_name(rng: random.Random, ecosystem: str) -> str:
    a, b, c = rng.choice(_WORDS), rng.choice(_WORDS), rng.choice(_WORDS)
    number = rng.randrange(1000)
    if ecosystem == "npm":
        return f"@{a}/{b}-{c}{number}" if rng.random() < 0.2 else f"{a}-{b}-{c}{number}"
    if ecosystem == "Go":
        return f"github.com/{a}{number}/{b}-{c}"
    if ecosystem == "Maven":
        return f"org.{a}{number}.{b}:{b}-{c}"
    if ecosystem == "Packagist":
        return f"{a}{number}/{b}-{c}"
    if ecosystem == "NuGet":
        return f"{a.title()}{number}.{b.title()}.{c.title()}"
    if ecosystem in ("Pub", "RubyGems"):
        return f"{a}_{b}_{c}{number}"
    return f"{a}-{b}-{c}{number}"  # PyPI, crates.io


def random_version(rng: random.Random) -> tuple[int, int, int]:
    return rng.randint(1, 9), rng.randint(0, 30), rng.randint(0, 20)


def text(version: tuple[int, int, int]) -> str:
    return ".".join(map(str, version))


def plan_projects(count: int, rng: random.Random) -> list[tuple[str, int]]:
    """(ecosystem, number of locked packages) per sub-project, adding up to `count`."""
    ecosystems, weights = list(ECOSYSTEM_WEIGHTS), list(ECOSYSTEM_WEIGHTS.values())
    projects: list[tuple[str, int]] = []
    left = count
    for ecosystem in ecosystems:  # every lockfile format at least once
        size = min(left, rng.randint(*PROJECT_SIZE) // 3)
        projects.append((ecosystem, size))
        left -= size
    while left > 0:
        size = min(left, rng.randint(*PROJECT_SIZE))
        projects.append((rng.choices(ecosystems, weights)[0], size))
        left -= size
    return [project for project in projects if project[1] > 0]


def lock_packages(
    projects: list[tuple[str, int]], rng: random.Random
) -> list[tuple[str, list[tuple[str, tuple[int, int, int], bool]]]]:
    """The packages (name, version, dev) of each sub-project, drawn from one pool of names per
    ecosystem, so that sub-projects share some packages, mostly at the same version."""
    pools: dict[str, list[tuple[str, tuple[int, int, int]]]] = {}
    locked = []
    for ecosystem, size in projects:
        pool = pools.setdefault(ecosystem, [])
        while len(pool) < size * 1.3:
            pool.append((package_name(rng, ecosystem), random_version(rng)))
        chosen = sorted(rng.sample(pool, size))
        packages = []
        for name, version in chosen:
            if rng.random() < 0.2:
                version = random_version(rng)
            packages.append((name, version, rng.random() < 0.25))
        locked.append((ecosystem, packages))
    return locked


def write_lockfile(folder: Path, ecosystem: str, packages: list[Any], rng: random.Random) -> str:
    """Write the lockfile of one sub-project; its name."""
    folder.mkdir(parents=True, exist_ok=True)
    if ecosystem == "PyPI" and rng.random() < 0.4:
        name, content = "requirements.txt", _requirements(packages)
    else:
        name, content = _WRITERS[ecosystem](packages)
    (folder / name).write_text(content, encoding="utf-8")
    return name


def _hash(name: str, version: tuple[int, int, int], length: int = 64) -> str:
    digest = random.Random(f"{name}@{version}")  # noqa: S311 - fake checksums, not security
    return "".join(digest.choices("0123456789abcdef", k=length))


def _npm(packages: list[Any]) -> tuple[str, str]:
    direct = {name: f"^{text(v)}" for name, v, dev in packages[: len(packages) // 4] if not dev}
    entries: dict[str, Any] = {"": {"name": "app", "version": "1.0.0", "dependencies": direct}}
    for name, version, dev in packages:
        base = name.rpartition("/")[2]
        entry = {
            "version": text(version),
            "resolved": f"https://registry.npmjs.org/{name}/-/{base}-{text(version)}.tgz",
            "integrity": f"sha512-{_hash(name, version, 86)}==",
            "license": "MIT",
        }
        if dev:
            entry["dev"] = True
        entries[f"node_modules/{name}"] = entry
    lock = {"name": "app", "version": "1.0.0", "lockfileVersion": 3, "requires": True}
    return "package-lock.json", json.dumps(lock | {"packages": entries}, indent=2) + "\n"


def _poetry(packages: list[Any]) -> tuple[str, str]:
    blocks = [
        f'[[package]]\nname = "{name}"\nversion = "{text(version)}"\ndescription = "The {name} '
        f'library"\noptional = false\npython-versions = ">=3.8"\n'
        f'groups = ["{"dev" if dev else "main"}"]'
        f'\nfiles = [\n    {{file = "{name}-{text(version)}.tar.gz", hash = "sha256:'
        f'{_hash(name, version)}"}},\n]\n'
        for name, version, dev in packages
    ]
    metadata = '[metadata]\nlock-version = "2.1"\npython-versions = "^3.10"\n'
    return "poetry.lock", "\n".join([*blocks, metadata + 'content-hash = "0"\n'])


def _requirements(packages: list[Any]) -> str:
    return "".join(
        f"{name}=={text(version)} \\\n    --hash=sha256:{_hash(name, version)}\n"
        for name, version, _ in packages
    )


def _cargo(packages: list[Any]) -> tuple[str, str]:
    blocks = ['version = 3\n\n[[package]]\nname = "app"\nversion = "0.1.0"\n']
    blocks += [
        f'[[package]]\nname = "{name}"\nversion = "{text(version)}"\nsource = "registry+'
        f'https://github.com/rust-lang/crates.io-index"\nchecksum = "{_hash(name, version)}"\n'
        for name, version, _ in packages
    ]
    return "Cargo.lock", "\n".join(blocks)


def _go(packages: list[Any]) -> tuple[str, str]:
    lines = [
        f"\t{name} v{text(version)}" + (" // indirect" if dev else "")
        for name, version, dev in packages
    ]
    return "go.mod", "module example.com/app\n\ngo 1.22\n\nrequire (\n" + "\n".join(lines) + "\n)\n"


def _composer(packages: list[Any]) -> tuple[str, str]:
    def entry(name: str, version: tuple[int, int, int]) -> dict[str, Any]:
        return {
            "name": name,
            "version": text(version),
            "source": {
                "type": "git",
                "url": f"https://github.com/{name}.git",
                "reference": _hash(name, version, 40),
            },
            "type": "library",
            "license": ["MIT"],
        }

    lock = {
        "content-hash": "0",
        "packages": [entry(n, v) for n, v, dev in packages if not dev],
        "packages-dev": [entry(n, v) for n, v, dev in packages if dev],
    }
    return "composer.lock", json.dumps(lock, indent=4) + "\n"


def _gemfile(packages: list[Any]) -> tuple[str, str]:
    specs = "".join(f"    {name} ({text(version)})\n" for name, version, _ in packages)
    direct = "".join(f"  {name}\n" for name, _, dev in packages[: len(packages) // 5])
    return "Gemfile.lock", (
        f"GEM\n  remote: https://rubygems.org/\n  specs:\n{specs}\nPLATFORMS\n  ruby\n\n"
        f"DEPENDENCIES\n{direct}\nBUNDLED WITH\n   2.5.6\n"
    )


def _nuget(packages: list[Any]) -> tuple[str, str]:
    entries = {
        name: {
            "type": "Transitive" if dev else "Direct",
            **({} if dev else {"requested": f"[{text(version)}, )"}),
            "resolved": text(version),
            "contentHash": f"{_hash(name, version, 86)}==",
        }
        for name, version, dev in packages
    }
    return "packages.lock.json", json.dumps(
        {"version": 1, "dependencies": {"net8.0": entries}}, indent=2
    )


def _pub(packages: list[Any]) -> tuple[str, str]:
    blocks = [
        f'  {name}:\n    dependency: "{"direct dev" if dev else "transitive"}"\n    description:\n'
        f'      name: {name}\n      sha256: "{_hash(name, version)}"\n      url: "https://pub.dev"\n'
        f'    source: hosted\n    version: "{text(version)}"\n'
        for name, version, dev in packages
    ]
    return "pubspec.lock", "packages:\n" + "".join(blocks) + 'sdks:\n  dart: ">=3.2.0 <4.0.0"\n'


def _gradle(packages: list[Any]) -> tuple[str, str]:
    lines = [
        f"{name}:{text(version)}="
        + ("testCompileClasspath" if dev else "compileClasspath,runtimeClasspath")
        for name, version, dev in packages
    ]
    header = "# This is a Gradle generated file for dependency locking.\n"
    return "gradle.lockfile", header + "\n".join(lines) + "\nempty=annotationProcessor\n"


_WRITERS = {
    "npm": _npm, "PyPI": _poetry, "Go": _go, "crates.io": _cargo, "Maven": _gradle,
    "Packagist": _composer, "RubyGems": _gemfile, "NuGet": _nuget, "Pub": _pub,
}  # fmt: skip


# --- Generating the OSV export ------------------------------------------------------------------


class RecordMaker:
    """OSV records in the shape of osv.dev's exports, with unique ids."""

    def __init__(self, rng: random.Random) -> None:
        self.rng, self.count, self._cves = rng, 0, 10_000

    def make(
        self, ecosystem: str, name: str, ranges: list[dict[str, Any]], versions: list[str]
    ) -> list[dict[str, Any]]:
        """One advisory: a GHSA record, and for PyPI sometimes the PYSEC record of the same CVE."""
        rng = self.rng
        self._cves += 1
        cve = f"CVE-{rng.randint(2015, 2025)}-{self._cves}"
        ghsa = "GHSA-" + "-".join(
            "".join(rng.choices("23456789cfghjmpqrvwx", k=4)) for _ in range(3)
        )
        ghsa += str(self.count)[-1]  # unique even if the random parts collide
        flaw = rng.choice(_FLAWS)
        affected: dict[str, Any] = {
            "package": {"ecosystem": ecosystem, "name": name},
            "ranges": ranges,
            "database_specific": {
                "source": f"https://github.com/github/advisory-database/{ghsa}.json"
            },
        }
        if versions:
            affected["versions"] = versions
        record = {
            "schema_version": "1.6.0",
            "id": ghsa,
            "modified": f"20{rng.randint(20, 25)}-{rng.randint(1, 12):02}-{rng.randint(1, 28):02}T"
            f"{rng.randint(0, 23):02}:{rng.randint(0, 59):02}:00.{rng.randrange(10**6):06}Z",
            "published": f"20{rng.randint(15, 19)}-{rng.randint(1, 12):02}-"
            f"{rng.randint(1, 28):02}T12:00:00Z",
            "aliases": [cve],
            "summary": f"{flaw} in {name}",
            "details": f"{flaw} in {name} allows a remote attacker to "
            + " ".join(rng.choices(_WORDS, k=rng.randint(20, 120)))
            + ".",
            "severity": [{"type": "CVSS_V3", "score": _cvss_vector(rng)}],
            "affected": [affected],
            "references": [
                {"type": "ADVISORY", "url": f"https://nvd.nist.gov/vuln/detail/{cve}"},
                {"type": "WEB", "url": f"https://github.com/{name}/issues/{rng.randint(1, 9999)}"},
                {"type": "PACKAGE", "url": f"https://example.org/packages/{name}"},
            ],
            "database_specific": {
                "cwe_ids": [rng.choice(_CWES)],
                "severity": rng.choice(("LOW", "MODERATE", "HIGH", "CRITICAL")),
                "github_reviewed": True,
            },
        }
        self.count += 1
        records = [record]
        if ecosystem == "PyPI" and rng.random() < 0.4:
            pysec = dict(record, id=f"PYSEC-{cve[4:8]}-{self.count}", aliases=[ghsa, cve])
            pysec.pop("severity")
            record["aliases"] = [cve, pysec["id"]]
            records.append(pysec)
            self.count += 1
        return records


def _cvss_vector(rng: random.Random) -> str:
    parts = {
        "AV": "NALP",
        "AC": "LH",
        "PR": "NLH",
        "UI": "NR",
        "S": "UC",
        "C": "HLN",
        "I": "HLN",
        "A": "HLN",
    }
    return "CVSS:3.1/" + "/".join(f"{key}:{rng.choice(values)}" for key, values in parts.items())


def harmless_ranges(
    rng: random.Random, lowest: tuple[int, int, int], kind: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """Ranges and versions that stop below `lowest`, the lowest locked version."""
    major, minor, patch = lowest
    if major <= 1 and minor == 0 and patch == 0:
        return [{"type": kind, "events": [{"introduced": "0.1.0"}, {"fixed": "0.9.0"}]}], []
    fixed = (major - 1, rng.randint(0, 30), rng.randint(0, 20)) if major > 1 else (1, 0, 0)
    start = (max(0, fixed[0] - rng.randint(0, 1)), 0, 0)
    closing = "last_affected" if rng.random() < 0.15 else "fixed"
    if closing == "last_affected":
        fixed = (fixed[0], fixed[1], max(0, fixed[2] - 1)) if fixed != (1, 0, 0) else (0, 9, 9)
    introduced = "0" if rng.random() < 0.4 else text(start)
    events = [{"introduced": introduced}, {closing: text(fixed)}]
    versions = []
    if kind == "ECOSYSTEM" and rng.random() < 0.3:
        versions = [f"{start[0]}.{m}.{p}" for m in range(rng.randint(1, 4)) for p in range(3)]
    return [{"type": kind, "events": events}], versions


def affecting_ranges(
    rng: random.Random, versions: list[tuple[int, int, int]], kind: str
) -> tuple[list[dict[str, Any]], list[str]]:
    """A range containing every locked version, fixed just above the highest."""
    highest = max(versions)
    fixed = (highest[0], highest[1], highest[2] + 1)
    events = [
        {"introduced": "0" if rng.random() < 0.5 else text(min(versions))},
        {"fixed": text(fixed)},
    ]
    return [{"type": kind, "events": events}], [text(v) for v in sorted(set(versions))]


def osv_records(locked: list[Any], total: int, rng: random.Random) -> list[dict[str, Any]]:
    """`total` records: one to three for each locked package name, a few of them affecting the
    locked versions, and the rest for other packages."""
    maker = RecordMaker(rng)
    records: list[dict[str, Any]] = []
    by_name: dict[tuple[str, str], list[tuple[int, int, int]]] = {}
    for ecosystem, packages in locked:
        for name, version, _ in packages:
            by_name.setdefault((ecosystem, name), []).append(version)
    for (ecosystem, name), versions in sorted(by_name.items()):
        kind = "SEMVER" if ecosystem in ("npm", "crates.io", "Go") else "ECOSYSTEM"
        for _ in range(rng.choice((1, 1, 1, 2, 3))):
            ranges, listed = harmless_ranges(rng, min(versions), kind)
            records += maker.make(ecosystem, name, ranges, listed)
        if rng.random() < AFFECTED_SHARE:
            ranges, listed = affecting_ranges(rng, versions, kind)
            records += maker.make(ecosystem, name, ranges, listed if kind == "ECOSYSTEM" else [])
    ecosystems = list(ECOSYSTEM_WEIGHTS)
    while len(records) < total:
        ecosystem = rng.choice(ecosystems)
        kind = "SEMVER" if ecosystem in ("npm", "crates.io", "Go") else "ECOSYSTEM"
        ranges, listed = harmless_ranges(rng, random_version(rng), kind)
        records += maker.make(ecosystem, package_name(rng, ecosystem) + "x", ranges, listed)
    return records[:total]


# --- Generating both ----------------------------------------------------------------------------


def generate(packages: int, total_records: int, seed: int) -> tuple[Path, Path]:
    """The monorepo folder and the OSV zip for these parameters, made once and then reused."""
    folder = BENCH / f"p{packages}-r{total_records}-s{seed}"
    repo, export, done = folder / "monorepo", folder / "osv-all.zip", folder / "complete"
    if done.is_file():
        return repo, export
    shutil.rmtree(folder, ignore_errors=True)
    note(f"generating {folder}")
    rng = random.Random(seed)  # noqa: S311 - reproducible test data
    locked = lock_packages(plan_projects(packages, rng), rng)
    for number, (ecosystem, project) in enumerate(locked):
        slug = ecosystem.lower().replace(".", "-")
        write_lockfile(repo / "services" / f"{slug}-{number:03}", ecosystem, project, rng)
    (repo / "README.md").write_text("# Generated monorepo\n", encoding="utf-8")
    records = osv_records(locked, total_records, rng)
    with zipfile.ZipFile(export, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as archive:
        for record in records:
            archive.writestr(f"{record['id']}.json", json.dumps(record, indent=2))
    done.write_text("", encoding="utf-8")
    return repo, export


# --- Measuring ----------------------------------------------------------------------------------


def worker(mode: str, target: str, database: str, cache: str, profile: str) -> None:
    """Child side: import the export, or scan the monorepo; print one JSON line."""
    import cProfile

    from osunited.scanner import scan
    from osunited.scanner.vulns import VulnDB, import_osv

    profiler = cProfile.Profile() if profile else None
    started = time.perf_counter()  # after the imports, as `osu` has them done before it starts
    if profiler:
        profiler.enable()
    if mode == "import":
        with VulnDB(Path(database)) as db:
            stats = import_osv(Path(target), db)
        figures: dict[str, Any] = {"imported": stats.imported, "malformed": stats.malformed}
    else:
        report = scan(target, only=CHECKS, vulndb=Path(database), cache_dir=Path(cache))
        data = report.result("deps.vulnerabilities").data
        figures = {
            "dependencies": len(report.dependencies),
            "checked": data.get("checked"),
            "findings": len(report.result("deps.vulnerabilities").findings),
            "vulnerable_packages": data.get("vulnerable_packages"),
            "problems": len(report.result("deps.inventory").findings),
            "by_ecosystem": _by_ecosystem(report.dependencies, data.get("vulnerabilities", [])),
        }
    seconds = time.perf_counter() - started
    if profiler:
        profiler.disable()
        profiler.dump_stats(profile)
    print(json.dumps(figures | {"seconds": seconds, "peak_mb": _peak_mb()}))


def _peak_mb() -> float:
    """The peak RSS of this process since it started. Not `ru_maxrss`, which Linux carries over
    from the parent at fork (the parent held the generated records)."""
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    import resource

    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def _by_ecosystem(dependencies: list[Any], vulnerabilities: list[dict[str, Any]]) -> dict[str, Any]:
    """Dependencies and findings per ecosystem, to show that every lockfile format was read."""
    counts: dict[str, list[int]] = {}
    ecosystem_of = {}
    for dependency in dependencies:
        counts.setdefault(dependency.ecosystem, [0, 0])[0] += 1
        ecosystem_of[dependency.purl] = dependency.ecosystem
    for vulnerability in vulnerabilities:
        counts[ecosystem_of[vulnerability["purl"]]][1] += 1
    return {
        ecosystem: {"dependencies": d, "findings": f}
        for ecosystem, (d, f) in sorted(counts.items())
    }


def measure(mode: str, target: Path, work: Path, profile: Path | None = None) -> dict[str, Any]:
    """One measured run in a subprocess: its figures, wall time included."""
    command = [sys.executable, __file__, "--worker", mode, str(target), str(work / "osv.sqlite3"),
               str(work / "cache"), str(profile or "")]  # fmt: skip
    started = time.perf_counter()
    done = subprocess.run(command, capture_output=True, text=True)  # noqa: S603 - our own command
    wall = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f"{mode} run failed (exit {done.returncode}):\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1]) | {"wall": wall}


def run_all(repo: Path, export: Path, profile: bool) -> dict[str, Any]:
    work = BENCH / "work"
    shutil.rmtree(work, ignore_errors=True)
    work.mkdir(parents=True)
    profiles = {step: work / f"{step}.prof" for step in GOALS} if profile else {}
    note(f"importing {export}")
    figures = {"import": measure("import", export, work, profiles.get("import"))}
    note(f"scanning {repo} (empty result cache)")
    figures["scan"] = measure("scan", repo, work, profiles.get("scan"))
    note("rescanning the unchanged lockfiles")
    figures["rescan"] = measure("scan", repo, work, profiles.get("rescan"))
    for step, run in figures.items():
        run["goal"] = GOALS[step]
        run["met"] = run["seconds"] < GOALS[step]
        if profile:
            run["profile"] = str(profiles[step])
    return figures


def print_table(
    repo: Path, export: Path, args: argparse.Namespace, figures: dict[str, Any]
) -> None:
    scan = figures["scan"]
    print(f"monorepo: {repo} ({args.packages:,} locked packages asked)")
    print(
        f"OSV export: {export} ({args.records:,} records, {export.stat().st_size / 2**20:.0f} MB)"
    )
    print(f"revision: {revision()}")
    print()
    print("| step | seconds | wall (subprocess) | peak RSS | goal | |")
    print("| --- | --- | --- | --- | --- | --- |")
    labels = {
        "import": "import_osv (osu vulndb import)",
        "scan": "scan, empty cache",
        "rescan": "rescan, unchanged",
    }
    for step, run in figures.items():
        print(
            f"| {labels[step]} | {run['seconds']:.2f} s | {run['wall']:.2f} s | "
            f"{run['peak_mb']:.0f} MB | < {run['goal']:g} s | {'met' if run['met'] else 'MISSED'} |"
        )
    print()
    print(
        f"records imported: {figures['import']['imported']:,} "
        f"(malformed {figures['import']['malformed']}); "
        f"dependencies: {scan['dependencies']:,} ({scan['checked']:,} pinned, "
        f"{scan['problems']} parse problems); findings: {scan['findings']:,} in "
        f"{scan['vulnerable_packages']:,} packages"
    )
    print(
        "per ecosystem (dependencies/findings): "
        + ", ".join(
            f"{name} {n['dependencies']:,}/{n['findings']}"
            for name, n in scan["by_ecosystem"].items()
        )
    )


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--packages", type=int, default=20_000, metavar="N", help="locked packages")
    parser.add_argument("--records", type=int, default=200_000, metavar="N", help="OSV records")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--profile", action="store_true", help="cProfile each step; print the missed ones"
    )
    parser.add_argument("--json", action="store_true", help="print the figures as JSON")
    parser.add_argument("--worker", nargs=5, help=argparse.SUPPRESS)
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> None:
    args = parse_args(argv)
    if args.worker:
        worker(*args.worker)
        return
    repo, export = generate(args.packages, args.records, args.seed)
    figures = run_all(repo, export, args.profile)
    if args.json:
        print(
            json.dumps(
                {"revision": revision(), "monorepo": str(repo), "export": str(export)} | figures,
                indent=2,
            )
        )
    else:
        print_table(repo, export, args, figures)
    if args.profile:
        print_profiles(figures)


def print_profiles(figures: dict[str, Any]) -> None:
    """The top 25 functions by cumulative time of each step that missed its goal, to stderr (the
    profiled times are longer than the measured ones)."""
    import pstats

    for step, run in figures.items():
        if not run["met"]:
            note(f"\n--- cProfile of {step}, top 25 by cumulative time ---")
            stats = pstats.Stats(run["profile"], stream=sys.stderr)
            stats.sort_stats("cumulative").print_stats(25)


if __name__ == "__main__":
    main()
