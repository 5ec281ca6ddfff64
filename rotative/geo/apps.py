from django.apps import AppConfig


class GeoConfig(AppConfig):
    name = "rotative.geo"
    label = "geo"
    verbose_name = "Communes"
