"""Every URL pattern of the project, enumerated from the URL conf and filled with real ids.

``all_routes()`` walks ``get_resolver()`` recursively (the admin's patterns included), so a
view added tomorrow is requested by the security tests without anybody listing it.
``urls_for(route, world)`` turns a pattern into concrete paths using the ids of a
``tests.security.world.World``. A parameter name this module does not know fails the test
that met it, naming the pattern: teach ``_values`` what the new parameter means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pytest
from django.apps import apps
from django.contrib.auth.tokens import default_token_generator
from django.contrib.contenttypes.models import ContentType
from django.db import models
from django.urls import URLPattern, URLResolver, get_resolver, resolve
from django.urls.resolvers import RegexPattern, RoutePattern
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode

from assessments.models import Action, Consultation, Risk
from interchange import exporters
from tests.builders import World

#: Pages anybody may open without signing in (the URL names).
PUBLIC = {
    "healthz",
    "login",
    "logout",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "admin:logout",  # signing out is harmless; the admin sends anonymous visitors to its index
}

#: Views about the signed-in user's own account, not a team's data.
OWN_ACCOUNT = {
    "login",
    "logout",
    "password_change",
    "password_change_done",
    "password_reset",
    "password_reset_done",
    "password_reset_confirm",
    "password_reset_complete",
    "admin:login",
    "admin:logout",
    "admin:password_change",
    "admin:password_change_done",
}

#: ``kind`` in the URL, per view: every kind the view accepts.
KINDS = {
    "assessments:annotation_create": [
        "risk",
        "assessment",
        "action",
        "stage",
        "consultation",
        "review",
    ],
    "exhibits:exhibit_upload_for": ["risk", "action", "consultation", "awareness", "review"],
    "assessments:analysis_item_create": ["swot", "pestle"],
    "assessments:analysis_item_edit": ["swot", "pestle"],
    "assessments:analysis_item_delete": ["swot", "pestle"],
}

#: Unnamed groups of regex patterns, by the end of the URL name.
POSITIONAL = {"_simple_history": ("object_id", "history_id")}


@dataclass(frozen=True)
class Route:
    """One URL pattern: the chain of patterns from the root, and what it names."""

    chain: tuple
    name: str  # "namespace:name", or the pattern text when it has no name
    callback: object
    admin_model: type[models.Model] | None

    @property
    def text(self) -> str:
        return "".join(str(p.pattern) for p in self.chain)

    @property
    def params(self) -> list[str]:
        names = []
        for pattern in self.chain:
            names += list(pattern.pattern.regex.groupindex)
            unnamed = pattern.pattern.regex.groups - len(pattern.pattern.regex.groupindex)
            if unnamed:
                names += list(self._positional_names(unnamed))
        return names

    def _positional_names(self, count: int) -> tuple[str, ...]:
        for suffix, names in POSITIONAL.items():
            if self.name.endswith(suffix) and len(names) == count:
                return names
        pytest.fail(
            f"{self.text} ({self.name}) has {count} unnamed group(s) the security tests cannot "
            "fill: name them in tests/security/routes.py POSITIONAL."
        )

    @property
    def is_admin(self) -> bool:
        return self.name.startswith("admin:") or self.text.startswith("admin/")

    def __str__(self) -> str:
        return f"{self.name} [{self.text}]"


def all_routes() -> list[Route]:
    """Every URL pattern reachable from ROOT_URLCONF."""
    return list(_walk(get_resolver().url_patterns, (), None, None))


def _walk(patterns, chain, namespace, admin_model):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            ns = ":".join(filter(None, [namespace, pattern.namespace]))
            model = admin_model
            if ns == "admin" and isinstance(pattern.pattern, RoutePattern):
                model = _admin_model(str(pattern.pattern)) or admin_model
            yield from _walk(pattern.url_patterns, (*chain, pattern), ns or None, model)
        elif isinstance(pattern, URLPattern):
            text = "".join(str(p.pattern) for p in (*chain, pattern))
            name = f"{namespace}:{pattern.name}" if namespace and pattern.name else pattern.name
            yield Route((*chain, pattern), name or text, pattern.callback, admin_model)


def _admin_model(prefix: str):
    """The model of an admin URL prefix ``<app_label>/<model_name>/``, if it is one."""
    parts = prefix.strip("/").split("/")
    if len(parts) != 2:
        return None
    try:
        return apps.get_model(*parts)
    except (LookupError, ValueError):
        return None


# --- filling parameters --------------------------------------------------------------------


def _values(name: str, route: Route, world: World, chosen: dict) -> list:
    """The values to try for parameter ``name`` of ``route``: ids of the world's objects."""
    simple = {
        "register_id": lambda: world.register.pk,
        "stage_id": lambda: world.stage.pk,
        "number": lambda: world.risk.number,
        "action_id": lambda: world.action.pk,
        "consultation_id": lambda: world.consultation.pk,
        "record_id": lambda: world.awareness.pk,
        "annotation_id": lambda: world.annotations["risk"].pk,
        "exhibit_number": lambda: world.exhibit.number,
        "review_id": lambda: world.review.pk,
        "tag_id": lambda: world.tag.pk,
        "anchor": lambda: "nos-k1",  # a criterion's explanation page
        "export_id": lambda: world.export_job.pk,
        "session_id": lambda: world.import_session.pk,
        "uidb64": lambda: urlsafe_base64_encode(force_bytes(world.member.pk)),
        "token": lambda: default_token_generator.make_token(world.member),
        "app_label": lambda: "assessments",
        "url": lambda: "no-such-page/",
        "id": lambda: world.member.pk,  # the admin's "change password" of a user
    }
    if name in simple:
        return [simple[name]()]
    if name == "kind":
        if route.name not in KINDS:
            pytest.fail(f"{route}: which kinds does it take? Add it to routes.KINDS.")
        return KINDS[route.name]
    if name == "target_id" and route.name == "exhibits:exhibit_upload_for":
        records = {"awareness": world.awareness, "review": world.review}
        kind = chosen["kind"]
        return [(records.get(kind) or _annotation_target(world, kind)).pk]
    if name == "target_id":
        return [_annotation_target(world, chosen["kind"]).pk]
    if name == "item_id":
        return [{"swot": world.swot, "pestle": world.pestle}[chosen["kind"]].pk]
    if name == "fmt":
        return sorted(exporters.FORMATS)
    if name == "content_type_id":
        return [ContentType.objects.get_for_model(m).pk for m in (Risk, Action, Consultation)]
    if name == "object_id" and "content_type_id" in chosen:
        model = ContentType.objects.get_for_id(chosen["content_type_id"]).model_class()
        return [world.object_of(model).pk]
    if name == "object_id" and route.admin_model is not None:
        return [_admin_object(route, world).pk]
    if name == "history_id" and route.admin_model is not None:
        return [_admin_object(route, world).history.order_by("history_id").first().history_id]
    pytest.fail(
        f"{route}: the security tests do not know the URL parameter {name!r}. Teach "
        "tests/security/routes.py (_values) which of the world's objects it names."
    )


