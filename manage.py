#!/usr/bin/env python
import os
import sys

from rotative.envfile import env_file_load

if __name__ == "__main__":
    env_file_load()  # .env, before the settings module is chosen
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotative.settings.base")
    from django.core.management import execute_from_command_line

    execute_from_command_line(sys.argv)
