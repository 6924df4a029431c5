"""A private Redis server for one process tree: the test run and ``infra/serve-prod``.

Debian's ``redis-server`` started on a free loopback port with its files in a temporary
folder, without persistence, and stopped when the process that started it exits. The
test settings use it for the page cache when ``redis-server`` is installed (make test
installs it, see infra/ensure-package) and fall back to local memory otherwise.
"""

import atexit
import shutil
import socket
import subprocess
import tempfile
import time
from functools import cache


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _answers(port: int) -> bool:
    try:
        with socket.create_connection(("127.0.0.1", port), timeout=0.2) as conn:
            conn.sendall(b"PING\r\n")
            return conn.recv(16).startswith(b"+PONG")
    except OSError:
        return False


def _die_with_parent() -> None:
    """In the child: stop when the process that started it dies, even by SIGKILL.

    atexit never runs for a killed process (a worker killed mid-task, a killed test run),
    which would leave the server behind. Linux only; elsewhere atexit is all there is.
    """
    import ctypes
    import signal

    try:
        libc = ctypes.CDLL("libc.so.6", use_errno=True)
        libc.prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG
    except OSError:
        pass


@cache
def private_redis_url() -> str:
    """Start redis-server for this process and return its URL; "" without redis-server."""
    executable = shutil.which("redis-server")
    if executable is None:
        return ""
    folder = tempfile.mkdtemp(prefix="cluster-redis-")
    port = _free_port()
    process = subprocess.Popen(  # noqa: S603
        [
            executable,
            "--port",
            str(port),
            "--bind",
            "127.0.0.1",
            "--dir",
            folder,
            "--save",
            "",
            "--appendonly",
            "no",
            "--maxmemory",
            "256mb",
            "--maxmemory-policy",
            "allkeys-lru",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        preexec_fn=_die_with_parent,
    )

    def stop():
        process.terminate()
        try:
            process.wait(timeout=5)
        except subprocess.TimeoutExpired:
            process.kill()
        shutil.rmtree(folder, ignore_errors=True)

    atexit.register(stop)
    deadline = time.monotonic() + 10
    while not _answers(port):
        if process.poll() is not None or time.monotonic() > deadline:
            raise RuntimeError(f"redis-server did not start on port {port}.")
        time.sleep(0.05)
    return f"redis://127.0.0.1:{port}/0"
