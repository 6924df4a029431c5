"""`make test` on a fresh machine gets the browser the browser tests need, or says how.

infra/ensure-chromium runs with a PATH of stand-ins (`id`, `apt-get`, `chromium`), so the
missing-browser paths are exercised without uninstalling anything or calling apt.
"""

import shutil
import subprocess
from pathlib import Path

import pytest

from tests.browser.conftest import chromium_executable

ROOT = Path(__file__).resolve().parents[2]
SCRIPT = ROOT / "infra" / "ensure-chromium"
BASH = shutil.which("bash")
CHMOD = shutil.which("chmod")


def _stub(bin_dir: Path, name: str, body: str) -> None:
    path = bin_dir / name
    path.write_text(f"#!{BASH}\n{body}\n", encoding="utf-8")
    path.chmod(0o755)


def _machine(tmp_path, *, uid: int, chromium: bool = False, apt: str | None = None) -> Path:
    """A PATH holding only the commands the script may use on this imagined machine.

    ``apt``: None (no apt-get), "works", "stale" (install fails until `update`), "broken".
    """
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    _stub(bin_dir, "id", f"echo {uid}")
    if chromium:
        _stub(bin_dir, "chromium", "exit 0")
    if apt is not None:
        install_chromium = (
            f"printf '#!{BASH}\\nexit 0\\n' > {bin_dir}/chromium; {CHMOD} +x {bin_dir}/chromium"
        )
        behaviour = {
            "works": f'[ "$1" = install ] && {{ {install_chromium}; }}; exit 0',
            "stale": (
                f'[ "$1" = update ] && : > {tmp_path}/updated; '
                f'[ "$1" = install ] && {{ [ -e {tmp_path}/updated ] || exit 100; '
                f"{install_chromium}; }}; exit 0"
            ),
            "broken": "exit 100",
        }[apt]
        _stub(bin_dir, "apt-get", f'echo "$*" >> {tmp_path}/apt.log\n{behaviour}')
    return bin_dir


def _run(bin_dir: Path):
    return subprocess.run(  # noqa: S603
        [BASH, str(SCRIPT)], env={"PATH": str(bin_dir)}, capture_output=True, text=True, check=False
    )


def _apt_calls(tmp_path) -> list[str]:
    log = tmp_path / "apt.log"
    return log.read_text().splitlines() if log.exists() else []


def test_an_installed_chromium_is_left_alone(tmp_path):
    result = _run(_machine(tmp_path, uid=0, chromium=True, apt="works"))
    assert result.returncode == 0
    assert _apt_calls(tmp_path) == []


def test_root_without_chromium_installs_it_with_apt(tmp_path):
    bin_dir = _machine(tmp_path, uid=0, apt="works")
    result = _run(bin_dir)
    assert result.returncode == 0, result.stderr
    assert _apt_calls(tmp_path) == ["install -y chromium"]
    assert (bin_dir / "chromium").exists()


def test_root_with_stale_package_lists_updates_them_and_installs(tmp_path):
    result = _run(_machine(tmp_path, uid=0, apt="stale"))
    assert result.returncode == 0, result.stderr
    assert _apt_calls(tmp_path) == ["install -y chromium", "update", "install -y chromium"]


def test_a_failed_install_fails_the_run(tmp_path):
    result = _run(_machine(tmp_path, uid=0, apt="broken"))
    assert result.returncode != 0
    assert "apt-get install -y chromium" in result.stderr


@pytest.mark.parametrize("apt", ["works", None])
def test_without_root_or_apt_it_stops_with_a_one_line_instruction(tmp_path, apt):
    uid = 1000 if apt else 0
    result = _run(_machine(tmp_path, uid=uid, apt=apt))
    assert result.returncode != 0
    assert _apt_calls(tmp_path) == []
    lines = (result.stdout + result.stderr).strip().splitlines()
    assert len(lines) == 1 and "apt-get install -y chromium" in lines[0]


def test_make_test_ensures_chromium_before_running_pytest():
    planned = subprocess.run(  # noqa: S603
        [shutil.which("make"), "-n", "test"],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.splitlines()
    ensure = planned.index("infra/ensure-chromium")
    pytest_run = next(i for i, line in enumerate(planned) if line.endswith("bin/pytest"))
    assert ensure < pytest_run


def test_the_browser_fixture_fails_rather_than_skips_without_chromium(tmp_path):
    with pytest.raises(pytest.fail.Exception, match="apt-get install -y chromium"):
        chromium_executable(path=str(tmp_path))
