"""`osu vulndb`: keep the local copy of OSV vulnerability records that scans look up offline."""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from osunited.scanner.vulns import ImportStats, VulnDB

EXIT_UNUSABLE = 2
OSV_EXPORTS = "https://osv-vulnerabilities.storage.googleapis.com/{ecosystem}/all.zip"
OSV_SOURCE = "OSV.dev exports (https://osv.dev), under the license of each advisory's database"
DOWNLOAD_TIMEOUT = 60


@click.group()
@click.option(
    "--db",
    "db_path",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The database file [default: $XDG_CACHE_HOME/osunited/osv.sqlite3].",
)
@click.pass_context
def vulndb(ctx: click.Context, db_path: Path | None) -> None:
    """Import, update and inspect the local database of known vulnerabilities (OSV)."""
    ctx.obj = db_path


@vulndb.command(name="import")
@click.argument("path", type=click.Path(exists=True, path_type=Path))
@click.option(
    "--source",
    default="",
    help="Who published the records and under which license, shown with every result "
    "(e.g. 'PyPA Advisory Database, CC-BY-4.0').",
)
@click.pass_obj
def import_(db_path: Path | None, path: Path, source: str) -> None:
    """Import OSV records, in JSON or YAML, from PATH: a directory (searched recursively), a zip
    export (osv.dev's all.zip) or a tar archive (.tar, .tar.gz, .tgz), such as a snapshot of an
    advisory database. Nothing is extracted to disk; unreadable records are counted."""
    with _open(db_path) as db:
        stats = _import(path, db, source)
        click.echo(_describe(stats, path))


@vulndb.command()
@click.pass_obj
def status(db_path: Path | None) -> None:
    """Show the database's date (its newest record's), the last import, the sources, and how
    many records each ecosystem has."""
    from osunited.scanner.vulns import status as db_status

    with _open(db_path) as db:
        found = db_status(db)
        click.echo(f"Database: {db.path}")
    if not found.total_records:
        click.echo("No records yet: run `osu vulndb update` or `osu vulndb import PATH`.")
        return
    date = (found.newest_modified or "")[:10]
    click.echo(f"Database of {date}: {found.total_records} records.")
    for ecosystem, count in found.records_by_ecosystem.items():
        click.echo(f"  {ecosystem}: {count} records")
    click.echo(f"Newest record modified: {found.newest_modified}")
    click.echo(f"Last import: {found.imported_at}")
    for source in found.sources:
        click.echo(f"Source: {source}")


@vulndb.command()
@click.option(
    "--ecosystem",
    "-e",
    "ecosystems",
    multiple=True,
    help="An OSV ecosystem to download (repeatable) [default: all supported ones].",
)
@click.pass_obj
def update(db_path: Path | None, ecosystems: tuple[str, ...]) -> None:
    """Download the OSV exports of each ecosystem from osv.dev and import them."""
    from osunited.scanner.vulns import ECOSYSTEMS, canonical_ecosystem

    names = [canonical_ecosystem(name) for name in ecosystems] or list(ECOSYSTEMS)
    with _open(db_path) as db, tempfile.TemporaryDirectory(prefix="osu-osv-") as tmp:
        for name in names:
            archive = _download(OSV_EXPORTS.format(ecosystem=name), Path(tmp) / f"{name}.zip")
            click.echo(f"{name}: {_describe(_import(archive, db, OSV_SOURCE), archive)}")
            archive.unlink()


def _open(db_path: Path | None) -> VulnDB:
    from osunited.scanner.vulns import VulnDB

    try:
        return VulnDB(db_path)
    except (OSError, ValueError) as exc:
        _fail(f"cannot open the database: {exc}")


def _import(path: Path, db: VulnDB, source: str) -> ImportStats:
    from osunited.scanner.vulns import import_osv

    try:
        return import_osv(path, db, source=source)
    except (OSError, ValueError) as exc:
        _fail(f"cannot import {path}: {exc}")


def _describe(stats: ImportStats, path: Path) -> str:
    summary = (
        f"Imported {stats.imported} records from {path.name}"
        f" ({stats.unchanged} unchanged, {stats.malformed} malformed)."
    )
    if not stats.malformed_names:
        return summary
    more = ", ..." if stats.malformed > len(stats.malformed_names) else ""
    return f"{summary}\nUnreadable: {', '.join(stats.malformed_names)}{more}"


def _download(url: str, target: Path) -> Path:
    import shutil
    import urllib.error
    import urllib.request

    click.echo(f"Downloading {url} ...")
    try:
        # The URL is always the fixed https address of osv.dev's exports.
        with (
            urllib.request.urlopen(url, timeout=DOWNLOAD_TIMEOUT) as response,  # noqa: S310
            target.open("wb") as out,
        ):
            shutil.copyfileobj(response, out)
    except urllib.error.HTTPError as exc:
        _fail(f"cannot download {url}: HTTP {exc.code} (is the ecosystem name right?).")
    except (urllib.error.URLError, OSError) as exc:
        reason = getattr(exc, "reason", exc)
        _fail(
            f"cannot download {url}: {reason}. Offline? Fetch the zip on another machine"
            " and run `osu vulndb import PATH`."
        )
    return target


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(EXIT_UNUSABLE)
