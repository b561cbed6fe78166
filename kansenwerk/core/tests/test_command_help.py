"""Every kansenwerk command explains itself: `kansenwerk <command> --help` renders (in Dutch)."""

import pytest
from django.core.management import get_commands, load_command_class

OUR_COMMANDS = sorted(
    (name, app) for name, app in get_commands().items() if app.startswith("kansenwerk.")
)


def test_we_have_commands():
    names = {name for name, _ in OUR_COMMANDS}
    assert {"import", "search", "loaddemo", "region-create", "plan-tables", "match"} <= names


@pytest.mark.parametrize(("name", "app"), OUR_COMMANDS)
def test_help_renders(name, app):
    command = load_command_class(app, name)
    text = command.create_parser("kansenwerk", name).format_help()
    assert name in text
    assert command.help, f"{name} heeft geen helptekst"
