"""What a new site starts with, contributed by the apps that own it.

Onboarding knows nothing of page types: each app of ``sites/`` registers the steps that
seed its own columns and settings (``site_step``), what it clears from the template
schema (``template_step``), its demo content (``demo_step``) and, for an app added after
sites were onboarded, how an existing site gets the standard pages it lacks
(``upgrade_step``), from its AppConfig's ``ready()``. Onboarding runs the steps by their order inside the new site's schema, so
the dependency runs one way: ``sites`` → ``cluster``.
"""

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

logger = logging.getLogger(__name__)


@dataclass
class NewSite:
    """The site being seeded, and what earlier steps made for later ones."""

    name: str
    hostname: str
    port: int
    level: str
    identity: dict = field(default_factory=dict)
    pages: dict = field(default_factory=dict)  # role ("home", "news" …) -> page


@dataclass(frozen=True)
class DemoContext:
    """A demo site being filled: its tenant and where the demo's texts come from."""

    tenant: object
    key: str  # the demo site's key in the data files (its schema name)
    corpus_dir: Path
    log: Callable[[str], None]


@dataclass(frozen=True)
class Step:
    order: int
    name: str
    run: Callable


_steps: dict[str, list[Step]] = {"site": [], "template": [], "demo": [], "upgrade": []}


def _register(kind: str, order: int):
    def decorator(function):
        name = f"{function.__module__}.{function.__qualname__}"
        steps = [step for step in _steps[kind] if step.name != name]
        steps.append(Step(order=order, name=name, run=function))
        _steps[kind] = sorted(steps, key=lambda step: (step.order, step.name))
        return function

    return decorator


def site_step(order: int):
    """Register ``function(site: NewSite)`` to seed every new site, lowest order first."""
    return _register("site", order)


def template_step(order: int):
    """Register ``function()`` to prepare the template schema every site is cloned from."""
    return _register("template", order)


def demo_step(order: int):
    """Register ``function(context: DemoContext)`` to add an app's demo content to a site."""
    return _register("demo", order)


def upgrade_step(order: int):
    """Register ``function(site: NewSite) -> list[Page]``: add to a site onboarded before
    the app the standard pages it lacks, and return the pages added (none when the site
    has them, wherever its admin put them). ``site.pages`` holds only "home"."""
    return _register("upgrade", order)


def steps(kind: str) -> list[Step]:
    return list(_steps[kind])


def site_seed(site: NewSite) -> NewSite:
    """Run every site step in the current (the new site's) schema."""
    for step in _steps["site"]:
        step.run(site)
    return site


def template_prepare() -> None:
    for step in _steps["template"]:
        step.run()


def demo_seed(context: DemoContext) -> None:
    for step in _steps["demo"]:
        step.run(context)


def site_upgrade(site: NewSite) -> list:
    """Run every upgrade step in the current (an existing site's) schema."""
    added = []
    for step in _steps["upgrade"]:
        added += step.run(site) or []
    return added
