"""Credentials in the formats their providers issue. Each format has a structure that a
placeholder or a look-alike fails: a checksum (GitHub and npm tokens), a decodable body (private
keys, JWTs, Azure keys) or at least a random-looking body."""

from __future__ import annotations

import base64
import binascii
import json
import math
import re
import zlib
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from functools import cached_property

# GitHub and npm encode the CRC32 of a token's random part with this alphabet.
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
_PLACEHOLDER = re.compile(r"(?i)example|xxxx|0000|1234|abcd|sample|dummy|fake|your|redacted")
_BASE64_RUN = re.compile(r"[A-Za-z0-9+/=]{64,}")
_KEY_BODY_WINDOW = 800
_JWT_SAMPLE_SUBJECT = "1234567890"  # the token shown on jwt.io and copied into many docs
# A token issued by a development server (localhost, a host name without a domain) or a
# documentation domain opens nothing real.
_LOCAL_ISSUER = re.compile(
    r"^https?://[\w-]+(?::\d+)?(?:/|$)|^(?:https?://)?(?:localhost|127\.0\.0\.1|0\.0\.0\.0|\[::1\]|[\w.-]*\.(?:local|localhost|"
    r"test|example|invalid)|(?:[\w-]+\.)*example\.(?:com|org|net))(?:[:/]|$)",
    re.I,
)


def entropy(value: str) -> float:
    """Shannon entropy of the characters of `value`, in bits per character."""
    counts = Counter(value)
    return -sum(n / len(value) * math.log2(n / len(value)) for n in counts.values())


@dataclass(frozen=True)
class CredentialFormat:
    kind: str
    anchors: tuple[str, ...]  # fixed text, one of which every credential of the format holds
    pattern: str
    # True when the match is real: a checksum or structure that look-alikes fail.
    verify: Callable[[re.Match[str]], bool]
    checksum: bool = False  # verified by a checksum: a match is almost surely a credential

    @cached_property
    def regex(self) -> re.Pattern[str]:
        return re.compile(self.pattern)

    def anchored_in(self, text: str) -> bool:
        """Whether `text` holds one of the anchors."""
        if len(self.anchors) == 1:
            return self.anchors[0] in text
        return self._any_anchor.search(text) is not None

    @cached_property
    def _any_anchor(self) -> re.Pattern[str]:
        # The expression takes the anchors' common start out ("ghp_|gho_" is "gh(?:p_|o_)") and
        # runs about as fast as `in` does for one anchor: one pass instead of one per anchor.
        return re.compile("|".join(map(re.escape, self.anchors)))


def _random_body(start: int, minimum: float = 3.0) -> Callable[[re.Match[str]], bool]:
    """The part after the first `start` characters looks random and is not a placeholder."""

    def verify(match: re.Match[str]) -> bool:
        body = match.group(0)[start:]
        return entropy(body) >= minimum and not _PLACEHOLDER.search(body)

    return verify


def _crc32_base62(match: re.Match[str]) -> bool:
    """GitHub's and npm's tokens end with the CRC32 of their 30 random characters, in base62."""
    token = match.group(0)
    body, checksum = token[-36:-6], token[-6:]
    value, digits = zlib.crc32(body.encode()), ""
    while value:
        value, digit = divmod(value, 62)
        digits = _BASE62[digit] + digits
    return digits.rjust(6, "0") == checksum


def _private_key_body(match: re.Match[str]) -> bool:
    """A key block has a base64 body after its header: code that only looks for the header
    line (TLS libraries, parsers) has none."""
    after = match.string[match.end() : match.end() + _KEY_BODY_WINDOW]
    joined = re.sub(r"\\[nr]|[\"'`+,;\s]|\n", "", after.split("-----END", 1)[0])
    run = _BASE64_RUN.search(joined)
    return run is not None and entropy(run.group(0)) > 4.5


def _base64url_json(part: str) -> object:
    try:
        return json.loads(base64.urlsafe_b64decode(part + "=" * (-len(part) % 4)))
    except (binascii.Error, ValueError):
        return None


def _jwt(match: re.Match[str]) -> bool:
    """A signed JWT: JSON header naming an algorithm, JSON claims, and a signature."""
    header_part, claims_part, _ = match.group(0).split(".")
    header, claims = _base64url_json(header_part), _base64url_json(claims_part)
    if not isinstance(header, dict) or not isinstance(claims, dict):
        return False
    if str(header.get("alg", "none")).lower() == "none":
        return False
    # Supabase's "anon" keys are JWTs meant to be shipped to browsers.
    if claims.get("sub") == _JWT_SAMPLE_SUBJECT or claims.get("role") == "anon":
        return False
    return not _LOCAL_ISSUER.match(str(claims.get("iss", "")))


def _azure_key(match: re.Match[str]) -> bool:
    try:
        return len(base64.b64decode(match.group(0).removeprefix("AccountKey="))) == 64
    except binascii.Error:
        return False


