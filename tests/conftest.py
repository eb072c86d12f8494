"""Shared personas: a member, a supervisor, a viewer of one team and an outsider of another."""

from __future__ import annotations

import os
import shutil
import tempfile

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from registers.models import Membership
from tests import builders

pytest_plugins = ["tests.playwright_fixtures"]


def pytest_configure(config):
    """Hypothesis keeps its example database and constants cache in a folder of this run,
    not in ``.hypothesis/`` of the checkout; it is removed when the run ends."""
    from hypothesis.configuration import set_hypothesis_home_dir

    config._hypothesis_home = tempfile.mkdtemp(prefix="riskportal-hypothesis-")
    set_hypothesis_home_dir(config._hypothesis_home)


def pytest_unconfigure(config):
    home = getattr(config, "_hypothesis_home", None)
    if home:
        shutil.rmtree(home, ignore_errors=True)


@pytest.fixture(scope="session")
def django_db_modify_db_settings(django_db_modify_db_settings_parallel_suffix):
    """``RISKPORTAL_TEST_DB_TEMPLATE`` (with ``--reuse-db``): an SQLite test database kept
    between runs, so that a run does not migrate again. ``scripts/mutate`` sets it, because
    each mutant's run starts a test session: the first run migrates into the template, and
    every later run works in its own copy of it, removed at the end."""
    from django.conf import settings

    template = os.environ.get("RISKPORTAL_TEST_DB_TEMPLATE")
    if not template:
        yield
        return
    name = template
    if os.path.exists(template):
        name = f"{template}.{os.getpid()}"
        shutil.copyfile(template, name)
    settings.DATABASES["default"]["TEST"]["NAME"] = name
    yield
    if name != template:
        for path in (name, f"{name}-wal", f"{name}-shm"):
            if os.path.exists(path):
                os.remove(path)


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache, so query counts do not depend on test order."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()


@pytest.fixture(autouse=True)
def _fast_password_hashing(settings):
    """Hashing cost is not under test; the default PBKDF2 would dominate the suite's time."""
    settings.PASSWORD_HASHERS = builders.FAST_PASSWORD_HASHERS


@pytest.fixture(autouse=True)
def _temporary_media(settings, tmp_path):
    """Uploads and generated files go to a folder of this test, never to the repository's
    ``media/`` nor to a bucket named in the environment: MEDIA_ROOT moves there, the default
    storage is the local disk there, and any other file-system storage with its own
    location moves there too."""
    media = tmp_path / "media"
    settings.MEDIA_ROOT = str(media)
    storages = {}
    for alias, config in settings.STORAGES.items():
        config = dict(config)
        options = dict(config.get("OPTIONS", {}))
        if alias == "default":
            config = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
        elif config["BACKEND"].endswith("FileSystemStorage") and "location" in options:
            options["location"] = str(media / alias)
            config["OPTIONS"] = options
        storages[alias] = config
    settings.STORAGES = storages


@pytest.fixture(autouse=True)
def _migration_data(request):
    """Transactional tests start from what a fresh install has (see restore_migration_data)."""
    marker = request.node.get_closest_marker("django_db")
    if marker and marker.kwargs.get("transaction"):
        request.getfixturevalue("transactional_db")
        builders.restore_migration_data()


@pytest.fixture
def team(db):
    return builders.make_team("Front Desk")


@pytest.fixture
def other_team(db):
    return builders.make_team("Call Centre")


@pytest.fixture
def member(team):
    user = builders.make_user("mia", first_name="Mia", last_name="Member")
    builders.add_member(team, user, Membership.Role.MEMBER)
    return user


@pytest.fixture
def supervisor(team):
    user = builders.make_user("sam", first_name="Sam", last_name="Supervisor", is_staff=True)
    builders.add_member(team, user, Membership.Role.SUPERVISOR)
    return user


@pytest.fixture
def second_supervisor(team):
    """Another supervisor of the team (one may not sign off one's own review)."""
    user = builders.make_user("sue", first_name="Sue", last_name="Second")
    builders.add_member(team, user, Membership.Role.SUPERVISOR)
    return user


@pytest.fixture
def admin_supervisor(supervisor):
    """The team's supervisor, given the admin through the Supervisors group."""
    return builders.give_admin(supervisor)


@pytest.fixture
def other_supervisor(other_team):
    """A supervisor of the other team, with the admin (staff, in the Supervisors group)."""
    user = builders.make_user("olga", first_name="Olga", last_name="Other")
    builders.add_member(other_team, user, Membership.Role.SUPERVISOR)
    return builders.give_admin(user)


@pytest.fixture
def viewer(team):
    user = builders.make_user("val", first_name="Val", last_name="Viewer")
    builders.add_member(team, user, Membership.Role.VIEWER)
    return user


@pytest.fixture
def outsider(other_team):
    user = builders.make_user("otto", first_name="Otto", last_name="Outsider")
    builders.add_member(other_team, user, Membership.Role.MEMBER)
    return user


@pytest.fixture
def register(team, member):
    return builders.make_register(team, title="Front desk register", owner=member)


@pytest.fixture
def other_register(other_team, outsider):
    return builders.make_register(other_team, title="Call centre register", owner=outsider)


@pytest.fixture
def request_overhead(client):
    """Queries any signed-in request makes before a view runs (session, user, renewal).

    Measured on a page that queries nothing itself, so that page tests pin their own
    queries only. Call it after ``client.force_login``.
    """

    def measure() -> int:
        client.get(reverse("password_change"))  # the first request may save a new session
        with CaptureQueriesContext(connection) as queries:
            client.get(reverse("password_change"))
        return len(queries)

    return measure


@pytest.fixture
def stage(register):
    return builders.make_stage(register, "Booking")
