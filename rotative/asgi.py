import os

from django.core.asgi import get_asgi_application

from rotative.envfile import env_file_load

env_file_load()  # .env, before the settings module is chosen
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotative.settings.base")

django_application = get_asgi_application()

from rotative.live import streaming  # noqa: E402 (needs the apps loaded above)


async def application(scope, receive, send):
    """Django for everything, except En direct's push streams (see rotative/live/streaming.py)."""
    if scope["type"] == "http" and scope["path"] == streaming.PATH:
        await streaming.stream_app(scope, receive, send)
    else:
        await django_application(scope, receive, send)
