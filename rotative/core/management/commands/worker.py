"""`manage.py worker`: django-tasks' database worker, with the recurring jobs beside it.

Run it wherever tasks run, as many times as needed (`make run` starts one, production N): each
declared job is queued once per moment whatever the number of workers (core/scheduling.py),
and a task left running by a worker that died is queued again, once (core/task_workers.py).
"""

from django_tasks_db.management.commands.db_worker import Command as DBWorkerCommand

from rotative.core import scheduling, task_workers


class Command(DBWorkerCommand):
    help = "Exécute les tâches de fond et programme les tâches récurrentes (une fois en tout)."

    def add_arguments(self, parser):
        super().add_arguments(parser)
        parser.add_argument(
            "--no-recurring",
            action="store_true",
            help="Ne pas programmer les tâches récurrentes (un worker dédié à une file).",
        )

    def handle(self, *args, no_recurring=False, **options):
        stop = None
        if not no_recurring:
            stop = scheduling.scheduler_start()
        upkeep_stop, upkeep = task_workers.upkeep_start(worker_id=options["worker_id"])
        try:
            super().handle(*args, **options)
        finally:
            if stop is not None:
                stop.set()
            upkeep_stop.set()
            upkeep.join(timeout=5)  # it removes this worker's row on its way out
