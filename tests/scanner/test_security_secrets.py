"""Committed secrets: credentials in their providers' formats are errors, look-alikes that fail
their checksum or structure are not found, random-looking values are warnings (never in lockfiles,
minified, vendored or translation files, or tests), allow-lists and inline markers are honoured,
and no secret value is ever reported or cached in full."""

from __future__ import annotations

import base64
import hashlib
import json
import random
import zlib
from pathlib import Path

import pytest

from osunited.scanner import Outcome, Severity, scan
from osunited.scanner._model import CheckResult
from osunited.scanner._secrets import entropy, find_secrets
from tests.scanner.conftest import TreeMaker

_RANDOM = random.Random(15)
_BASE62 = "0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"


def _random_text(length: int, alphabet: str = _BASE62) -> str:
    return "".join(_RANDOM.choice(alphabet) for _ in range(length))


def _checksummed(prefix: str, body: str) -> str:
    """A token in GitHub's and npm's format: 30 random characters and their CRC32 in base62."""
    value, digits = zlib.crc32(body.encode()), ""
    while value:
        value, digit = divmod(value, 62)
        digits = _BASE62[digit] + digits
    return prefix + body + digits.rjust(6, "0")


def _b64url(document: dict[str, object]) -> str:
    return base64.urlsafe_b64encode(json.dumps(document).encode()).decode().rstrip("=")


# Built at run time, so that this file is not itself a committed secret to other scanners.
AWS_KEY = "AKIA" + "Q3EGRJHX5CN7YB2D"
GITHUB_TOKEN = _checksummed("ghp_", _random_text(30))
NPM_TOKEN = _checksummed("npm_", _random_text(30))
GITLAB_TOKEN = "glpat-" + _random_text(20)
STRIPE_KEY = "sk_" + "live_" + _random_text(24)
GOOGLE_KEY = "AIza" + _random_text(35)
SLACK_TOKEN = "xoxb-" + "17653672481-19874698323-" + _random_text(24)
KEY_BODY = base64.b64encode(_RANDOM.randbytes(600)).decode()
PRIVATE_KEY = (
    "-----BEGIN "
    + "RSA PRIVATE KEY-----\n"
    + "\n".join(KEY_BODY[i : i + 64] for i in range(0, len(KEY_BODY), 64))
    + "\n-----END RSA PRIVATE KEY-----\n"
)
JWT = ".".join(
    (_b64url({"alg": "HS256", "typ": "JWT"}), _b64url({"sub": "u-42", "exp": 1}), _random_text(43))
)
RANDOM_PASSWORD = "q8#Zr!2vLp@9Xw$4Tn"
RANDOM_VALUE = _random_text(24)


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        (f"key = '{AWS_KEY}'", "AWS access key id"),
        (f"TOKEN={GITHUB_TOKEN}", "GitHub token"),
        (f"//registry.npmjs.org/:_authToken={NPM_TOKEN}", "npm token"),
        (f"gitlab: {GITLAB_TOKEN}", "GitLab token"),
        (f"stripe.api_key = '{STRIPE_KEY}'", "Stripe live key"),
        (f"maps({GOOGLE_KEY!r})", "Google API key"),
        (f"SLACK={SLACK_TOKEN}", "Slack token"),
        (PRIVATE_KEY, "Private key"),
        (f"Authorization: Bearer {JWT}", "JSON Web Token"),
        (f'password = "{RANDOM_PASSWORD}"', "Random-looking value"),
        ("export DB_PASSWORD=Zr2vLp9Xw4TnA7q8K3", "Random-looking value"),
    ],
)
def test_it_finds_credentials(text: str, kind: str) -> None:
    (hit,) = find_secrets("# config\n" + text)
    assert hit.kind == kind
    assert hit.line == 2
    assert len(hit.preview) <= 5


def test_a_checksum_tells_a_real_token_from_a_look_alike() -> None:
    wrong_checksum = GITHUB_TOKEN[:-1] + ("A" if GITHUB_TOKEN[-1] != "A" else "B")
    assert [hit.certainty for hit in find_secrets(f"t = {GITHUB_TOKEN}")] == ["checksum"]
    assert find_secrets(f"t = {wrong_checksum}") == []
    assert find_secrets("// classic token: ghp_" + "x" * 36 + " (40 chars)") == []
    assert find_secrets("npm_" + "A" * 36) == []


