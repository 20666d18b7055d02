"""What every benchmark script shares: which commit it measured, and progress notes."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def revision() -> str:
    """The commit measured, flagged when src/ has uncommitted changes or the engine imported is
    not this checkout's src/."""
    import osunited

    def git(*args: str) -> str:
        command = ["git", "-C", str(ROOT), *args]
        return subprocess.run(command, capture_output=True, text=True).stdout.strip()  # noqa: S603

    try:
        head, dirty = git("rev-parse", "--short", "HEAD"), git("status", "--porcelain", "src")
    except OSError:
        return "unknown"
    source = Path(osunited.__file__).resolve().parents[1]
    if source != ROOT / "src":
        return f"{head}, engine imported from {source}"
    return head + (" + uncommitted src/ changes" if dirty else "")


def note(message: str) -> None:
    """A progress line, on standard error so that --json output stays clean."""
    print(message, file=sys.stderr, flush=True)
