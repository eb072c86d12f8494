"""Cache, file storage and task queue come from the environment, and bad values stop the
start-up with a message naming the variable."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from django.core.exceptions import ImproperlyConfigured

from riskportal.infrastructure import cache_from_url, default_storage, task_backend

ROOT = Path(__file__).resolve().parents[1]


def test_the_cache_is_each_processs_own_memory_by_default():
    cache = cache_from_url("locmem://", max_entries=500, key_prefix="rp")
    assert cache["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert cache["OPTIONS"] == {"MAX_ENTRIES": 500} and cache["KEY_PREFIX"] == "rp"


@pytest.mark.parametrize("url", ["redis://cache:6379/1", "rediss://:secret@cache:6380/0"])
def test_a_redis_url_shares_the_cache_between_processes(url):
    cache = cache_from_url(url, max_entries=500, key_prefix="rp")
    assert cache["BACKEND"] == "django.core.cache.backends.redis.RedisCache"
    assert cache["LOCATION"] == url


def test_an_unknown_cache_url_names_the_variable():
    with pytest.raises(ImproperlyConfigured, match="CACHE_URL must be locmem:// or redis://"):
        cache_from_url("memcached://cache:11211", max_entries=500, key_prefix="rp")


def test_files_go_to_local_disk_unless_a_bucket_is_named(monkeypatch):
    monkeypatch.delenv("AWS_STORAGE_BUCKET_NAME", raising=False)
    assert default_storage() == {"BACKEND": "django.core.files.storage.FileSystemStorage"}


def test_a_bucket_name_puts_files_in_a_private_s3_compatible_store(monkeypatch):
    from storages.backends.s3 import S3Storage

    monkeypatch.setenv("AWS_STORAGE_BUCKET_NAME", "riskportal-files")
    monkeypatch.setenv("AWS_S3_ENDPOINT_URL", "https://s3.example.org")
    monkeypatch.setenv("AWS_LOCATION", "production")
    monkeypatch.setenv("AWS_S3_ADDRESSING_STYLE", "path")
    storage = default_storage()
    assert storage["BACKEND"] == "storages.backends.s3.S3Storage"
    options = storage["OPTIONS"]
    assert options["bucket_name"] == "riskportal-files"
    assert options["endpoint_url"] == "https://s3.example.org"
    assert options["default_acl"] is None and options["querystring_auth"] is True
    assert options["file_overwrite"] is False
    s3 = S3Storage(**options)  # django-storages accepts every option (no request is made)
    assert s3.bucket_name == "riskportal-files" and s3.location == "production"


def test_the_task_backend_is_the_database_or_rq():
    assert task_backend("database") == "django_tasks_db.DatabaseBackend"
    assert task_backend("rq") == "django_tasks_rq.RQBackend"
    with pytest.raises(ImproperlyConfigured, match="TASKS_BACKEND must be one of database, rq"):
        task_backend("celery")


def _settings_with(**env: str) -> dict:
    code = (
        "import django, json; django.setup(); from django.conf import settings as s; "
        "print(json.dumps({'tasks': s.TASKS, 'rq': getattr(s, 'RQ_QUEUES', None), "
        "'cache': s.CACHES['default']['BACKEND'], 'apps': s.INSTALLED_APPS, "
        "'storage': s.STORAGES['default']['BACKEND'], 'media': str(s.MEDIA_ROOT)}))"
    )
    environment = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith(("TASKS_", "REDIS_", "CACHE_", "AWS_", "MEDIA_"))
    }
    environment.update(DJANGO_SETTINGS_MODULE="riskportal.settings", **env)
    result = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, env=environment, capture_output=True, text=True
    )
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def test_one_machine_needs_nothing_set():
    found = _settings_with()
    assert found["tasks"]["default"]["BACKEND"] == "django_tasks_db.DatabaseBackend"
    assert found["rq"] is None and "django_rq" not in found["apps"]
    assert found["cache"].endswith("LocMemCache")
    assert found["storage"].endswith("FileSystemStorage")
    assert found["media"] == str(ROOT / "media")


def test_several_machines_share_redis_and_a_bucket():
    found = _settings_with(
        TASKS_BACKEND="rq",
        TASKS_QUEUE="exports",
        REDIS_URL="redis://queue:6379/0",
        CACHE_URL="redis://cache:6379/1",
        AWS_STORAGE_BUCKET_NAME="riskportal-files",
        MEDIA_ROOT="/srv/files",
    )
    assert found["tasks"] == {
        "default": {"BACKEND": "django_tasks_rq.RQBackend", "QUEUES": ["exports"]}
    }
    assert {"django_rq", "django_tasks_rq"} <= set(found["apps"])
    assert set(found["rq"]) == {"exports", "default"}
    assert {queue["URL"] for queue in found["rq"].values()} == {"redis://queue:6379/0"}
    assert found["cache"].endswith("RedisCache")
    assert found["storage"] == "storages.backends.s3.S3Storage"
    assert found["media"] == "/srv/files"


@pytest.mark.parametrize(
    ("env", "named"),
    [({"TASKS_BACKEND": "celery"}, "TASKS_BACKEND"), ({"CACHE_URL": "nonsense"}, "CACHE_URL")],
)
def test_a_bad_value_stops_the_start_naming_the_variable(env, named):
    environment = {**os.environ, "DJANGO_SETTINGS_MODULE": "riskportal.settings", **env}
    result = subprocess.run(
        [sys.executable, "-c", "import django; django.setup()"],
        cwd=ROOT,
        env=environment,
        capture_output=True,
        text=True,
    )
    assert result.returncode != 0
    assert named in result.stderr.strip().splitlines()[-1]
