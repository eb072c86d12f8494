"""The password-reset request page, with a rate limit on the emails it sends.

Each request counts against the client's address and against the email typed in (both
in Django's cache, see ``riskportal.throttle``). Past either limit within the window no
email is sent, and the page answers exactly as when one is: whether an account uses that
address, and whether a limit was reached, cannot be told from the answer.
The link in the email is built on ``SITE_URL``, never on the request's Host header.

Settings: ``PASSWORD_RESET_LIMIT_PER_EMAIL`` and ``PASSWORD_RESET_LIMIT_PER_ADDRESS``
requests in ``PASSWORD_RESET_WINDOW_MINUTES`` (README, "Configuration").
"""

from __future__ import annotations

import logging
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.http import HttpResponseRedirect

from riskportal.throttle import allow, client_address

log = logging.getLogger(__name__)


class ThrottledPasswordResetView(auth_views.PasswordResetView):
    def form_valid(self, form):
        window = settings.PASSWORD_RESET_WINDOW_MINUTES * 60
        email = form.cleaned_data["email"].strip().lower()
        by_address = allow(
            "password-reset-address",
            client_address(self.request) or "unknown",
            limit=settings.PASSWORD_RESET_LIMIT_PER_ADDRESS,
            window_seconds=window,
        )
        by_email = allow(
            "password-reset-email",
            email,
            limit=settings.PASSWORD_RESET_LIMIT_PER_EMAIL,
            window_seconds=window,
        )
        if by_address and by_email:
            # The link goes to SITE_URL, like every other email's, never to the Host header
            # the request came with (any name in ALLOWED_HOSTS would do for a forger).
            site = urlsplit(settings.SITE_URL)
            form.save(
                domain_override=site.netloc,
                use_https=site.scheme == "https",
                token_generator=self.token_generator,
                from_email=self.from_email,
                email_template_name=self.email_template_name,
                subject_template_name=self.subject_template_name,
                request=self.request,
                html_email_template_name=self.html_email_template_name,
                extra_email_context=self.extra_email_context,
            )
        else:
            log.warning(
                "Password reset not sent: limit reached for the %s.",
                "address" if not by_address else "email",
            )
        return HttpResponseRedirect(self.get_success_url())
