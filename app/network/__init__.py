"""The network seen at a glance: the map of poles, statistics and the regional views (issue 8)."""
