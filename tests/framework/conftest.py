from collections.abc import Iterator

import pytest

from osunited.framework import _load


@pytest.fixture(autouse=True)
def engine_alone() -> Iterator[None]:
    """The engine's tests see the shipped frameworks only: the platform registers a source of the
    versions its Board adopted, which reads a database these tests do not open."""
    registered = list(_load._sources)
    _load._sources.clear()
    yield
    _load._sources[:] = registered
