"""Running the CLI in-process in tests: a command's --json output, parsed, after a zero exit."""
from __future__ import annotations

import json

from click.testing import CliRunner

from crosswire.cli import main


def cli_json(args: list[str]) -> object:
    result = CliRunner().invoke(main, args)
    assert result.exit_code == 0, result.output
    return json.loads(result.output)
