"""Learning visits (*visites apprenantes*): suggested themes, hosts, invitations, the two days, feedback."""
