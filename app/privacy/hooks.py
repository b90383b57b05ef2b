"""The core export and deletion hooks: accounts, needs, offers, profiles, sessions, outbox, embeddings."""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, or_, select
from sqlalchemy.orm import Session

from app.auth.role_names import role_of_one
from app.notifications.outbox import enqueue_template
from app.ratelimit import email_key
from app.scheduling.meeting_pages import Belonging, belonging_of
from app.scheduling.meetings import set_participants
from app.typography import of_pole
from matching.pipeline import content_hash
from matching.text import profile_text
from models import (
    EmbeddingVector, LawyerProfile, LoginAttempt, Need, OutboxMessage, ResourcePerson, Meeting,
    MeetingParticipant, MeetingStatus, User,
)
from app.privacy.registry import register_account_deletion, register_data_export


# --- export -------------------------------------------------------------------------------

def export_account(session: Session, user: User) -> dict[str, Any]:
    return {
        "id": user.id, "adresse_e_mail": user.email, "nom_affiche": user.display_name,
        "role": role_of_one(user.role), "compte_cree_le": user.created_at,
        "adresse_confirmee_le": user.email_confirmed_at,
        "derniere_connexion": user.last_seen_at, "actif": user.is_active,
        "pole": {"id": user.pole.id, "nom": user.pole.name} if user.pole else None,
        "region": user.region_code, "fuseau_horaire": user.timezone, "invite_par": user.invited_by_id,
    }


def export_needs(session: Session, user: User) -> list[dict[str, Any]]:
    needs = session.scalars(select(Need).where(Need.author_id == user.id).order_by(Need.id))
    return [{"id": n.id, "pole": n.pole.name, "titre": n.title, "texte": n.text, "forme": n.kind.label,
             "statut": n.status.label, "urgence": n.urgency, "themes": [t.code for t in n.themes],
             "cree_le": n.created_at, "modifie_le": n.updated_at} for n in needs]


def export_resource_profile(session: Session, user: User) -> dict[str, Any] | None:
    profile = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if profile is None:
        return None
    return {
        "id": profile.id, "titre": profile.headline, "structure_employeuse": profile.employer, "presentation": profile.bio,
        "region": profile.region_code, "departement": profile.departement_code,
        "pole": profile.pole.name if profile.pole else None, "capacite_annuelle": profile.yearly_capacity,
        "mobilite": profile.mobility.label, "disponibilites": profile.availability, "cree_le": profile.created_at,
        "offres": [{"id": o.id, "titre": o.title, "texte": o.text, "active": o.active,
                    "themes": [t.code for t in o.themes], "cree_le": o.created_at, "modifiee_le": o.updated_at}
                   for o in profile.offers],
    }


def export_lawyer_profile(session: Session, user: User) -> dict[str, Any] | None:
    profile = session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))
    if profile is None:
        return None
    return {"id": profile.id, "cabinet": profile.firm, "specialites": profile.specialties}


def export_sessions(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(MeetingParticipant).where(MeetingParticipant.user_id == user.id)
                           .join(MeetingParticipant.session).order_by(Meeting.starts_at))
    return [{"rencontre": p.session.title, "type": p.session.kind.label, "debut_utc": p.session.starts_at,
             "fin_utc": p.session.ends_at, "lieu": p.session.location, "statut": p.session.status.label,
             "role": p.role.label} for p in rows]


def export_messages(session: Session, user: User) -> list[dict[str, Any]]:
    rows = session.scalars(select(OutboxMessage).where(_messages_of(user)).order_by(OutboxMessage.id))
    return [{"objet": m.subject, "texte": m.body, "piece_jointe": m.attachment_name, "cree_le": m.created_at,
             "envoye_le": m.sent_at, "annule_le": m.cancelled_at} for m in rows]


def _messages_of(user: User):  # noqa: ANN202 - a SQL condition
    return or_(OutboxMessage.recipient_id == user.id, OutboxMessage.to_email == user.email)


# --- deletion -------------------------------------------------------------------------------

def texts_of(session: Session, user: User) -> list[str]:
    """The user's own texts that go with the account (offers, lawyer specialties), as embedded."""
    texts: list[str] = []
    profile = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if profile is not None:
        for offer in profile.offers:
            texts += [profile_text(offer.title, offer.text), offer.text]
    lawyer = session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))
    if lawyer is not None and lawyer.specialties.strip():
        texts.append(lawyer.specialties)
    return texts


def forget_embeddings(session: Session, user: User, now: datetime) -> None:
    """Vectors of the texts deleted with the account (needs stay with their pole, so do theirs)."""
    hashes = {content_hash(text) for text in texts_of(session, user)}
    if hashes:
        session.execute(delete(EmbeddingVector).where(EmbeddingVector.content_hash.in_(hashes)))


