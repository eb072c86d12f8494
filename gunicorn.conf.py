"""gunicorn settings, all from the environment (see README, "Deploying")."""

import multiprocessing
import os

bind = f"{os.environ.get('BIND_ADDRESS', '127.0.0.1')}:{os.environ.get('PORT', '8000')}"
workers = int(os.environ.get("WEB_CONCURRENCY", multiprocessing.cpu_count() * 2 + 1))
threads = int(os.environ.get("GUNICORN_THREADS", "2"))
timeout = int(os.environ.get("GUNICORN_TIMEOUT", "60"))
graceful_timeout = 30
max_requests = 2000
max_requests_jitter = 200
# Only the configured proxy may set X-Forwarded-*; Django's TrustedProxyMiddleware agrees.
# Unset, nobody is believed (gunicorn's own default would trust 127.0.0.1 and ::1).
forwarded_allow_ips = os.environ.get("TRUSTED_PROXY_IPS", "")
accesslog = "-"
errorlog = "-"
wsgi_app = "riskportal.wsgi:application"