_END = r"(?![A-Za-z0-9_-])"
_GITLAB = ("glpat-", "gldt-", "glrt-", "glptt-", "glcbt-", "glft-", "glsoat-")
FORMATS: tuple[CredentialFormat, ...] = (
    CredentialFormat(
        "AWS access key id",
        ("AKIA", "ASIA", "ABIA", "ACCA"),
        r"\b(?:AKIA|ASIA|ABIA|ACCA)[A-Z2-7]{16}\b",
        _random_body(4),
    ),
    CredentialFormat(
        "GitHub token",
        ("ghp_", "gho_", "ghu_", "ghs_", "ghr_"),
        r"\bgh[pousr]_[A-Za-z0-9]{36}\b",
        _crc32_base62,
        checksum=True,
    ),
    CredentialFormat(
        "GitHub token",
        ("github_pat_",),
        r"\bgithub_pat_[A-Za-z0-9]{22}_[A-Za-z0-9]{59}\b",
        _random_body(11, 4.0),
    ),
    CredentialFormat(
        "GitLab token",
        _GITLAB,
        r"\bgl(?:pat|dt|rt|ptt|cbt|ft|soat)-[A-Za-z0-9_-]{20,}" + _END,
        _random_body(6),
    ),
    CredentialFormat(
        "Slack token", ("xox",), r"\bxox[abposre]-(?:\d+-)+[A-Za-z0-9]{20,}\b", _random_body(5)
    ),
    CredentialFormat(
        "Slack webhook",
        ("hooks.slack.com",),
        r"https://hooks\.slack\.com/services/T[A-Z0-9]+/B[A-Z0-9]+/[A-Za-z0-9]{16,}",
        _random_body(40),
    ),
    CredentialFormat(
        "Google API key", ("AIza",), r"\bAIza[0-9A-Za-z_-]{35}" + _END, _random_body(4)
    ),
    CredentialFormat(
        "Google OAuth client secret",
        ("GOCSPX-",),
        r"\bGOCSPX-[A-Za-z0-9_-]{28}" + _END,
        _random_body(7),
    ),
    CredentialFormat(
        "Stripe live key",
        ("_live_",),
        r"\b(?:sk|rk)_live_[0-9A-Za-z]{24,}\b",
        _random_body(8),
    ),
    CredentialFormat(
        "npm token", ("npm_",), r"\bnpm_[A-Za-z0-9]{36}\b", _crc32_base62, checksum=True
    ),
    CredentialFormat(
        "PyPI token",
        ("pypi-AgEIcHlwaS5vcmc",),
        r"\bpypi-AgEIcHlwaS5vcmc[A-Za-z0-9_-]{50,}",
        _random_body(20),
    ),
    CredentialFormat(
        "SendGrid key",
        ("SG.",),
        r"\bSG\.[A-Za-z0-9_-]{22}\.[A-Za-z0-9_-]{43}" + _END,
        _random_body(3),
    ),
    CredentialFormat(
        "OpenAI key",
        ("T3BlbkFJ",),
        r"\bsk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}T3BlbkFJ[A-Za-z0-9_-]{20,}",
        _random_body(3),
    ),
    CredentialFormat(
        "Anthropic key",
        ("sk-ant-",),
        r"\bsk-ant-(?:api|admin)\d\d-[A-Za-z0-9_-]{80,}",
        _random_body(14),
    ),
    CredentialFormat(
        "Docker Hub token",
        ("dckr_pat_",),
        r"\bdckr_pat_[A-Za-z0-9_-]{27}" + _END,
        _random_body(9),
    ),
    CredentialFormat(
        "Shopify token",
        ("shpat_", "shpca_", "shppa_", "shpss_"),
        r"\bshp(?:at|ca|pa|ss)_[a-fA-F0-9]{32}\b",
        _random_body(6),
    ),
    CredentialFormat(
        "Azure storage key", ("AccountKey=",), r"AccountKey=[A-Za-z0-9+/]{86}==", _azure_key
    ),
    CredentialFormat(
        "Private key",
        ("PRIVATE KEY",),
        r"-----BEGIN (?:RSA |EC |DSA |OPENSSH |PGP |ENCRYPTED )?PRIVATE KEY(?: BLOCK)?-----",
        _private_key_body,
    ),
    CredentialFormat(
        "JSON Web Token",
        ("eyJ",),
        r"\beyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{16,}",
        _jwt,
    ),
)


def find_credentials(text: str) -> Iterator[tuple[CredentialFormat, re.Match[str]]]:
    """Each credential in `text` with its format, unordered. A format's pattern runs only on text
    that holds one of its fixed prefixes, which are found far faster than the pattern."""
    for found in FORMATS:
        if found.anchored_in(text):
            for match in found.regex.finditer(text):
                if found.verify(match):
                    yield found, match
