"""infra/ensure-package: what make test and make serve-prod need from Debian, or a clear stop."""

import shutil
import subprocess
from pathlib import Path

import pytest

from .test_ensure_chromium import _apt_calls, _stub

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "ensure-package"
BASH = shutil.which("bash")


def _run(bin_dir: Path, *args):
    return subprocess.run(  # noqa: S603
        [BASH, str(SCRIPT), *args],
        env={"PATH": str(bin_dir)},
        capture_output=True,
        text=True,
        check=False,
    )


def test_a_missing_server_is_installed_as_root(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "id", "echo 0")
    _stub(bin_dir, "apt-get", f'echo "$*" >> {tmp_path}/apt.log; exit 0')
    result = _run(bin_dir, "no-such-server-xyz", "no-such-server-xyz", "make test")
    # The stub apt-get installs nothing: the script says so and fails.
    assert result.returncode != 0
    assert _apt_calls(tmp_path) == ["install -y no-such-server-xyz"]
    assert "sudo apt-get install -y no-such-server-xyz" in result.stderr


def test_without_root_it_says_which_package_and_why(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "id", "echo 1000")
    result = _run(bin_dir, "no-such-server-xyz", "no-such-pkg", "make serve-prod")
    assert result.returncode != 0
    assert result.stderr.strip() == (
        "make serve-prod needs no-such-pkg: run 'sudo apt-get install -y no-such-pkg' "
        "(Debian/Ubuntu), then try again."
    )


def test_a_file_the_package_installs_stands_for_it(tmp_path):
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "id", "echo 0")
    _stub(bin_dir, "apt-get", f'echo "$*" >> {tmp_path}/apt.log; exit 0')
    module = tmp_path / "ngx_http_cache_purge_module.so"
    result = _run(bin_dir, str(module), "libnginx-mod-http-cache-purge", "make test")
    assert result.returncode != 0
    assert _apt_calls(tmp_path) == ["install -y libnginx-mod-http-cache-purge"]
    module.write_bytes(b"")
    present = _run(bin_dir, str(module), "libnginx-mod-http-cache-purge", "make test")
    assert present.returncode == 0 and len(_apt_calls(tmp_path)) == 1


@pytest.mark.parametrize(
    "package", ["nginx", "/usr/lib/nginx/modules/ngx_http_cache_purge_module.so", "redis-server"]
)
def test_make_test_ensures_the_servers_before_running_pytest(package):
    planned = subprocess.run(  # noqa: S603
        [shutil.which("make"), "-n", "test"], cwd=ROOT, capture_output=True, text=True, check=True
    ).stdout.splitlines()
    ensure = next(
        i for i, line in enumerate(planned) if line.startswith(f"infra/ensure-package {package} ")
    )
    pytest_run = next(i for i, line in enumerate(planned) if line.endswith("bin/pytest"))
    assert ensure < pytest_run
