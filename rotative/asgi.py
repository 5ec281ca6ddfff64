import os

import django

from rotative.envfile import env_file_load

env_file_load()  # .env, before the settings module is chosen
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotative.settings.base")

django.setup(set_prefix=False)

from rotative.live import streaming  # noqa: E402 (needs the apps loaded above)
from rotative.ops.concurrency import BoundedASGIHandler, startup_objects_freeze  # noqa: E402

# Django's own ASGI handler (get_asgi_application), working on a bounded number of requests.
django_application = BoundedASGIHandler()
startup_objects_freeze()


async def application(scope, receive, send):
    """Django for everything, except En direct's push streams (see rotative/live/streaming.py)."""
    if scope["type"] == "http" and scope["path"] == streaming.PATH:
        await streaming.stream_app(scope, receive, send)
    else:
        await django_application(scope, receive, send)
