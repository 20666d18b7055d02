"""The documented production set-up, for real on loopback: nginx ends TLS and forwards to a live
`osu serve`, which believes the proxy's X-Forwarded-Proto and X-Forwarded-For because
OSU_TRUSTED_PROXY names the proxy's address, and nobody else's.

Three loopback addresses keep the parties apart: the browser connects from 127.0.0.3, nginx
connects to the web server from 127.0.0.2 (the trusted proxy), and anything from 127.0.0.1
reaches the web server directly, as an attacker inside the network would.
"""

import http.client
import os
import shutil
import socket
import ssl
import subprocess
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from http.cookies import SimpleCookie
from pathlib import Path
from urllib.parse import urlencode

import pytest

from osunited.audit.models import AuditEvent
from tests.factories import PASSWORD, UserFactory
from tests.services import current_database_url

REPO = Path(__file__).resolve().parents[2]
BROWSER = "127.0.0.3"
PROXY = "127.0.0.2"
pytestmark = pytest.mark.django_db(transaction=True)

NGINX_CONF = """
daemon off;
master_process off;
pid {state}/nginx.pid;
error_log {state}/error.log warn;
events {{ worker_connections 64; }}
http {{
    access_log off;
    client_body_temp_path {state}/body;
    proxy_temp_path {state}/proxy;
    fastcgi_temp_path {state}/fastcgi;
    uwsgi_temp_path {state}/uwsgi;
    scgi_temp_path {state}/scgi;
    upstream osunited {{ server 127.0.0.1:{web_port}; }}
    server {{
        listen 127.0.0.1:{http_port};
        location / {{ include {state}/forward.conf; }}
    }}
    server {{
        listen 127.0.0.1:{https_port} ssl;
        ssl_certificate {state}/cert.pem;
        ssl_certificate_key {state}/key.pem;
        location / {{ include {state}/forward.conf; }}
    }}
}}
"""

# The location block of docs/deploy.md, plus the address nginx connects from.
FORWARD_CONF = """
proxy_pass http://osunited;
proxy_bind {proxy};
proxy_set_header Host              $host;
proxy_set_header X-Forwarded-Proto $scheme;
proxy_set_header X-Forwarded-For   $remote_addr;
"""


@dataclass
class Stack:
    web_port: int
    http_port: int
    https_port: int
    certificate: Path

    @property
    def origin(self) -> str:
        return f"https://127.0.0.1:{self.https_port}"

    def through_the_proxy(self, source: str = BROWSER) -> http.client.HTTPSConnection:
        context = ssl.create_default_context(cafile=str(self.certificate))
        return http.client.HTTPSConnection(
            "127.0.0.1", self.https_port, context=context, source_address=(source, 0), timeout=30
        )


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def nginx_binary() -> str:
    found = shutil.which("nginx") or shutil.which("nginx", path="/usr/sbin:/usr/local/sbin")
    if not found:
        raise RuntimeError("nginx is not installed: run `make test`, which installs it.")
    return found


def make_certificate(state: Path) -> None:
    key, certificate = state / "key.pem", state / "cert.pem"
    command = "openssl req -x509 -newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes -days 1"
    names = ["-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"]
    files = ["-keyout", str(key), "-out", str(certificate)]
    subprocess.run([*command.split(), *names, *files], check=True, capture_output=True, timeout=60)


def wait_for(port: int, process: subprocess.Popen[bytes], what: str) -> None:
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise RuntimeError(f"{what} stopped: {process.communicate()[0].decode()}")
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            time.sleep(0.1)
    raise RuntimeError(f"{what} did not listen on {port}")


def stop(process: subprocess.Popen[bytes]) -> None:
    process.terminate()
    try:
        process.communicate(timeout=20)
    except subprocess.TimeoutExpired:
        process.kill()
        process.communicate()


def start_web_server(web_port: int, origin: str) -> subprocess.Popen[bytes]:
    environment = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.settings",
        "PYTHONPATH": str(REPO),
        "DATABASE_URL": current_database_url(),
        "OSU_HTTPS": "1",
        "OSU_TRUSTED_PROXY": PROXY,
        "OSU_ALLOWED_HOSTS": "127.0.0.1",
        "OSU_CSRF_TRUSTED_ORIGINS": origin,
    }
    osu = Path(sys.executable).parent / "osu"
    command = [str(osu), "serve", "--host", "127.0.0.1", "--port", str(web_port), "--threads", "4"]
    return subprocess.Popen(
        command, env=environment, cwd=REPO, stdout=subprocess.PIPE, stderr=subprocess.STDOUT
    )


def start_nginx(state: Path, stack: Stack) -> subprocess.Popen[bytes]:
    (state / "forward.conf").write_text(FORWARD_CONF.format(proxy=PROXY))
    configuration = NGINX_CONF.format(
        state=state,
        web_port=stack.web_port,
        http_port=stack.http_port,
        https_port=stack.https_port,
    )
    (state / "nginx.conf").write_text(configuration)
    command = [nginx_binary(), "-e", str(state / "error.log"), "-c", str(state / "nginx.conf")]
    return subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)


