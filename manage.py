#!/usr/bin/env python
"""Django's command-line utility for administrative tasks."""

import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "filmsite.settings")
    # Without a secret key only development settings can start, so commands
    # such as `makemigrations --check` run as in development rather than stop
    # at the settings. With a key (a deployment), debug stays off unless asked
    # for; the web server (filmsite.wsgi) never turns it on by itself.
    if not os.environ.get("DJANGO_SECRET_KEY"):
        os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
