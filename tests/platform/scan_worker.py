"""A worker process for the tests that kill one mid-scan.

`python -m tests.platform.scan_worker embedded` runs the in-process worker and scheduler of
`osu run` (without the web server); `... celery ARGS` runs `celery worker ARGS`. While the file
named by OSU_TEST_SCAN_GATE exists, a scan waits at its start, after writing its process id to
that name plus `.started`: the test then knows the scan is running, and kills the process.
"""

import os
import sys
import time
from pathlib import Path
from typing import Any


def hold_scans_at_the_gate() -> None:
    from osunited.catalog import scanning

    real_scan = scanning.scanner.scan
    gate = Path(os.environ["OSU_TEST_SCAN_GATE"])

    def gated_scan(*args: Any, **kwargs: Any) -> Any:
        if gate.exists():
            gate.with_suffix(".started").write_text(str(os.getpid()))
            while gate.exists():
                time.sleep(0.05)
        return real_scan(*args, **kwargs)

    scanning.scanner.scan = gated_scan  # type: ignore[assignment]


def main(mode: str, *celery_args: str) -> None:
    import django

    django.setup()
    hold_scans_at_the_gate()
    if mode == "embedded":
        from osunited.platform.embedded import start_background_work

        start_background_work()
        while True:
            time.sleep(3600)
    from osunited.platform.celery import app

    app.worker_main(["worker", "--loglevel=INFO", *celery_args])


if __name__ == "__main__":
    main(*sys.argv[1:])