@pytest.mark.parametrize(
    "text",
    [
        # Code that looks for a key block, as TLS libraries do, holds no key.
        'if line.startswith("-----BEGIN ' + 'PRIVATE KEY-----"):\n    parse(line)\n',
        "AWS_ACCESS_KEY_ID=AKIA" + "IOSFODNN7EXAMPLE",
        "token = "
        + _b64url({"not": "a header"})
        + "."
        + _b64url({"sub": "1"})
        + ".abcdefghijklmnopq",
        "token = " + _b64url({"alg": "none"}) + "." + _b64url({"sub": "1"}) + ".abcdefghijklmnopq",
        # JWTs issued by a development server or for documentation open nothing real.
        "t = "
        + _b64url({"alg": "RS256"})
        + "."
        + _b64url({"iss": "http://127.0.0.1:8000/op/"})
        + ".abcdefghijklmnopq",
        "t = "
        + _b64url({"alg": "RS256"})
        + "."
        + _b64url({"iss": "http://op-test/oidc/"})
        + ".abcdefghijklmnopq",
        "t = "
        + _b64url({"alg": "RS256"})
        + "."
        + _b64url({"iss": "https://id.example.com"})
        + ".abcdefghijklmnopq",
    ],
)
def test_look_alikes_of_known_formats_are_not_credentials(text: str) -> None:
    assert find_secrets(text) == []


@pytest.mark.parametrize(
    "text",
    [
        'password = "changeme-please-now"',
        'api_key = "${API_KEY_FROM_ENVIRONMENT}"',
        'token = "your-token-goes-here-1234"',
        'password = "aaaaaaaaaaaaaaaaaaaa"',
        # Seen on real repositories: constant names, header names, regular expressions...
        'PASSWORD_NEVER_EXPIRES = "passwordNeverExpires"',
        'public static final String API_KEY_HEADER = "X-Gravitee-Api-Key";',
        'PASSWORD_PATTERN = "^(?=.*[A-Z])(?=.*\\d)[A-Za-z\\d]{8,}$"',
        "token = 'my_url_safe_token_full_of_nice_characters'",
        "'token_backend': 'O365.utils.token.EnvTokenBackend',",
        "{ token: 'keyword.keccak256', foreground: blueColor },",
        '"passwordLastUpdated": "2020-04-17T14:35:28.946",',
        '"token_endpoint": "https://pre.eaa.wallet.ipzs.it/1-0/token",',
        'my $pwd_binary = "$build_src_dir/pwd";',
        'password: "$2y$15$iWANGZn.DomLWU.YtjUcX.HEq1hoMGauzXFRubKgar/BRaAj9zQ9q"',
        'private static final String PASSWORD = "4a1750c8607dfa237de36c6305715c223415189";',
        '"integrity_token": "sha512-Zr2vLp9Xw4TnA7q8K3mB5cD1eF6gH"',
        "passwd.tchar_ptr = curlx_convert_UTF8_to_tchar(passwdp);",
        "change_password=\\u66f4\\u6539\\u5bc6\\u7801\\u5230\\u671f",
        # ... translated interface strings and public blockchain addresses.
        '"passwordResetLink": "Passwort-zurücksetzen-Link2"',
        'tokenAddress = "0x6B175474E89094C44Da98b954EedeAC495271d0F"',
        'token = "bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq"',
    ],
)
def test_it_leaves_what_is_visibly_not_a_credential_alone(text: str) -> None:
    assert find_secrets(text) == []


def test_entropy_tells_random_from_repetitive() -> None:
    assert entropy("aaaaaaaa") == 0
    assert entropy(RANDOM_PASSWORD) > 3.5


def _secrets_result(root: Path, **options: object) -> CheckResult:
    options.setdefault("use_cache", False)
    (result,) = scan(root, only=["security.secrets"], **options).results  # type: ignore[arg-type]
    return result


