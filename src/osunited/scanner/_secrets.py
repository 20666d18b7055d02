"""Committed secrets: credentials in their providers' formats (`_secret_formats`), and random
values assigned to names such as `password` or `api_key`. Only a fingerprint and a redacted
preview are ever kept. What is found here depends on a file's content only (it is cached by
content); where the file lies is judged by the check (`_secret_allow.file_roles`)."""

from __future__ import annotations

import bisect
import hashlib
import itertools
import operator
import re
from dataclasses import dataclass
from enum import StrEnum
from itertools import repeat

from osunited.scanner._secret_formats import entropy, find_credentials

__all__ = ["Certainty", "SecretHit", "entropy", "find_secrets"]

MIN_ENTROPY = 3.5  # bits per character; random base64 is near 6, English words near 3
MINIFIED_LINE = 1000  # characters: longer lines are generated code, not assignments
# Lower case; found with `str.find`, many times faster than a case-insensitive expression.
_KEYWORDS = (
    "password",
    "passwd",
    "pwd",
    "secret",
    "token",
    "credential",
    "passphrase",
    *(f"{word}{joint}key" for word in ("api", "access", "private") for joint in ("", "_", "-")),
)
# The keywords by their first letters, one expression each: it takes their common start out
# ("password|passwd" is "passw(?:ord|d)") and finds them in one pass. No keyword of a group can
# start inside another's match, so every occurrence is found, as one search per keyword would.
_KEYWORD_GROUPS = tuple(
    re.compile("|".join(map(re.escape, group)))
    for _, group in itertools.groupby(sorted(_KEYWORDS), key=lambda keyword: keyword[:3])
)
# The look-behind starts names at word boundaries only: linear time on long lines.
_QUOTED = re.compile(
    r"(?<![\w$@.-])(?P<name>[A-Za-z_$@][\w$@.-]*)[\"'`]?\]?\s*(?::=|=>|=|:)\s*(?:[rbuf]{1,2})?"
    r"(?P<quote>[\"'`])(?P<value>[^\"'`\s]{16,200})(?P=quote)"
)
# `NAME=value` lines of .env, properties and YAML files; code has quotes, calls or semicolons.
_BARE = re.compile(
    r"^\s*(?:export\s+)?(?P<name>[A-Za-z_][\w.-]*)\s*[:=]\s*(?P<value>[\w+/=.~!@%^*-]{16,200})\s*$"
)
_WORDS = re.compile(r"[A-Z]+(?![a-z])|[A-Z]?[a-z]+|\d+")
_LETTERS = re.compile(r"[A-Z]{2,}(?![a-z])|[A-Z]?[a-z]+|[A-Z]")
_ESCAPED_LETTER = re.compile(r"\\u[0-9a-fA-F]{4}")  # translations in .properties files
_DIGIT, _LETTER = re.compile(r"\d"), re.compile(r"[A-Za-z]")
_PASSWORD_WORDS = frozenset({"password", "passwd", "pwd", "passphrase"})
_SECRET_WORDS = _PASSWORD_WORDS | {"secret", "token", "apikey", "credential", "credentials"}
_SECRET_PAIRS = frozenset(
    {
        ("api", "key"),
        ("access", "key"),
        ("private", "key"),
        ("secret", "key"),
        ("client", "secret"),
        ("auth", "token"),
    }
)
# The last word of a name that holds something about a secret, not the secret.
_NOT_SECRET_LAST = frozenset(
    """endpoint endpoints url urls uri path file filename dir folder type types name names header
    headers prefix suffix length len format pattern regex field fields label hint placeholder
    message messages msg error errors text title description desc id ids backend provider
    providers class storage store env var variable param params parameter policy policies
    expires expiry expiration expire lifetime ttl timeout updated update created changed date
    time timestamp at count counter min max size mode method route host domain scope scopes
    audience issuer binary bin cmd command template selector color icon event events action
    actions status state enabled disabled required visible input button link page screen view
    component service manager handler helper util utils factory schema validator generator
    module request response api version kind category style css rule rules strength reset
    location source target""".split()
)
_NOT_SECRET_ANY = frozenset(
    """hash hashed digest checksum fingerprint address public publishable example sample dummy
    fake mock test""".split()
)
_NOT_SECRET_VALUES = (
    re.compile(  # placeholders, interpolations and templates
        r"(?i)example|change_?me|xxxx|your[_-]|insecure|dummy|sample|placeholder|redacted|"
        r"test|fake|mock|secret|password|token|[<>]|\$[{(A-Za-z_]|\{\{|#\{|%[(sd]|\{\w*\}|\*\*\*"
    ),
    re.compile(r"://|^[.~]?/|\.(?:json|ya?ml|pem|key|crt|txt|js|ts|py|sh|env|xml|html?)$"),
    re.compile(r"^[A-Za-z_$][\w$]*(?:\.[A-Za-z_$][\w$]*)+$"),  # module.paths and i18n.keys
    re.compile(r"^\d{4}-\d\d-\d\d|^v?\d+(?:\.\d+)+"),  # dates and versions
    re.compile(r"\\[dwsbDWSB.]|\.[*+?]|\[[^\]]*-[^\]]*\]|\(\?|\{\d+,\d*\}"),  # regular expressions
    re.compile(r"^sha(?:1|256|384|512)-"),  # subresource integrity
    re.compile(  # public blockchain addresses
        r"^0x[0-9a-fA-F]{40}$|^(?:bc1|tb1)[02-9ac-hj-np-z]{11,71}$|^[13][1-9A-HJ-NP-Za-km-z]{25,34}$"
    ),
    re.compile(r"(?i)0123456|123456789|abcdefgh|qwerty"),
)
_CRYPT = re.compile(r"^\$(?:2[abxy]?|argon2(?:id|i|d)|pbkdf2[\w-]*|[156]|scrypt)\$|^\{[A-Z0-9]+\}")
_HEX_HASH = re.compile(r"^[0-9a-fA-F]{32,}$")
_INLINE_ALLOW = re.compile(r"gitleaks:allow|pragma: ?allowlist secret")
_NEXT_LINE_ALLOW = "pragma: allowlist nextline secret"


