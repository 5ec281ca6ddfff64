"""The moderation workflow speaks French in the admin: « Soumettre à la relecture », never
Wagtail's default « Moderators approval »."""

import importlib

import pytest
from django.apps import apps as django_apps
from django.contrib.auth.models import Group
from wagtail.models import GroupApprovalTask, Page, Task, Workflow, WorkflowPage

from rotative.news.tests.factories import ArticlePageFactory

pytestmark = pytest.mark.django_db

migration = importlib.import_module("rotative.news.migrations.0006_french_default_workflow")


@pytest.fixture
def wagtail_defaults(home):
    """What Wagtail's own migrations create, as on a fresh install (a transactional test run
    before this one may have flushed what the migrations left)."""
    Workflow.objects.all().delete()
    Task.objects.all().delete()
    Group.objects.filter(name__in=["Modérateurs", "Rédacteurs"]).delete()
    moderators = Group.objects.get_or_create(name="Moderators")[0]
    Group.objects.get_or_create(name="Editors")
    task = GroupApprovalTask.objects.create(name="Moderators approval")
    task.groups.set([moderators])
    workflow = Workflow.objects.create(name="Moderators approval")
    workflow.workflow_tasks.create(task=task, sort_order=0)
    WorkflowPage.objects.update_or_create(
        page=Page.objects.get(depth=1), defaults={"workflow": workflow}
    )
    return workflow


def test_the_default_workflow_its_task_and_groups_get_french_names(wagtail_defaults):
    migration.forwards(django_apps, None)
    assert list(Workflow.objects.values_list("name", flat=True)) == ["la relecture"]
    assert list(Task.objects.values_list("name", flat=True)) == ["la relecture"]
    names = set(Group.objects.values_list("name", flat=True))
    assert {"Modérateurs", "Rédacteurs"} <= names
    assert not names & {"Moderators", "Editors"}


def test_a_name_chosen_by_the_newsroom_is_kept(wagtail_defaults):
    Workflow.objects.update(name="Relecture du chef d'édition")
    migration.forwards(django_apps, None)
    assert list(Workflow.objects.values_list("name", flat=True)) == ["Relecture du chef d'édition"]


def test_the_editor_submits_to_la_relecture(wagtail_defaults, section, client):
    from django.contrib.auth import get_user_model

    migration.forwards(django_apps, None)
    editor = get_user_model().objects.create_superuser(
        "redaction", "redaction@example.org", "motdepasse"
    )
    client.force_login(editor)
    article = ArticlePageFactory(parent=section, title="La digue de Granville a tenu")
    html = client.get(f"/admin/pages/{article.pk}/edit/").content.decode()
    assert "Soumettre à la relecture" in html
    assert "Moderators" not in html
