import random

from django.conf import settings


class PrimaryReplicaRouter:
    """Reads from a replica, writes to the primary (production with DATABASE_REPLICA_URLS)."""

    def db_for_read(self, model, **hints):
        replicas = [alias for alias in settings.DATABASES if alias.startswith("replica")]
        return random.choice(replicas) if replicas else "default"

    def db_for_write(self, model, **hints):
        return "default"

    def allow_relation(self, obj1, obj2, **hints):
        return True

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        return db == "default"
