import os

from django.core.wsgi import get_wsgi_application

from rotative.envfile import env_file_load

env_file_load()  # .env, before the settings module is chosen
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rotative.settings.base")

application = get_wsgi_application()
