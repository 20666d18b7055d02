"""Forge adapters: one module per forge behind `ForgeAdapter` (base.py), and their registry.

Pure Python, never imports Django: `osu forge audit` uses them without the platform."""

from __future__ import annotations

from importlib import import_module

from osunited.forges.adapters.base import (
    AccessLevel,
    ApprovalRule,
    BranchProtection,
    CommitState,
    ForgeActivity,
    ForgeAdapter,
    ForgeAuthError,
    ForgeConflict,
    ForgeConnection,
    ForgeError,
    ForgeNotFound,
    ForgeRateLimited,
    ForgeUnavailable,
    ForgeUnsupported,
    Member,
    MergeSettings,
    NamespaceSettings,
    RemoteRepository,
    RepositorySettings,
    RepositorySpec,
    Visibility,
)

# kind -> "module:class", imported on first use so that one forge's client library is loaded
# only where that forge is configured.
ADAPTERS = {
    "gitlab": "osunited.forges.adapters.gitlab:GitLabAdapter",
    "github": "osunited.forges.adapters.github:GitHubAdapter",
}


def adapter_for(connection: ForgeConnection) -> ForgeAdapter:
    """The adapter of `connection.kind`; ValueError for a kind with none."""
    try:
        module, _, name = ADAPTERS[connection.kind].partition(":")
    except KeyError:
        raise ValueError(f"No adapter for the forge kind {connection.kind!r}.") from None
    adapter: ForgeAdapter = getattr(import_module(module), name)(connection)
    return adapter


__all__ = [
    "ADAPTERS",
    "AccessLevel",
    "ApprovalRule",
    "BranchProtection",
    "CommitState",
    "ForgeActivity",
    "ForgeAdapter",
    "ForgeAuthError",
    "ForgeConflict",
    "ForgeConnection",
    "ForgeError",
    "ForgeNotFound",
    "ForgeRateLimited",
    "ForgeUnavailable",
    "ForgeUnsupported",
    "Member",
    "MergeSettings",
    "NamespaceSettings",
    "RemoteRepository",
    "RepositorySettings",
    "RepositorySpec",
    "Visibility",
    "adapter_for",
]
