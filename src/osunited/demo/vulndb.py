"""The demo's vulnerability database: the PyPA Advisory Database snapshot shipped in
data/osv/ (see its README), imported once into VAR_DIR/osv.sqlite3 so that `osu run --demo`
shows real known vulnerabilities offline."""

from __future__ import annotations

from pathlib import Path

from osunited.scanner.vulns import ImportStats, VulnDB, import_osv

SNAPSHOT = Path(__file__).parent / "data" / "osv" / "pypa-advisory-database-2024-10-10.tar.gz"
ATTRIBUTION = (
    "Python Packaging Advisory Database (pypa/advisory-database), PyPA and contributors, CC-BY-4.0"
)


def demo_vulndb_path(var_dir: Path) -> Path:
    return var_dir / "osv.sqlite3"


def demo_vulndb_ensure(path: Path) -> ImportStats | None:
    """Import the snapshot into `path` unless a database is already there; what the import
    did, or None when there was nothing to do. The import fills a temporary file renamed at the
    end, so that a scan never reads a half-imported database."""
    if path.is_file():
        return None
    partial = path.with_name(f"{path.name}.partial")
    partial.unlink(missing_ok=True)
    with VulnDB(partial) as db:
        stats = import_osv(SNAPSHOT, db, source=ATTRIBUTION)
    partial.replace(path)
    return stats
