"""The browser's judges: axe-core in the page, the Nu HTML Checker over the served HTML,
and screenshots a person can look at.

Both judges are npm packages pinned in package-lock.json and installed by `make test`
(npm ci); a missing one fails the run with the command that installs it.
"""

import json
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
SCREENSHOTS = ROOT / ".artifacts" / "screenshots"
# WCAG 2.1 A and AA, which GB/T 37668-2019 follows, and axe's best practices.
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "best-practice"]
BLOCKING = {"serious", "critical"}


def _require(path: Path) -> Path:
    if not path.exists():
        pytest.fail(
            f"{path.relative_to(ROOT)} is missing: run `make node-packages` (npm ci).",
            pytrace=False,
        )
    return path


def axe_violations(page, impacts=BLOCKING) -> list[str]:
    """axe violations of the given impacts (serious and critical unless told) on the page
    as it is now, one line each.

    axe is evaluated from the local file through the DevTools protocol, which the page's
    Content-Security-Policy does not govern (a <script> tag of it would be blocked).
    """
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.evaluate(_require(AXE).read_text(encoding="utf-8"))
    violations = page.evaluate(
        """async (tags) => {
            const result = await axe.run(document, {runOnly: {type: "tag", values: tags}});
            return result.violations.map((v) => ({
                id: v.id, impact: v.impact,
                targets: v.nodes.slice(0, 3).map((n) => n.target.join(" ")),
            }));
        }""",
        AXE_TAGS,
    )
    return [
        f"{v['id']} ({v['impact']}): {', '.join(v['targets'])}"
        for v in violations
        if v["impact"] in impacts
    ]


def vnu_errors(documents: dict[str, str]) -> dict[str, list[str]]:
    """The Nu HTML Checker's errors per document, all documents in one run of vnu.jar."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is not installed: run `make test` (make packages installs a JDK).")
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for number, (name, html) in enumerate(documents.items()):
            path = Path(folder) / f"{number:03d}.html"
            path.write_text(html, encoding="utf-8")
            paths[path.name] = (path, name)
        files = [str(path) for path, _name in paths.values()]
        run = subprocess.run(  # noqa: S603 (the pinned vnu.jar on our own files)
            [java, "-jar", str(_require(VNU)), "--format", "json", "--errors-only", *files],
            capture_output=True,
            text=True,
            timeout=120,
        )
    messages = json.loads(run.stderr or run.stdout)["messages"]
    errors = {name: [] for name in documents}
    for message in messages:
        if message["type"] in {"error", "non-document-error"}:
            url = message.get("url", "?")
            name = paths.get(url.rsplit("/", 1)[-1], (None, url))[1]
            errors.setdefault(name, []).append(
                f"line {message.get('lastLine', '?')}: {message['message']}"
            )
    return {name: found for name, found in errors.items() if found}


def screenshot(page, folder: str, name: str) -> Path:
    path = SCREENSHOTS / folder / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(path), full_page=True)
    return path
