"""Juri-PTCE: booking lawyer slots, waitlists, the lawyer's afternoon."""
