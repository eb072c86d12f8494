"""The demo teams and logins, one for each role the product knows.

The passwords are printed by ``manage.py seed_demo`` and are for a local demo only.
"""

from __future__ import annotations

from demo.specs import PersonSpec, TeamSpec
from riskportal.admin_scoping import SUPERVISORS_GROUP

RIVERSIDE = TeamSpec(
    key="riverside",
    name="Riverside Leisure Centre – Front Desk",
    slug="riverside-front-desk",
    organisation="Riverside Leisure Trust",
)

EASTGATE = TeamSpec(
    key="eastgate",
    name="Eastgate Council – Contact Centre",
    slug="eastgate-contact-centre",
    organisation="Eastgate Borough Council",
)

TEAMS = (RIVERSIDE, EASTGATE)

PEOPLE = (
    # The learner: a customer service advisor working towards the Level 3 unit.
    PersonSpec(
        key="member",
        login_label="member",
        username="priya.shah",
        password="demo-member-2026",
        first_name="Priya",
        last_name="Shah",
        team="riverside",
        role="member",
    ),
    # The duty manager who signs off reviews; supervisors work in the Django admin too.
    PersonSpec(
        key="supervisor",
        login_label="supervisor",
        username="gareth.owen",
        password="demo-supervisor-2026",
        first_name="Gareth",
        last_name="Owen",
        team="riverside",
        role="supervisor",
        is_staff=True,
        groups=(SUPERVISORS_GROUP,),
    ),
    # The assessor: reads the register and downloads evidence, changes nothing.
    PersonSpec(
        key="viewer",
        login_label="viewer",
        username="helen.marsh",
        password="demo-viewer-2026",
        first_name="Helen",
        last_name="Marsh",
        team="riverside",
        role="viewer",
    ),
    # The site administrator; a member of the front desk team so the pages show data.
    PersonSpec(
        key="admin",
        login_label="admin",
        username="jordan.reid",
        password="demo-admin-2026",
        first_name="Jordan",
        last_name="Reid",
        team="riverside",
        role="member",
        is_staff=True,
        is_superuser=True,
    ),
    # Someone from another organisation, to show that teams cannot see each other.
    PersonSpec(
        key="other",
        login_label="other-team member",
        username="daniel.okafor",
        password="demo-other-team-2026",
        first_name="Daniel",
        last_name="Okafor",
        team="eastgate",
        role="member",
    ),
)
