"""The web server of `osu serve` and `osu run`: gunicorn, several processes of several threads.

Django holds the GIL while it renders, so one process serves about one core: gunicorn forks
`processes` copies of the application (loaded once, before the fork) and restarts one that dies.
Its gthread workers keep idle and queued connections in a poller, not in a thread, so a burst of
connections waits in the listen backlog instead of being refused, and nothing is logged per
request (no access log: the reverse proxy keeps one).

gunicorn never interprets X-Forwarded-*: it passes them to Django unchanged, and
osunited.platform.proxy believes them only from OSU_TRUSTED_PROXY.

`osu run` also needs the in-process worker and scheduler of embedded.py, exactly once: they run
in one process of their own (`background_process`), forked before the web server starts, which
ends with the server or when the server is killed.
"""

from __future__ import annotations

import os
import signal
import time
import traceback
from collections.abc import Callable
from typing import Any

from django.db import connections
from gunicorn.app.base import BaseApplication  # type: ignore[import-untyped]

Hook = Callable[[], None]


def server_options(*, host: str, port: int, processes: int, threads: int) -> dict[str, Any]:
    address = f"[{host.strip('[]')}]" if ":" in host else host
    return {
        "bind": [f"{address}:{port}"],
        "workers": processes,
        "worker_class": "gthread",
        "threads": threads,
        "backlog": 2048,
        "worker_connections": 1000,
        "keepalive": 5,
        "timeout": 120,  # a worker whose main loop is silent this long is replaced
        "preload_app": True,
        "accesslog": None,
        "errorlog": "-",
        "loglevel": "info",
        "proc_name": "osunited",
        # Nothing forwarded is believed by gunicorn: Django's trusted-proxy middleware decides.
        "secure_scheme_headers": {},
        "forwarded_allow_ips": "",
        "forwarder_headers": "",
        "control_socket_disable": True,
    }


class WebServer(BaseApplication):  # type: ignore[misc]
    """gunicorn with its settings from `server_options`, serving an application already loaded."""

    def __init__(
        self,
        application: Callable[..., Any],
        options: dict[str, Any],
        *,
        when_ready: Hook | None = None,
        on_exit: Hook | None = None,
    ) -> None:
        self.application = application
        self.options = options
        self.hooks = {"when_ready": when_ready, "on_exit": on_exit}
        super().__init__()

    def load_config(self) -> None:
        for name, value in self.options.items():
            self.cfg.set(name, value)
        for name, hook in self.hooks.items():
            if hook is not None:
                self.cfg.set(name, _ignoring_server(hook))

    def load(self) -> Callable[..., Any]:
        return self.application


def _ignoring_server(hook: Hook) -> Callable[[object], None]:
    def server_hook(_arbiter: object) -> None:
        hook()

    return server_hook


def serve(
    *,
    host: str,
    port: int,
    processes: int,
    threads: int,
    when_ready: Hook | None = None,
    on_exit: Hook | None = None,
) -> None:
    """Serve the platform until SIGTERM (graceful) or SIGINT; Django must be set up."""
    from osunited.platform.wsgi import application

    connections.close_all()  # each forked process opens its own
    options = server_options(host=host, port=port, processes=processes, threads=threads)
    WebServer(application, options, when_ready=when_ready, on_exit=on_exit).run()


def background_process(work: Hook) -> int:
    """Fork a process that runs `work` (threads that do the background work) and stays until
    its parent ends, however it ends (a SIGKILLed parent leaves no orphan). Returns its pid."""
    connections.close_all()  # a database connection is never shared across a fork
    parent = os.getpid()
    pid = os.fork()
    if pid:
        return pid
    status = 0
    try:
        signal.signal(signal.SIGINT, signal.SIG_DFL)  # Ctrl+C in the terminal ends it at once
        work()
        while os.getppid() == parent:
            time.sleep(1)
    except BaseException:  # a forked child must never return into the caller
        traceback.print_exc()
        status = 1
    finally:
        os._exit(status)


def stop_process(pid: int, *, grace_seconds: float = 10.0) -> None:
    """SIGTERM, then SIGKILL if the process is still there after `grace_seconds`: a worker
    finishing a long scan must not hold `osu run` up; the scan's lease lets the next start
    queue it again (catalog/scan_queue.py)."""
    try:
        os.kill(pid, signal.SIGTERM)
        deadline = time.monotonic() + grace_seconds
        while time.monotonic() < deadline:
            if os.waitpid(pid, os.WNOHANG)[0]:
                return
            time.sleep(0.05)
        os.kill(pid, signal.SIGKILL)
        os.waitpid(pid, 0)
    except (ProcessLookupError, ChildProcessError):
        pass


def run_one_machine(
    *, host: str, port: int, processes: int, threads: int, demo: bool, echo: Callable[[str], None]
) -> None:
    """`osu run`: prepare the database and files, start the background work in a process of its
    own, then serve with `processes` web processes."""
    from osunited.platform.embedded import (
        prepare_database_and_files,
        print_demo_logins,
        start_background_work,
    )

    prepare_database_and_files(demo=demo, echo=echo)
    background = background_process(start_background_work)

    def announce() -> None:
        shown_host = f"[{host}]" if ":" in host else host
        echo(f"Open Source United is running on http://{shown_host}:{port}/ (Ctrl+C stops it).")
        if demo:
            print_demo_logins(echo)

    serve(
        host=host,
        port=port,
        processes=processes,
        threads=threads,
        when_ready=announce,
        on_exit=lambda: stop_process(background),
    )