def participant_left_key(first_meeting_id: int, leaver_id: int, other_id: int) -> str:
    """The outbox key of « X ne participera plus » to ``other_id``, for the leaver's first meeting of a visit or
    transfer: an area that tells that person better, first, under this key, stands in for it (``app.transfers.
    unattended``: a pole's last facilitator leaving)."""
    return f"session:{first_meeting_id}:participant-left:{leaver_id}:to:{other_id}"


def leave_future_sessions(session: Session, user: User, now: datetime) -> None:
    """Leave every meeting still to come, through the scheduling backbone (SEQUENCE, reminders); the
    other participants are told by e-mail, once per visit or transfer (its days listed), with who left
    and its page. Areas with seats (agenda, Juri-PTCE) free theirs first, with their waitlist, in their
    own hooks; what is left here are meetings without seats."""
    rows = session.scalars(
        select(MeetingParticipant).join(MeetingParticipant.session)
        .where(MeetingParticipant.user_id == user.id, Meeting.starts_at > now,
               Meeting.status == MeetingStatus.SCHEDULED).order_by(Meeting.starts_at)
    ).all()
    groups: dict[Belonging, list[Meeting]] = {}
    for participation in rows:
        groups.setdefault(belonging_of(session, participation.session), []).append(participation.session)
    for belonging, meetings in groups.items():
        others = {p.user_id: p.user for m in meetings for p in m.participants if p.user_id != user.id}
        for other in others.values():
            enqueue_template(
                session, key=participant_left_key(meetings[0].id, user.id, other.id), to=other,
                subject=f"{user.display_name} ne participera plus {belonging.to_it}"[:300],
                template="privacy/mail_participant_left.txt", meetings=meetings, belonging=belonging,
                leaver_name=user.display_name, leaver_is=_who(user),
            )
    for meeting in (participation.session for participation in rows):
        set_participants(meeting=meeting, wanted={p.user_id: p.role for p in meeting.participants
                                                  if p.user_id != user.id})
    session.flush()


def _who(user: User) -> str:
    """Who the leaver was to the others: « , qui anime le Pôle des Coteaux, », else « (Personne ressource) »."""
    if user.pole is not None:
        return f", qui anime {of_pole(user.pole.name, 'le')},"
    return f" ({role_of_one(user.role)})"


def forget_messages(session: Session, user: User, now: datetime) -> None:
    """Messages to the user: those not yet sent are removed, sent ones too (they hold personal data)."""
    session.execute(delete(OutboxMessage).where(_messages_of(user)))


def anonymise_needs(session: Session, user: User, now: datetime) -> None:
    """Needs belong to their pole: they stay, without an author."""
    for need in session.scalars(select(Need).where(Need.author_id == user.id)):
        need.author_id = None


def delete_resource_profile(session: Session, user: User, now: datetime) -> None:
    profile = session.scalar(select(ResourcePerson).where(ResourcePerson.user_id == user.id))
    if profile is not None:
        session.delete(profile)  # offers go with it (cascade)


def delete_lawyer_profile(session: Session, user: User, now: datetime) -> None:
    profile = session.scalar(select(LawyerProfile).where(LawyerProfile.user_id == user.id))
    if profile is not None:
        session.delete(profile)


def forget_login_attempts(session: Session, user: User, now: datetime) -> None:
    session.execute(delete(LoginAttempt).where(LoginAttempt.key == email_key(user.email)))


def forget_invitations(session: Session, user: User, now: datetime) -> None:
    """Accounts this user invited keep existing; the link to the inviter goes."""
    for invited in session.scalars(select(User).where(User.invited_by_id == user.id)):
        invited.invited_by_id = None


register_data_export("compte", export_account, order=10)
register_data_export("besoins_rediges", export_needs, order=20)
register_data_export("profil_personne_ressource", export_resource_profile, order=30)
register_data_export("profil_avocat", export_lawyer_profile, order=40)
register_data_export("rencontres", export_sessions, order=50)
register_data_export("messages", export_messages, order=60)

register_account_deletion("vecteurs_de_texte", forget_embeddings, order=10)
register_account_deletion("rencontres_a_venir", leave_future_sessions, order=20)
register_account_deletion("messages", forget_messages, order=30)
register_account_deletion("besoins", anonymise_needs, order=40)
register_account_deletion("profil_personne_ressource", delete_resource_profile, order=50)
register_account_deletion("profil_avocat", delete_lawyer_profile, order=50)
register_account_deletion("tentatives_de_connexion", forget_login_attempts, order=60)
register_account_deletion("invitations", forget_invitations, order=60)
