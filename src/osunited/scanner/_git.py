"""Running git without ever running anything of the repository's: no hooks, no filters, no
fsmonitor, no pager, no credential prompts, and no configuration but our own."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

from osunited.scanner._errors import ScanError

# Each of these could make git start a program named by repository or user configuration.
_SAFE_CONFIG = (
    "core.hooksPath=/dev/null",
    "core.fsmonitor=false",
    "core.pager=cat",
    "core.askPass=",
    "core.sshCommand=ssh -o BatchMode=yes",
    "credential.helper=",
    "diff.external=",
    # A redirect would lead a clone past the SSRF guard, which checked only the first host.
    "http.followRedirects=false",
    "protocol.ext.allow=never",
    "protocol.file.allow=user",
    "safe.directory=*",
    "submodule.recurse=false",
    "uploadpack.packObjectsHook=",
)


def git_env() -> dict[str, str]:
    """The environment for git: no system or global configuration, no prompts, no LFS."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("GIT_")}
    env.update(
        GIT_CONFIG_NOSYSTEM="1",
        GIT_CONFIG_GLOBAL=os.devnull,
        GIT_TERMINAL_PROMPT="0",
        GIT_LFS_SKIP_SMUDGE="1",
        GIT_ASKPASS="",
        SSH_ASKPASS="",
        LC_ALL="C",
    )
    return env


def git_executable() -> str:
    git = shutil.which("git")
    if git is None:
        raise ScanError("git is not installed; it is needed to clone and to read history.")
    return git


def run_git(args: list[str], *, cwd: Path | None, timeout: float) -> str:
    """Run one git command and return its standard output (decoded leniently).

    Raises ScanError with git's own message when it fails or takes longer than `timeout`.
    """
    command = [git_executable(), "--no-pager"]
    for setting in _SAFE_CONFIG:
        command += ["-c", setting]
    command += args
    try:
        completed = subprocess.run(  # noqa: S603 - fixed executable, arguments are a list
            command,
            cwd=cwd,
            env=git_env(),
            capture_output=True,
            timeout=timeout,
            stdin=subprocess.DEVNULL,
            check=False,
        )
    except subprocess.TimeoutExpired as exc:
        raise ScanError(f"git {args[0]} took longer than {timeout:.0f} seconds.") from exc
    if completed.returncode != 0:
        lines = completed.stderr.decode("utf-8", "replace").strip().splitlines()
        reasons = [line for line in lines if line.startswith(("fatal:", "error:"))]
        detail = (reasons or lines or [f"exit status {completed.returncode}"])[0]
        raise ScanError(f"git {args[0]} failed: {detail}")
    return completed.stdout.decode("utf-8", "replace")
