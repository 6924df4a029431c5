"""What the tests of the serving stack share: nginx run with the rendered checked-in config."""

import http.client
import shutil
import socket
import subprocess
import sys
import time
from contextlib import contextmanager
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RENDER = ROOT / "infra" / "render-config"


def nginx_executable() -> str:
    executable = shutil.which("nginx", path="/usr/sbin:/usr/bin:/sbin:/bin")
    if executable is None:
        pytest.fail(
            "nginx is not installed: run `make test` (infra/ensure-package installs it) "
            "or `sudo apt-get install -y nginx`.",
            pytrace=False,
        )
    return executable


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def render(out: Path, **values) -> subprocess.CompletedProcess:
    env = {"PATH": "/usr/bin:/bin", **{key: str(value) for key, value in values.items()}}
    return subprocess.run(  # noqa: S603
        [sys.executable, str(RENDER), str(out)],
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


@contextmanager
def running_nginx(run_dir: Path, **values):
    """nginx in the foreground with infra/nginx rendered into `run_dir`: its port and the
    port it takes purges on."""
    executable = nginx_executable()
    port, purge_port = _free_port(), _free_port()
    values.setdefault("PURGE_LISTEN", f"127.0.0.1:{purge_port}")
    result = render(run_dir, LISTEN=port, **values)
    assert result.returncode == 0, result.stderr
    conf = run_dir / "nginx.conf"
    errors = run_dir / "error.log"
    process = subprocess.Popen(  # noqa: S603
        [executable, "-c", str(conf), "-e", str(errors), "-g", "daemon off;"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    deadline = time.monotonic() + 10
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=0.2).close()
            break
        except OSError:
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError(process.stderr.read().decode()) from None
            time.sleep(0.05)
    try:
        yield port, purge_port
    finally:
        process.terminate()
        process.wait(10)


def fetch(port, host, path, headers=None, method="GET"):
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    conn.request(method, path, headers={"Host": host, **(headers or {})})
    response = conn.getresponse()
    body = response.read()
    conn.close()
    return response, body