class Certainty(StrEnum):
    """How sure the finding is that the value is a credential."""

    CHECKSUM = "checksum"  # a provider's format whose checksum is right
    FORMAT = "format"  # a provider's format, with a structure that placeholders fail
    RANDOM = "random"  # only a random-looking value assigned to a secret-like name


@dataclass(frozen=True)
class SecretHit:
    line: int
    kind: str
    fingerprint: str  # sha256 of the value, 16 hex digits: for the allowlist
    preview: str  # the first characters only
    certainty: str = Certainty.FORMAT
    marked: bool = False  # the line carries an allow marker (`gitleaks:allow` ...)
    # sha1 of the value, 16 hex digits: detect-secrets' baselines name secrets by their sha1.
    sha1: str = ""


def find_secrets(text: str) -> list[SecretHit]:
    """Credentials in `text`, at most one per line and kind."""
    lines = text.split("\n")
    hits: dict[tuple[int, str], SecretHit] = {}
    for found, match in find_credentials(text):
        certainty = Certainty.CHECKSUM if found.checksum else Certainty.FORMAT
        line = text.count("\n", 0, match.start()) + 1
        _add(hits, lines, line, found.kind, match.group(0), certainty)
    known_lines = {line for line, _ in hits}
    for line, value in _random_assignments(text, lines):
        if line not in known_lines:
            _add(hits, lines, line, "Random-looking value", value, Certainty.RANDOM)
    return sorted(hits.values(), key=lambda hit: (hit.line, hit.kind))


def _add(
    hits: dict[tuple[int, str], SecretHit],
    lines: list[str],
    line: int,
    kind: str,
    value: str,
    certainty: Certainty,
) -> None:
    digest = hashlib.sha256(value.encode()).hexdigest()[:16]
    sha1 = hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()[:16]
    hit = SecretHit(line, kind, digest, value[:4] + "…", certainty, _marked(lines, line), sha1)
    hits.setdefault((line, kind), hit)


def _marked(lines: list[str], line: int) -> bool:
    here = lines[line - 1] if line <= len(lines) else ""
    before = lines[line - 2] if line >= 2 else ""
    return bool(_INLINE_ALLOW.search(here)) or _NEXT_LINE_ALLOW in before


def _random_assignments(text: str, lines: list[str]) -> list[tuple[int, str]]:
    """(line, value) of the random-looking values assigned to secret-like names."""
    found = []
    for number in _keyword_lines(text, lines):
        line = lines[number - 1]
        if len(line) > MINIFIED_LINE:
            continue
        assignments = [(m["name"], m["value"]) for m in _QUOTED.finditer(line)]
        bare = _BARE.match(line)
        if bare:
            assignments.append((bare["name"], bare["value"]))
        found += [(number, v) for name, v in assignments if _looks_like_secret(name, v)]
    return found


def _keyword_lines(text: str, lines: list[str]) -> list[int]:
    """The numbers of the lines that name a secret, in order."""
    lowered = text.lower()
    offsets = [match.start() for found in _KEYWORD_GROUPS for match in found.finditer(lowered)]
    if not offsets:
        return []
    # Where each line starts (and one past the end), summed in C rather than line by line.
    starts = list(itertools.accumulate(map(operator.add, map(len, lines), repeat(1)), initial=0))
    return sorted({bisect.bisect_right(starts, offset) for offset in offsets})


def _looks_like_secret(name: str, value: str) -> bool:
    words = [word.lower() for word in _WORDS.findall(name)]
    return (
        _is_secret_name(words)
        and _is_secret_value(value, hashed=bool(_PASSWORD_WORDS.intersection(words)))
        and entropy(value) >= MIN_ENTROPY
    )


def _is_secret_name(words: list[str]) -> bool:
    """`db_password`, `apiKey`, `SECRET_KEY`; not `PASSWORD_NEVER_EXPIRES`, `token_endpoint`,
    `passwordHash`: the last word of a name says what it holds."""
    if not words or words[-1] in _NOT_SECRET_LAST or _NOT_SECRET_ANY.intersection(words):
        return False
    pairs = set(itertools.pairwise(words))
    return bool(_SECRET_WORDS.intersection(words) or _SECRET_PAIRS & pairs)


def _is_secret_value(value: str, *, hashed: bool) -> bool:
    """False for what is visibly not a credential: words, identifiers, URLs and paths, dates,
    versions, regular expressions, interpolations, placeholders, password hashes and public
    blockchain addresses."""
    if (
        not value.isascii()
        or _ESCAPED_LETTER.search(value)
        or not (_DIGIT.search(value) and _LETTER.search(value))
    ):
        return False
    if any(pattern.search(value) for pattern in _NOT_SECRET_VALUES):
        return False
    if hashed and (_CRYPT.match(value) or _HEX_HASH.match(value)):
        return False
    return not _made_of_words(value)


def _made_of_words(value: str) -> bool:
    """`user_password_2fa`, `passwordResetLink2`: every run of letters is a word of three or
    more; random text always has shorter runs."""
    runs = _LETTERS.findall(value)
    return bool(runs) and all(len(run) >= 3 for run in runs)
