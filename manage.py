#!/usr/bin/env python
import os
import sys

if __name__ == "__main__":
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    from django.conf import settings
    from django.core.management import execute_from_command_line

    from config.environment import stop_with_the_message_alone

    with stop_with_the_message_alone():
        settings.INSTALLED_APPS  # noqa: B018 (reads the settings now, where a bad value can stop cleanly)

    from ops.database import stop_when_unreachable

    with stop_when_unreachable():
        execute_from_command_line(sys.argv)
