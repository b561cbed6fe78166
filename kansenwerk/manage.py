"""The `kansenwerk` console script: Django's manage.py as an installed entry point."""

import os
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "kansenwerk.settings.local")
    from kansenwerk.core.actor import set_default_source

    set_default_source("command")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
