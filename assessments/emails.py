"""Email from the workflows: one template pair per message, sent after the commit.

``emails/<name>_subject.txt`` holds the subject (one line), ``emails/<name>.txt`` the body.
Workflows call ``send_after_commit`` inside their transaction: if it rolls back, nothing
is sent; if it commits, each recipient gets their own message.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import NoReverseMatch, reverse


def absolute_url(viewname: str, **kwargs) -> str:
    """A link for an email: ``SITE_URL`` plus the path; "" if the page does not exist."""
    try:
        path = reverse(viewname, kwargs=kwargs)
    except NoReverseMatch:
        return ""
    return settings.SITE_URL + path


def send_templated(*, template: str, context: dict, recipients: Iterable) -> int:
    """Send ``template`` to each user in ``recipients`` that has an address; the count sent."""
    messages = []
    for user in recipients:
        if not user.email:
            continue
        personal = {**context, "recipient": user}
        subject = render_to_string(f"emails/{template}_subject.txt", personal)
        messages.append(
            EmailMessage(
                subject=" ".join(subject.split()),
                body=render_to_string(f"emails/{template}.txt", personal),
                to=[user.email],
            )
        )
    if not messages:
        return 0
    return get_connection().send_messages(messages)


def send_after_commit(*, template: str, context: dict, recipients: Iterable) -> None:
    """Queue ``send_templated`` to run once the current transaction commits."""
    recipients = list(recipients)
    transaction.on_commit(
        lambda: send_templated(template=template, context=context, recipients=recipients)
    )
