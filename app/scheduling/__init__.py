"""Scheduling backbone: slot rules, calendars (.ics and private feeds), the scheduler process."""
