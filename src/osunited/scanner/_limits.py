"""Caps that keep a scan of a hostile or huge input bounded in size and time."""

from __future__ import annotations

import time
from dataclasses import dataclass

from osunited.scanner._errors import LimitExceeded

MiB = 1024 * 1024


@dataclass(frozen=True)
class ScanLimits:
    """Every cap of a scan. The defaults suit a large real project; the platform may lower them."""

    max_files: int = 250_000
    max_file_bytes: int = 8 * MiB  # larger files are listed, not read
    # Look for licenses and copyrights in whole files, not only in their first 150 lines (--full).
    read_whole_files: bool = False
    max_total_bytes: int = 4096 * MiB
    timeout_seconds: float = 1800.0
    # Archives: caps on what extraction may write, and on the compression ratio (zip bombs).
    max_archive_members: int = 250_000
    max_extracted_bytes: int = 4096 * MiB
    max_compression_ratio: float = 200.0
    # Git: how long a clone may take.
    clone_timeout_seconds: float = 600.0


class Deadline:
    """The moment a scan must stop; `check()` raises once it has passed."""

    def __init__(self, seconds: float) -> None:
        self.seconds = seconds
        self._end = time.monotonic() + seconds

    def remaining(self) -> float:
        return max(0.0, self._end - time.monotonic())

    def check(self) -> None:
        if time.monotonic() > self._end:
            raise LimitExceeded(
                f"The scan took longer than its limit of {self.seconds:.0f} seconds "
                "and was stopped."
            )
