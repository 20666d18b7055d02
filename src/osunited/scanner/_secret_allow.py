"""What the secrets check leaves alone: values the project lists as known (its own
`.osu-secrets-allow`, a gitleaks `.gitleaksignore`, a detect-secrets `.secrets.baseline`), and
files where a random-looking value is not a credential (lockfiles, minified, vendored and
translation files, test fixtures)."""

from __future__ import annotations

import fnmatch
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field

from osunited.scanner._layout import is_generated, is_minified, is_vendored
from osunited.scanner._secrets import SecretHit

ALLOWLIST_FILE = ".osu-secrets-allow"
GITLEAKS_IGNORE = ".gitleaksignore"
DETECT_SECRETS_BASELINE = ".secrets.baseline"
ALLOW_FILES = (ALLOWLIST_FILE, GITLEAKS_IGNORE, DETECT_SECRETS_BASELINE)

_LOCKFILES = frozenset(
    """package-lock.json npm-shrinkwrap.json yarn.lock pnpm-lock.yaml bun.lock composer.lock
    gemfile.lock cargo.lock poetry.lock pipfile.lock uv.lock pdm.lock go.sum gradle.lockfile
    packages.lock.json pubspec.lock mix.lock flake.lock podfile.lock package.resolved""".split()
)
_TEST_FOLDER = re.compile(
    r"^t$|(?:^|[-_.])(?:tests?|testing|testdata|e2e|specs?|fixtures?|__fixtures__|__mocks__|mocks?|"
    r"__tests__|__snapshots__)(?:$|[-_.])"
)
_TEST_FILE = re.compile(
    r"^test_.*\.py$|_test\.(?:py|go|rb|exs?)$|\.(?:test|spec)\.[cm]?[jt]sx?$|"
    r"tests?\.(?:java|kt|cs|php|scala|groovy)$|_spec\.rb$"
)
_EXAMPLE_FOLDER = frozenset({"example", "examples", "sample", "samples", "demo", "demos", "docs"})
_TRANSLATION_FOLDER = frozenset(
    {"locale", "locales", "i18n", "l10n", "lang", "langs", "languages", "translations"}
)
_TRANSLATION_FILE = re.compile(
    r"\.(?:po|pot|xlf|xliff|arb|strings)$|^(?:i18n|messages|strings|translations?)[._-].*\.(?:"
    r"properties|json|ya?ml|xml)$|_[a-z]{2}(?:_[a-z]{2})?\.properties$"
)
# Firebase and Google Cloud client configurations ship with the app: their keys identify it.
_APP_CONFIG = re.compile(r"^google-?services?(?:-info)?[\w.-]*\.(?:json|plist)$")


def file_roles(path: str) -> frozenset[str]:
    """What a file is, as far as secrets go: `lockfile`, `minified`, `vendored`, `test`,
    `example`, `translation`, `app-config`, `allowlist`; none for ordinary code."""
    parts = path.lower().split("/")
    name, folders = parts[-1], parts[:-1]
    checks = {
        "lockfile": name in _LOCKFILES,
        "minified": is_minified(path),
        "vendored": is_vendored(path) or is_generated(path),
        "test": any(_TEST_FOLDER.search(f) for f in folders) or bool(_TEST_FILE.search(name)),
        "example": bool(_EXAMPLE_FOLDER.intersection(folders)) or ".example" in name,
        "translation": bool(_TRANSLATION_FOLDER.intersection(folders))
        or bool(_TRANSLATION_FILE.search(name)),
        "app-config": bool(_APP_CONFIG.match(name)),
        "allowlist": path in ALLOW_FILES,
    }
    return frozenset(role for role, matches in checks.items() if matches)


@dataclass(frozen=True)
class Allowlist:
    """Paths (glob patterns), fingerprints, places (path and line) and detect-secrets hashes
    that the project lists as known not to be secrets, or already handled."""

    patterns: tuple[str, ...] = ()
    fingerprints: frozenset[str] = frozenset()
    places: frozenset[tuple[str, int]] = frozenset()
    hashes: frozenset[tuple[str, str]] = frozenset()  # (path, 16 hex digits of the sha1)
    problems: tuple[str, ...] = field(default=(), compare=False)

    @classmethod
    def parse(cls, text: str) -> Allowlist:
        """`.osu-secrets-allow`: a path glob, or `fingerprint:<hex>`, per line; `#` comments."""
        patterns, fingerprints = [], set()
        for raw in text.splitlines():
            entry = raw.split("#", 1)[0].strip()
            if entry.startswith("fingerprint:"):
                fingerprints.add(entry.removeprefix("fingerprint:").strip())
            elif entry:
                patterns.append(entry)
        return cls(tuple(patterns), frozenset(fingerprints))

    def allows(self, path: str, hit: SecretHit) -> bool:
        if hit.fingerprint in self.fingerprints or (path, hit.line) in self.places:
            return True
        if hit.sha1 and (path, hit.sha1) in self.hashes:
            return True
        return any(fnmatch.fnmatchcase(path, pattern) for pattern in self.patterns)

    def __or__(self, other: Allowlist) -> Allowlist:
        return Allowlist(
            self.patterns + other.patterns,
            self.fingerprints | other.fingerprints,
            self.places | other.places,
            self.hashes | other.hashes,
            self.problems + other.problems,
        )


def parse_gitleaksignore(text: str) -> Allowlist:
    """gitleaks' fingerprints, `[commit:]file:rule-id:line`. The rule id is not compared (the
    rules are gitleaks' own): an entry allows whatever is found on that line of that file."""
    places = set()
    for raw in text.splitlines():
        entry = raw.strip()
        if not entry or entry.startswith("#"):
            continue
        location, _, line = entry.rpartition(":")
        where = re.sub(r"^[0-9a-f]{7,40}:", "", location.rpartition(":")[0])
        if line.isdigit() and where:
            places.add((where, int(line)))
    return Allowlist(places=frozenset(places))


def parse_baseline(text: str) -> Allowlist:
    """detect-secrets' baseline: each result is allowed by its file and line or by its value's
    sha1, unless an audit marked it `"is_secret": true`. Its `exclude` regular expressions are
    not applied: a scanned repository must not make the scanner run expressions of its choice."""
    try:
        results = json.loads(text).get("results", {})
        entries = [
            (str(path), entry)
            for path, found in results.items()
            for entry in found
            if isinstance(entry, dict) and entry.get("is_secret") is not True
        ]
    except (ValueError, AttributeError, TypeError, RecursionError):
        return Allowlist(problems=(f"{DETECT_SECRETS_BASELINE} is not a detect-secrets baseline",))
    places = {
        (path, e["line_number"]) for path, e in entries if isinstance(e.get("line_number"), int)
    }
    hashes = {(path, str(e.get("hashed_secret", ""))[:16]) for path, e in entries}
    return Allowlist(places=frozenset(places), hashes=frozenset(hashes))


def read_allowlist(read: Callable[[str], str | None]) -> Allowlist:
    """The project's allow-list files, at the top of the tree, merged; `read` gives a file's
    text or None when it is absent or unreadable."""
    parsers = {
        ALLOWLIST_FILE: Allowlist.parse,
        GITLEAKS_IGNORE: parse_gitleaksignore,
        DETECT_SECRETS_BASELINE: parse_baseline,
    }
    allowlist = Allowlist()
    for path, parse in parsers.items():
        text = read(path)
        if text is not None:
            allowlist |= parse(text)
    return allowlist
