"""Transfer operations, gathered for the pages, jobs and other areas that use them.

Each concern lives in its own module: ``states`` (statuses, sides, who may take each step, step labels,
``TransferError``), ``parties`` (the sides a user plays, facilitators and organisers), ``pair_rules``
(capacity and the person lock, the hard rules of a pair, the pairs ruled out), ``lifecycle`` (steps,
request and proposal, planned days, feedback, excluding a pair), ``step_notices`` (who hears of a step,
its mail and .ics), ``reminders``
(reminding and expiring unanswered requests), ``reports`` (lists, breakdown, needs without a good
match, CSV), ``privacy_hooks`` (account deletion, data export).
"""

from __future__ import annotations

from app.transfers import pairing_history  # noqa: F401  (registers the pairings the ranking learns from)
from app.transfers import privacy_hooks  # noqa: F401  (registers the personal data hooks)
from app.transfers.lifecycle import (
    ALREADY_OPEN, DayPlan, check_proposal, forbid_pair, give_feedback, pairing_by_key, plan_day, proposal_candidates,
    propose_pairing, request_transfer, transition,
)
from app.transfers.step_rules import refuses_request
from app.transfers.pair_rules import (
    WHY_DECLINED, WHY_EXCLUDED, NeedPairs, capacity_note, capacity_use, check_pair_allowed, needs_settled_for, pairing_load,
    pairs_for_need, ruled_out_pairs, year_start,
)
from app.transfers.parties import allowed_steps, can_see, facilitators_of, organisers, sides_of
from app.transfers.privacy_hooks import cancel_on_departure, export_transfers
from app.transfers.reminders import expire_stale_requests, remind_pending_requests
from app.transfers.reports import (
    Breakdown, Gap, MyTransfers, all_feedback, all_pairings, awaits, breakdown, feedback_csv, my_transfers,
    my_transfers_paged, need_progress, needs_without_good_match, pairings_csv, requested_paged, requested_pairings,
)
from app.transfers.states import (
    AWAITING, COMMITTED_STATUSES, EVERYONE, LOAD_STATUSES, OPEN_STATUSES, ORGANISER, ORGANISER_STEPS, POLE,
    RESOURCE, STEP_ACTIONS, STEP_VERBS, SYSTEM, TRANSFER_NEED_KINDS, TRANSITIONS, S, TransferError, answering_side,
)
from app.transfers.step_notices import step_recipients, step_title

__all__ = [
    "ALREADY_OPEN", "AWAITING", "COMMITTED_STATUSES", "EVERYONE", "LOAD_STATUSES", "OPEN_STATUSES", "ORGANISER",
    "ORGANISER_STEPS", "POLE", "RESOURCE", "STEP_ACTIONS", "STEP_VERBS", "SYSTEM", "TRANSFER_NEED_KINDS",
    "TRANSITIONS", "WHY_DECLINED", "WHY_EXCLUDED", "Breakdown", "DayPlan", "Gap", "MyTransfers", "NeedPairs", "S",
    "TransferError", "all_feedback", "answering_side", "all_pairings", "allowed_steps", "awaits", "breakdown", "can_see",
    "cancel_on_departure", "capacity_note", "capacity_use", "check_pair_allowed", "check_proposal", "expire_stale_requests",
    "export_transfers", "facilitators_of", "feedback_csv", "forbid_pair", "give_feedback", "my_transfers", "my_transfers_paged",
    "need_progress", "needs_settled_for", "needs_without_good_match", "organisers", "pairing_by_key", "pairing_load",
    "pairings_csv", "pairs_for_need", "plan_day", "proposal_candidates", "propose_pairing", "refuses_request",
    "remind_pending_requests", "request_transfer", "requested_paged", "requested_pairings", "ruled_out_pairs", "sides_of",
    "step_recipients", "step_title", "transition", "year_start",
]