def _annotation_target(world: World, kind: str):
    annotation = world.annotations[kind]
    return getattr(annotation, kind)


def _admin_object(route: Route, world: World) -> models.Model:
    obj = world.object_of(route.admin_model) or world.shared.get(route.admin_model)
    if obj is None:
        pytest.fail(
            f"{route}: the world has no {route.admin_model.__name__} for its admin pages; "
            "add one to build_world in tests/builders.py."
        )
    return obj


def kwargs_for(route: Route, world: World) -> list[dict]:
    """Every combination of parameter values to request ``route`` with."""
    combos = [{}]
    for name in route.params:
        combos = [
            {**chosen, name: value}
            for chosen in combos
            for value in _values(name, route, world, chosen)
        ]
    return combos


def urls_for(route: Route, world: World) -> list[str]:
    """Concrete paths of ``route`` for the world's objects, each checked to resolve back."""
    paths = []
    for kwargs in kwargs_for(route, world):
        path = "/" + "".join(_fill(pattern.pattern, kwargs) for pattern in route.chain)
        match = resolve(path)
        assert match.func == route.callback, f"{route}: {path} resolves to {match.view_name}"
        paths.append(path)
    return paths


_ROUTE_PARAM = re.compile(r"<(?:(?P<converter>[^>:]+):)?(?P<name>[^>]+)>")
_NAMED_GROUP = re.compile(r"\(\?P<(?P<name>\w+)>[^)]*\)")
_UNNAMED_GROUP = re.compile(r"\((?!\?)[^)]*\)")


def _fill(pattern, kwargs: dict) -> str:
    if isinstance(pattern, RoutePattern):
        return _ROUTE_PARAM.sub(
            lambda m: str(pattern.converters[m["name"]].to_url(kwargs[m["name"]])),
            str(pattern),
        )
    if isinstance(pattern, RegexPattern):
        text = str(pattern).removeprefix("^").removesuffix("$")
        text = _NAMED_GROUP.sub(lambda m: str(kwargs[m["name"]]), text)
        positional = iter(v for k, v in kwargs.items() if k in ("object_id", "history_id"))
        return _UNNAMED_GROUP.sub(lambda m: str(next(positional)), text)
    raise AssertionError(f"Unexpected pattern type {type(pattern).__name__}")


def requests_for(world: World) -> list[tuple[Route, str]]:
    """(route, path) for every URL of the project, filled with the world's ids."""
    return [(route, path) for route in all_routes() for path in urls_for(route, world)]


def names_object(route: Route) -> bool:
    """Whether the URL names a particular object (it has parameters other than choices)."""
    return bool(set(route.params) - {"app_label", "url", "fmt"})


def is_login_redirect(response) -> bool:
    location = response.get("Location", "")
    return response.status_code == 302 and (
        location.startswith("/accounts/login/") or location.startswith("/admin/login/")
    )
