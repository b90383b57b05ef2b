"""Who reads and writes a transfer's conversation, role by role: the pair, national organisers, the CRA of the
pole's region; never another pole, another resource person, a lawyer, the CRA of another region, or anyone
signed out."""

from __future__ import annotations

import re

import pytest
from sqlalchemy import func, select

from app.pair_space.conversation import post_message
from models import Role, TransferMessage

SECRET = "Notre trésorerie est tendue ce trimestre."
#: role → (reads the conversation, may post)
EXPECTED = {
    "pole facilitator": True, "resource person": True, "national organiser": True, "admin": True,
    "CRA of the pole's region": True, "CRA of another region": False, "facilitator of another pole": False,
    "another resource person": False, "lawyer": False,
}


@pytest.fixture
def people(pair, make_user, make_resource_person) -> dict:
    """The fixture's pole is in Brittany (53)."""
    return {
        "pole facilitator": pair.facilitator, "resource person": pair.person,
        "national organiser": make_user(Role.ORGANISER), "admin": make_user(Role.ADMIN),
        "CRA of the pole's region": make_user(Role.ORGANISER, region_code=pair.pairing.need.pole.region_code),
        "CRA of another region": make_user(Role.ORGANISER, region_code="84"),
        "facilitator of another pole": pair.outsider, "another resource person": make_resource_person().user,
        "lawyer": make_user(Role.LAWYER),
    }


@pytest.mark.parametrize("who", list(EXPECTED))
def test_the_conversation_for_each_role(client, login, csrf, db, pair, people, who):
    post_message(pairing=pair.pairing, author=pair.facilitator, body=SECRET, idempotency_key="s" * 24)
    url = f"/transferts/{pair.pairing.id}"
    login(people[who])
    response = client.get(url)
    page = response.get_data(as_text=True)
    allowed = EXPECTED[who]
    assert (SECRET in page) is allowed, (who, response.status_code)
    assert (response.status_code == 200) is allowed, (who, response.status_code)
    token = csrf("/mon-espace")
    client.post(f"{url}/messages", data={"csrf_token": token, "body": f"Message de {who}",
                                         "idempotency_key": re.sub(r"\W", "-", who).ljust(24, "x")})
    written = db.scalar(select(func.count(TransferMessage.id)).where(TransferMessage.body == f"Message de {who}"))
    assert written == (1 if allowed else 0), who


def test_signed_out_visitors_are_sent_to_the_login_page(client, pair):
    post_message(pairing=pair.pairing, author=pair.facilitator, body=SECRET, idempotency_key="s" * 24)
    response = client.get(f"/transferts/{pair.pairing.id}")
    assert response.status_code == 302 and "/compte/connexion" in response.headers["Location"]
