"""Jinja2 templates of letters, kits and the regulator report, which the hospital may edit.

A ``templates/`` folder in the case takes precedence over leakmap's own
(``leakmap/data/templates``): copy a template there (``export_templates``), change the
wording, and the next run uses it. Undefined variables are errors, so a typo in an edited
template stops the run instead of printing a blank in thousands of letters.
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

import jinja2

from leakmap.private_files import private_dir, write_private_bytes
from leakmap.report.output_files import CASE_TEMPLATES
from leakmap.report.plain_words import long_date


def template_environment(case_dir: Path) -> jinja2.Environment:
    """An environment that reads ``CASE/templates`` first, then leakmap's templates."""
    loader = jinja2.ChoiceLoader(
        [
            jinja2.FileSystemLoader(case_dir / CASE_TEMPLATES),
            jinja2.PackageLoader("leakmap", "data/templates"),
        ]
    )
    environment = jinja2.Environment(
        loader=loader,
        autoescape=jinja2.select_autoescape(["html"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )
    environment.filters["long_date"] = long_date
    return environment


def export_templates(case_dir: Path) -> list[Path]:
    """Copy leakmap's templates into ``CASE/templates`` for editing; never overwrite."""
    target = case_dir / CASE_TEMPLATES
    private_dir(target)
    written = []
    source = resources.files("leakmap") / "data" / "templates"
    for item in source.iterdir():
        destination = target / item.name
        if item.is_file() and item.name != "case.toml" and not destination.exists():
            write_private_bytes(destination, item.read_bytes())
            written.append(destination)
    return sorted(written)
