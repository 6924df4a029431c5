"""What the deployment-file tests share: the environment variables the platform reads."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

# Read by the process but not declared in cluster/env.py: Django's settings switch and
# gunicorn's own file (infra/gunicorn.conf.py).
PROCESS_VARIABLES = {"DJANGO_SETTINGS_MODULE", "GUNICORN_BIND", "GUNICORN_WORKERS"}
# infra/render-config's inputs (the nginx config).
RENDER_VARIABLES = {
    "UPSTREAM",
    "LISTEN",
    "STATIC_ROOT",
    "MEDIA_ROOT",
    "FORWARDED_PROTO",
    "RUN_DIR",
    "CACHE_DIR",
    "PURGE_LISTEN",
    "PURGE_FROM",
}


def declared_variables() -> set[str]:
    """Every name cluster/env.py reads through its typed helpers."""
    source = (ROOT / "cluster" / "env.py").read_text()
    names = set(re.findall(r"_(?:str|bool|int|list)\(\s*\"([A-Z0-9_]+)\"", source))
    assert {"SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= names, "env.py's helpers changed"
    return names


def render_variables() -> set[str]:
    source = (ROOT / "infra" / "render-config").read_text()
    names = set(re.findall(r"os\.environ\.get\(\"([A-Z_]+)\"", source))
    assert names == RENDER_VARIABLES, "infra/render-config reads other variables now"
    return names
