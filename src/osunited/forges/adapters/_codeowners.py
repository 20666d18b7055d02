"""Who a CODEOWNERS file (GitHub's or GitLab's syntax) names for every path."""

from __future__ import annotations

# Patterns that match every file of the repository.
EVERY_PATH = frozenset({"*", "**", "/**", "/*", "/"})


def owners_of_every_path(text: str) -> tuple[str, ...]:
    """The usernames of the last rule whose pattern matches every path (the last matching rule
    wins, on both forges); () when no rule does. Owners are given without their "@"; e-mail
    addresses are left out, as are GitLab's section headers ("[Docs]", "^[Docs][2] @lead")."""
    found: tuple[str, ...] = ()
    for line in text.splitlines():
        pattern, *owners = line.split("#", 1)[0].split() or [""]
        if pattern in EVERY_PATH:
            found = tuple(owner.lstrip("@") for owner in owners if owner.startswith("@"))
    return found
