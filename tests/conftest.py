import pytest
from django.contrib.auth.models import Group, Permission, User
from django.core.management import call_command


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """Every test starts from the curated records, loaded once per run; each test's changes roll back."""
    with django_db_blocker.unblock():
        call_command("seed", verbosity=0)


@pytest.fixture(scope="module")
def larger(django_db_setup, django_db_blocker):
    """Four times the curated records: three synthetic sets beside them, until the module ends — the tests that
    use it have modules of their own (`*_at_scale.py`) — then the curated records alone again."""
    from citydip.core.admin.editors import grant_editor_permissions
    from citydip.data.synthesis import Synthesizer

    with django_db_blocker.unblock():
        Synthesizer(3).run()
    yield
    with django_db_blocker.unblock():
        call_command("flush", interactive=False, verbosity=0)
        call_command("load_gazetteer", verbosity=0)
        grant_editor_permissions(Group, Permission)
        call_command("seed", verbosity=0)


@pytest.fixture
def editor(db):
    user = User.objects.create_user("ed", password="a-long-editor-password", is_staff=True)
    user.groups.add(Group.objects.get(name="Editors"))
    return user


@pytest.fixture
def editor_client(client, editor):
    client.force_login(editor)
    return client


@pytest.fixture(autouse=True)
def empty_cache():
    """Each test starts with no cached page: what it measures is the page as rendered now."""
    from django.core.cache import cache

    cache.clear()

