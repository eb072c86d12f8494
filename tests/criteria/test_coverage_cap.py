"""A criterion evidenced by hundreds of records lists a readable number of them."""

from __future__ import annotations

from django.urls import reverse

from tests.builders import make_risk


def test_it_lists_forty_records_per_criterion_and_counts_the_rest(client, member, register, stage):
    for n in range(45):
        make_risk(register, stage=stage, rating=(2, 2, 2, 2), title=f"Queue risk {n:02d}")
    client.force_login(member)
    page = client.get(reverse("criteria:coverage", args=[register.pk])).content.decode()
    assert ">R-040 Queue risk 39</a>" in page
    assert ">R-045 Queue risk 44</a>" not in page
    assert "and 5 more records of this register." in page
    assert "and 35 more like these." in page  # 45 risks lack their cause, event, consequence
