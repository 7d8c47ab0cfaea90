"""``crosswire`` command line: every verb maps to one library call; ``--json`` everywhere.

Each area registers its commands in its own module (core, compare, link, web, fetch, batch);
a module whose optional dependencies are missing still registers, and fails with one
clear "pip install 'crosswire[x]'" message only when used.
"""
from __future__ import annotations

import importlib

import click

from ..version import __version__

COMMAND_MODULES = ["core", "demo", "compare", "link", "web", "fetch", "batch", "alerts"]


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
@click.version_option(__version__, prog_name="crosswire")
def main() -> None:
    """Follow one news story across languages and outlets.

    \b
    Typical session:
      crosswire ingest ~/news/ --db news.db      # files, folders, JSONL, HTML
      crosswire articles --db news.db --lang de
      crosswire show ID --db news.db --json
      crosswire compare A B                      # what changed between two versions
    """


for _name in COMMAND_MODULES:
    for _command in importlib.import_module(f"{__name__}.{_name}").COMMANDS:
        main.add_command(_command)
