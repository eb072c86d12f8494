"""Fixtures for the assessments tests."""

import pytest


@pytest.fixture(autouse=True)
def fast_password_hashing(settings):
    """The personas are created per test; a slow, secure hash only makes the suite slow."""
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
