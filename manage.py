#!/usr/bin/env python
import os
import sys


def main():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "citydip.settings")
    # Commands are run by people at a terminal: development unless DJANGO_DEBUG=0 says production. Servers
    # (citydip.wsgi) start with debug off.
    os.environ.setdefault("DJANGO_DEBUG", "1")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)


if __name__ == "__main__":
    main()
