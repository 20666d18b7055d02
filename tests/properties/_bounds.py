"""The bounds every property test here runs under: derandomized (the same examples on every run
and machine, no example database), a fixed number of examples, and a generous deadline for a
shared 2-core machine. OSU_PROPERTY_EXAMPLES runs them deeper by hand."""

from __future__ import annotations

import os
from datetime import timedelta

from hypothesis import HealthCheck, settings

_SCALE = int(os.environ.get("OSU_PROPERTY_EXAMPLES", "1"))


def bounded(max_examples: int) -> settings:
    """Settings for a property: `max_examples` (times OSU_PROPERTY_EXAMPLES), reproducible."""
    return settings(
        max_examples=max_examples * _SCALE,
        deadline=timedelta(seconds=10),
        derandomize=True,
        database=None,
        print_blob=True,
        # The suite's autouse fixtures (media folder, empty cache) are function-scoped; the
        # properties here use none of what they set up.
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )
