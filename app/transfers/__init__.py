"""Know-how transfers (TSF): the pairing lifecycle, Avise's batch console, feedback and follow-up."""
