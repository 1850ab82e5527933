"""Pishkhan Desk core: domain, database, services and the command line. Never imports Qt."""
