"""`osu scan`: scan a directory, git URL or source archive and write a report."""

from __future__ import annotations

import os
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, NoReturn

import click

if TYPE_CHECKING:
    from osunited.scanner import Policy, ScanReport, Severity

EXIT_FINDINGS = 1
EXIT_UNUSABLE = 2
# The names of osunited.scanner.reports.FORMATS, repeated so that `osu --help` does not import
# the scanner; a test keeps both lists equal.
FORMAT_CHOICES = ("text", "json", "md", "sarif", "cyclonedx", "spdx")
# An SBOM lists the dependencies and the project's license: these checks fill them in.
SBOM_FORMATS = frozenset({"cyclonedx", "spdx"})
SBOM_CHECKS = ("license.project", "deps.inventory", "license.compatibility")
FAIL_ON_CHOICES = ("info", "warning", "error", "never")
# The platform's languages (settings.LANGUAGES, which a test keeps equal), named here so that
# `osu --help` does not import Django.
LANGUAGE_CHOICES = ("en", "ar", "zh-hans", "fr", "ru", "es")


def _print_default_policy(ctx: click.Context, _param: click.Parameter, value: bool) -> None:
    if not value or ctx.resilient_parsing:
        return
    from osunited.scanner import default_policy_text

    click.echo(default_policy_text(), nl=False)
    ctx.exit()


@click.command()
@click.argument("target")
@click.option(
    "--format",
    "-f",
    "fmt",
    type=click.Choice(FORMAT_CHOICES),
    default="text",
    show_default=True,
    help="Report format.",
)
@click.option(
    "--output",
    "-o",
    type=click.Path(dir_okay=False, path_type=Path),
    help="Write the report to FILE instead of standard output; written only if the scan succeeds.",
)
@click.option(
    "--policy",
    type=click.Path(dir_okay=False, path_type=Path),
    help="A policy file (see --print-default-policy); keys it leaves out keep their default.",
)
@click.option(
    "--fail-on",
    type=click.Choice(FAIL_ON_CHOICES),
    help="Lowest severity that makes the exit status 1 [default: the policy's fail_on, error].",
)
@click.option(
    "--language",
    "-l",
    type=click.Choice(LANGUAGE_CHOICES),
    default="en",
    show_default=True,
    help="Language of the text and md reports (the platform's catalogues); the environment's "
    "locale is not read, so that CI output stays the same. JSON, SARIF and SBOMs stay English.",
)
@click.option("--no-cache", is_flag=True, help="Neither read nor keep per-file results.")
@click.option(
    "--cache-dir",
    type=click.Path(file_okay=False, path_type=Path),
    help="Where per-file results are kept [default: $XDG_CACHE_HOME/osunited].",
)
@click.option(
    "--vulndb",
    type=click.Path(dir_okay=False, path_type=Path),
    help="The OSV database kept by `osu vulndb` [default: $XDG_CACHE_HOME/osunited/osv.sqlite3].",
)
@click.option(
    "--only",
    multiple=True,
    metavar="CHECK_ID",
    help="Run only this check; repeat for several.",
)
@click.option(
    "--full",
    is_flag=True,
    help="Look for licenses and copyrights in whole files, not only in their first 150 lines "
    "(slower; license files and READMEs are always read whole).",
)
@click.option("--quiet", "-q", is_flag=True, help="No progress and no summary on standard error.")
@click.option(
    "--print-default-policy",
    is_flag=True,
    is_eager=True,
    expose_value=False,
    callback=_print_default_policy,
    help="Print the default policy, to start your own, and exit.",
)
def scan(
    target: str,
    fmt: str,
    output: Path | None,
    policy: Path | None,
    fail_on: str | None,
    language: str,
    no_cache: bool,
    cache_dir: Path | None,
    vulndb: Path | None,
    only: tuple[str, ...],
    full: bool,
    quiet: bool,
) -> None:
    """Scan TARGET (a directory, a git URL or a source archive) for license compliance,
    dependencies and their known vulnerabilities, security practices, documentation, project
    health and publiccode.yml, and print or write a report or an SBOM.

    Exits 0 when no finding is at or above the --fail-on severity, 1 when one is, and 2 when the
    scan cannot be done (bad target, policy file or option).
    """
    # The scanner is imported here, not at the top, so that every other `osu` command starts fast.
    from osunited.scanner import ScanError, ScanLimits, load_policy
    from osunited.scanner import scan as run_scan
    from osunited.scanner.reports import render

    checks = _known_checks(_with_sbom_checks(only, fmt))
    try:
        scan_policy = load_policy(policy) if policy else None
        with _progress(enabled=not quiet) as progress:
            report = run_scan(
                target,
                policy=scan_policy,
                limits=ScanLimits(read_whole_files=full),
                cache_dir=cache_dir,
                use_cache=not no_cache,
                only=checks,
                progress=progress,
                vulndb=vulndb,
            )
    except ScanError as exc:
        _fail(str(exc))
    color = output is None and fmt == "text" and _wants_color()
    text = render(report, fmt, color=color, language=language)
    if output is None:
        click.echo(text, nl=False, color=color)
    else:
        _write_atomically(output, text)
    _finish(report, _threshold(fail_on, scan_policy), output=output, quiet=quiet)


