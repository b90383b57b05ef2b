"""Whole-database backup and restore (``entrepairs export`` / ``entrepairs import``)."""
