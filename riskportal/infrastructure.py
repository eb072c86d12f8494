"""The services riskportal runs on, from the environment: cache, file storage, task queue.

One machine needs none of them set: an in-memory cache per process, files on local disk
(``MEDIA_ROOT``) and the task queue in the database, worked by ``manage.py db_worker``.
Several machines point every process at the same Redis (``CACHE_URL``, ``REDIS_URL`` with
``TASKS_BACKEND=rq``) and the same S3-compatible bucket (``AWS_STORAGE_BUCKET_NAME``).
Each function returns a settings value and raises ``ImproperlyConfigured`` naming the
variable when a value makes no sense.
"""

from __future__ import annotations

from urllib.parse import urlsplit

from django.core.exceptions import ImproperlyConfigured

from riskportal.env import env_bool, env_str

TASK_BACKENDS = {
    "database": "django_tasks_db.DatabaseBackend",
    "rq": "django_tasks_rq.RQBackend",
}


def cache_from_url(url: str, *, max_entries: int, key_prefix: str) -> dict:
    """``CACHES['default']`` for ``CACHE_URL``: ``locmem://`` (one process each) or
    ``redis://[:password@]host:port/db`` (``rediss://`` with TLS), shared by all."""
    scheme = urlsplit(url).scheme.lower()
    if scheme == "locmem":
        return {
            "BACKEND": "django.core.cache.backends.locmem.LocMemCache",
            "OPTIONS": {"MAX_ENTRIES": max_entries},
            "KEY_PREFIX": key_prefix,
        }
    if scheme in ("redis", "rediss", "unix"):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": url,
            "KEY_PREFIX": key_prefix,
        }
    raise ImproperlyConfigured(
        f"CACHE_URL must be locmem:// or redis://host:port/db; got {url[:40]!r}."
    )


def default_storage() -> dict:
    """``STORAGES['default']``: local disk under ``MEDIA_ROOT``, or an S3-compatible bucket
    when ``AWS_STORAGE_BUCKET_NAME`` is set (credentials from ``AWS_ACCESS_KEY_ID`` and
    ``AWS_SECRET_ACCESS_KEY``, or the machine's role)."""
    bucket = env_str("AWS_STORAGE_BUCKET_NAME")
    if not bucket:
        return {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    return {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": bucket,
            "endpoint_url": env_str("AWS_S3_ENDPOINT_URL") or None,
            "region_name": env_str("AWS_S3_REGION_NAME") or None,
            "location": env_str("AWS_LOCATION"),
            "addressing_style": env_str("AWS_S3_ADDRESSING_STYLE") or None,
            # Files are private: read through the app, which checks who asks.
            "default_acl": None,
            "querystring_auth": True,
            # Never replace a stored file that has the same name: a new name is chosen.
            "file_overwrite": False,
            "verify": env_bool("AWS_S3_VERIFY", default=True),
        },
    }


def task_backend(name: str) -> str:
    """The django-tasks backend class for ``TASKS_BACKEND``."""
    try:
        return TASK_BACKENDS[name]
    except KeyError:
        raise ImproperlyConfigured(
            f"TASKS_BACKEND must be one of {', '.join(TASK_BACKENDS)}; got {name!r}."
        ) from None