def _with_sbom_checks(only: tuple[str, ...], fmt: str) -> tuple[str, ...]:
    """`--only` with the checks an SBOM needs added, when the format is one."""
    if not only or fmt not in SBOM_FORMATS:
        return only
    return only + tuple(check for check in SBOM_CHECKS if check not in only)


def _known_checks(only: tuple[str, ...]) -> tuple[str, ...]:
    if not only:
        return ()
    from osunited.scanner import all_checks

    known = {check.id for check in all_checks()}
    unknown = sorted(set(only) - known)
    if unknown:
        raise click.BadParameter(
            f"unknown check {', '.join(unknown)}; the checks are: {', '.join(sorted(known))}.",
            param_hint="'--only'",
        )
    return only


def _threshold(fail_on: str | None, policy: Policy | None) -> Severity | None:
    """The lowest severity that fails the scan, or None for --fail-on never."""
    from osunited.scanner import Severity, default_policy

    if fail_on == "never":
        return None
    if fail_on is not None:
        return Severity(fail_on)
    return (policy or default_policy()).fail_on


def _finish(
    report: ScanReport, threshold: Severity | None, *, output: Path | None, quiet: bool
) -> None:
    failing = (
        []
        if threshold is None
        else [f for f in report.findings if f.severity.rank >= threshold.rank]
    )
    if not quiet:
        if output is not None:
            click.echo(f"Wrote {output}.", err=True)
        if threshold is not None:
            click.echo(_verdict(len(failing), threshold.value), err=True)
    if failing:
        raise SystemExit(EXIT_FINDINGS)


def _verdict(count: int, threshold: str) -> str:
    if count == 0:
        return f"No finding at or above {threshold}."
    noun = "finding" if count == 1 else "findings"
    return f"{count} {noun} at or above {threshold}."


def _wants_color() -> bool:
    # https://no-color.org: an empty NO_COLOR does not count.
    return not os.environ.get("NO_COLOR") and sys.stdout.isatty()


def _write_atomically(path: Path, text: str) -> None:
    """Write `text` to `path` through a temporary file renamed over it, so that readers never see
    a partial report and a failure leaves any previous report in place."""
    try:
        descriptor, temp_name = tempfile.mkstemp(
            dir=path.parent, prefix=f".{path.name}.", suffix=".tmp"
        )
    except OSError as exc:
        _fail(f"cannot write {path}: {exc.strerror or exc}.")
    temp = Path(temp_name)
    try:
        with os.fdopen(descriptor, "w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        temp.chmod(0o666 & ~_umask())  # mkstemp makes it private; a report is an ordinary file
        temp.replace(path)
    except (OSError, UnicodeError) as exc:
        temp.unlink(missing_ok=True)
        _fail(f"cannot write {path}: {getattr(exc, 'strerror', None) or exc}.")


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def _fail(message: str) -> NoReturn:
    click.echo(f"Error: {message}", err=True)
    raise SystemExit(EXIT_UNUSABLE)


class ProgressLine:
    """Draws `stage done/total` on one line of a terminal, redrawn in place, once the scan has
    run for `delay` seconds (a quick scan shows nothing), at most every `interval` seconds."""

    def __init__(
        self,
        stream: IO[str],
        *,
        delay: float = 1.0,
        interval: float = 0.1,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self.stream = stream
        self.delay = delay
        self.interval = interval
        self.clock = clock
        self.started = clock()
        self.drawn_at: float | None = None
        self.width = 0

    def __call__(self, stage: str, done: int, total: int) -> None:
        now = self.clock()
        if now - self.started < self.delay:
            return
        if self.drawn_at is not None and now - self.drawn_at < self.interval:
            return
        line = f"Scanning: {stage} {done}/{total}" if total > 1 else f"Scanning: {stage}"
        line = line[:79]
        self.stream.write("\r" + line.ljust(self.width))
        self.stream.flush()
        self.drawn_at, self.width = now, max(self.width, len(line))

    def close(self) -> None:
        """Erase the line, so that what follows starts on a clean line."""
        if self.drawn_at is not None:
            self.stream.write("\r" + " " * self.width + "\r")
            self.stream.flush()


@contextmanager
def _progress(*, enabled: bool) -> Iterator[ProgressLine | None]:
    """A ProgressLine on standard error while it is a terminal and `enabled`, else None."""
    line = ProgressLine(sys.stderr) if enabled and sys.stderr.isatty() else None
    try:
        yield line
    finally:
        if line is not None:
            line.close()
