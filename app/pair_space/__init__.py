"""The pair's conversation on a validated transfer, and the contact details each side agreed to share."""