@pytest.fixture(scope="module")
def stack(django_db_setup: None, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Stack]:
    state = tmp_path_factory.mktemp("nginx")
    make_certificate(state)
    stack = Stack(free_port(), free_port(), free_port(), state / "cert.pem")
    web = start_web_server(stack.web_port, stack.origin)
    try:
        wait_for(stack.web_port, web, "osu serve")
        nginx = start_nginx(state, stack)
        try:
            wait_for(stack.https_port, nginx, "nginx")
            yield stack
        finally:
            stop(nginx)
    finally:
        stop(web)


@dataclass
class Answer:
    status: int
    headers: http.client.HTTPMessage

    @property
    def cookies(self) -> SimpleCookie:
        jar: SimpleCookie = SimpleCookie()
        for header in self.headers.get_all("Set-Cookie") or []:
            jar.load(header)
        return jar


def ask(
    connection: http.client.HTTPConnection,
    path: str,
    *,
    method: str = "GET",
    body: str | None = None,
    **headers: str,
) -> Answer:
    try:
        connection.request(method, path, body=body, headers=headers)
        response = connection.getresponse()
        response.read()
        return Answer(response.status, response.headers)
    finally:
        connection.close()


def plain_http(port: int, source: str = BROWSER) -> http.client.HTTPConnection:
    return http.client.HTTPConnection("127.0.0.1", port, source_address=(source, 0), timeout=30)


def test_https_through_the_proxy_is_served_once_with_hsts(stack: Stack) -> None:
    response = ask(stack.through_the_proxy(), "/catalog/")

    assert response.status == 200
    assert response.headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains"


def test_plain_http_is_redirected_to_https_once_and_the_redirect_is_served(stack: Stack) -> None:
    redirect = ask(plain_http(stack.http_port), "/catalog/?q=health")

    assert redirect.status == 301
    assert redirect.headers["Location"] == "https://127.0.0.1/catalog/?q=health"
    assert "Strict-Transport-Security" not in redirect.headers
    assert ask(stack.through_the_proxy(), "/catalog/?q=health").status == 200


def test_a_forged_forwarded_proto_from_anyone_but_the_proxy_is_not_believed(stack: Stack) -> None:
    direct = plain_http(stack.web_port, source="127.0.0.1")

    response = ask(direct, "/catalog/", **{"X-Forwarded-Proto": "https"})

    assert response.status == 301
    assert response.headers["Location"].startswith("https://")
    assert "Strict-Transport-Security" not in response.headers


def sign_in(
    stack: Stack,
    email: str,
    *,
    password: str = PASSWORD,
    source: str = BROWSER,
    with_token: bool = True,
) -> Answer:
    token = ask(stack.through_the_proxy(source), "/accounts/login/").cookies["csrftoken"]
    assert token["secure"]
    assert token["samesite"] == "Lax"
    data = {"login": email, "password": password}
    if with_token:
        data["csrfmiddlewaretoken"] = token.value
    return ask(
        stack.through_the_proxy(source),
        "/accounts/login/",
        method="POST",
        body=urlencode(data),
        **{
            "Content-Type": "application/x-www-form-urlencoded",
            "Cookie": f"csrftoken={token.value}",
            "Origin": stack.origin,
            "Referer": f"{stack.origin}/accounts/login/",
        },
    )


def test_signing_in_through_the_proxy_passes_csrf_and_sets_secure_cookies(stack: Stack) -> None:
    carol = UserFactory(email="carol@example.org")

    response = sign_in(stack, carol.email)

    assert response.status == 302
    session = response.cookies["sessionid"]
    assert session["secure"]
    assert session["httponly"]
    signed_in = AuditEvent.objects.get(action="account.signed_in")
    assert signed_in.actor_id == carol.pk
    assert signed_in.ip_address == BROWSER  # the browser's address, not the proxy's


def test_a_post_without_the_csrf_token_is_refused_through_the_proxy(stack: Stack) -> None:
    carol = UserFactory(email="carol@example.org")

    response = sign_in(stack, carol.email, with_token=False)

    assert response.status == 403
    assert "sessionid" not in response.cookies
    assert not AuditEvent.objects.filter(action="account.signed_in").exists()


def test_behind_the_proxy_sign_ins_are_throttled_by_each_browser_s_own_address(
    stack: Stack,
) -> None:
    carol = UserFactory(email="carol@example.org")
    attacker = "127.0.0.4"
    for _ in range(5):
        assert sign_in(stack, carol.email, password="a-guess", source=attacker).status == 200

    assert sign_in(stack, carol.email, source=attacker).status == 200  # throttled: the form again
    response = sign_in(stack, carol.email)

    assert response.status == 302
    throttled = AuditEvent.objects.get(action="account.sign_in_throttled")
    assert throttled.ip_address == attacker