def _places(result: CheckResult) -> list[tuple[str, str, int | None]]:
    return sorted((f.severity.value, e.path, e.line) for f in result.findings for e in f.evidence)


def test_known_formats_are_errors_and_random_values_are_warnings(make_tree: TreeMaker) -> None:
    tree = make_tree({"app/settings.py": f"AWS = '{AWS_KEY}'\nDB_PASSWORD = '{RANDOM_PASSWORD}'\n"})
    result = _secrets_result(tree)
    assert result.outcome == Outcome.FAIL
    assert _places(result) == [("error", "app/settings.py", 1), ("warning", "app/settings.py", 2)]
    credential, random_value = result.findings
    assert credential.remediation.startswith("Revoke and replace the credential now")
    assert random_value.rule_id == "security.secrets.random-value"
    assert random_value.remediation.startswith("It looks random; if it is a credential")
    assert "Revoke and replace the credential now" not in random_value.remediation
    assert result.summary == (
        "1 credential(s) in a known format committed. 1 possible secret(s) to review."
    )
    assert result.data["credentials"] == 1
    assert result.data["to_review"] == 1


def test_random_values_are_not_looked_for_where_they_are_seldom_credentials(
    make_tree: TreeMaker,
) -> None:
    line = f'  "secretKey": "{RANDOM_VALUE}",\n'
    tree = make_tree(
        {
            "package-lock.json": line,
            "yarn.lock": line,
            "web/static/app.min.js": line,
            "web/static/app.js": "var x=1;" * 200 + line,  # one minified line
            "node_modules/left-pad/config.js": line,
            "vendor/acme/config.php": line,
            "third_party/lib/config.py": line,
            "dist/config.js": line,
            "tests/fixtures/users.json": line,
            "src/__mocks__/api.ts": line,
            "src/api.test.ts": line,
            "api/src/test/resources/data.xml": line,
            "locales/fr.json": line,
            "src/main/resources/i18n_global_fr.properties": line,
            "src/config.js": line,
        }
    )
    result = _secrets_result(tree)
    assert _places(result) == [("warning", "src/config.js", 1)]
    assert result.data["ignored"] == 13  # the minified line is not even read


def test_a_key_made_for_tests_is_a_warning_but_a_checksummed_token_is_not(
    make_tree: TreeMaker,
) -> None:
    tree = make_tree(
        {
            "tests/fixtures/server.key": PRIVATE_KEY,
            "t/lib-gpg/keyring.gpg": PRIVATE_KEY,  # git's own test folder is t/
            "docs/examples/client.c": f'"{PRIVATE_KEY}"',
            "tests/test_api.py": f"TOKEN = '{GITHUB_TOKEN}'\n",
            "tests/cassettes/login.yaml": f"Set-Cookie: KEYCLOAK_IDENTITY={JWT}\n",
        }
    )
    result = _secrets_result(tree)
    assert result.data["ignored"] == 1
    assert _places(result) == [
        ("error", "tests/test_api.py", 1),
        ("warning", "docs/examples/client.c", 1),
        ("warning", "t/lib-gpg/keyring.gpg", 1),
        ("warning", "tests/fixtures/server.key", 1),
    ]
    assert {f.rule_id for f in result.findings if f.severity is Severity.WARNING} == {
        "security.secrets.test-or-example"
    }


def test_a_firebase_configuration_key_is_a_warning(make_tree: TreeMaker) -> None:
    config = {"client": [{"api_key": [{"current_key": GOOGLE_KEY}]}]}
    text = json.dumps(config, indent=2)
    tree = make_tree({"android/app/google-services.json": text, "google-services-dev.json": text})
    result = _secrets_result(tree)
    assert [(f.severity, f.rule_id) for f in result.findings] == 2 * [
        (Severity.WARNING, "security.secrets.app-config")
    ]


