import pytest
from tests.security.test_escaping import *  # noqa

def test_ctx(client, hostile, admin_supervisor):
    client.force_login(admin_supervisor)
    html = client.get("/admin/assessments/risk/").content.decode()
    i = html.find('"><img')
    print("CTX", html[i-300:i+100])
