"""The site's own administration: accounts, organisations, poles' facilitators and merges, the audit log."""