def test_the_check_reports_where_without_the_value_and_honours_the_allowlist(
    make_tree: TreeMaker, tmp_path: Path
) -> None:
    tree = make_tree(
        {
            "app/settings.py": f"AWS = '{AWS_KEY}'\n",
            "deploy/id_rsa": PRIVATE_KEY,
            "scripts/release.py": f"TOKEN = '{GITHUB_TOKEN}'\n",
            ".osu-secrets-allow": "scripts/*  # a revoked token kept for the record\n",
        }
    )
    report = scan(tree, cache_dir=tmp_path / "cache", only=["security.secrets"])
    (result,) = report.results
    assert result.outcome == Outcome.FAIL
    assert result.data["found"] == 2
    assert result.data["allowed"] == 1
    assert [e.path for f in result.findings for e in f.evidence] == [
        "app/settings.py",
        "deploy/id_rsa",
    ]
    serialised = json.dumps(report.to_dict())
    cached = (tmp_path / "cache" / "scan-cache.sqlite3").read_bytes()
    for secret in (AWS_KEY, GITHUB_TOKEN, KEY_BODY[:64]):
        assert secret not in serialised
        assert secret.encode() not in cached


def test_a_fingerprint_in_the_allowlist_silences_one_value(make_tree: TreeMaker) -> None:
    (hit,) = find_secrets(f"AWS = '{AWS_KEY}'")
    tree = make_tree(
        {"a.py": f"AWS = '{AWS_KEY}'\n", ".osu-secrets-allow": f"fingerprint:{hit.fingerprint}\n"}
    )
    assert _secrets_result(tree).outcome == Outcome.PASS


@pytest.mark.parametrize(
    "line",
    [
        f"AWS = '{AWS_KEY}'  # gitleaks:allow\n",
        f"AWS = '{AWS_KEY}'  # pragma: allowlist secret\n",
        f"# pragma: allowlist nextline secret\nAWS = '{AWS_KEY}'\n",
    ],
)
def test_inline_markers_of_gitleaks_and_detect_secrets_allow_a_line(
    make_tree: TreeMaker, line: str
) -> None:
    result = _secrets_result(make_tree({"a.py": line}))
    assert result.outcome == Outcome.PASS
    assert result.data["allowed"] == 1


def test_a_gitleaksignore_fingerprint_allows_that_line(make_tree: TreeMaker) -> None:
    tree = make_tree(
        {
            "a.py": f"AWS = '{AWS_KEY}'\n",
            "b.py": f"\nAWS = '{AWS_KEY}'\n",
            "c.py": f"AWS = '{AWS_KEY}'\n",
            ".gitleaksignore": "# reviewed\na.py:aws-access-token:1\n"
            "0f1e2d3c4b5a69788796a5b4c3d2e1f0a9b8c7d6:b.py:generic-api-key:2\n",
        }
    )
    result = _secrets_result(tree)
    assert _places(result) == [("error", "c.py", 1)]
    assert result.data["allowed"] == 2


def test_a_detect_secrets_baseline_allows_its_audited_results(make_tree: TreeMaker) -> None:
    def entry(value: str, line: int, **audit: bool) -> dict[str, object]:
        sha1 = hashlib.sha1(value.encode(), usedforsecurity=False).hexdigest()
        return {"type": "AWS Access Key", "hashed_secret": sha1, "line_number": line, **audit}

    baseline = {
        "version": "1.5.0",
        "results": {
            "moved.py": [entry(AWS_KEY, 1)],  # the line has moved since: the hash still holds
            "real.py": [entry(AWS_KEY, 1, is_secret=True)],
        },
    }
    tree = make_tree(
        {
            "moved.py": f"\n\nAWS = '{AWS_KEY}'\n",
            "real.py": f"AWS = '{AWS_KEY}'\n",
            ".secrets.baseline": json.dumps(baseline, indent=2),
        }
    )
    result = _secrets_result(tree)
    assert _places(result) == [("error", "real.py", 1)]


def test_an_unreadable_baseline_is_said_and_changes_nothing(make_tree: TreeMaker) -> None:
    tree = make_tree({"a.py": f"AWS = '{AWS_KEY}'\n", ".secrets.baseline": "{not json"})
    result = _secrets_result(tree)
    assert _places(result) == [("error", "a.py", 1)]
    (note,) = [f for f in result.findings if f.severity is Severity.INFO]
    assert note.message == (
        ".secrets.baseline is not a detect-secrets baseline: its entries were not applied."
    )
