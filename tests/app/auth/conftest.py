"""An account invited by an organiser and not yet taken up: the fixture the invitation tests share."""

from __future__ import annotations

import pytest

from app.auth import invitations
from models import Role, User

#: The invited person's address.
INVITEE_EMAIL = "paul.invite@exemple.fr"


@pytest.fixture
def invitee(app, db, make_user) -> User:
    organiser = make_user(Role.ORGANISER, email="avise@exemple.fr")
    with app.test_request_context():
        user = invitations.invite_user(inviter=organiser, display_name="Paul Invité", email=INVITEE_EMAIL,
                                       role=Role.ORGANISER)
    db.commit()
    return user
