"""Developer tools (not shipped, not imported by the program): `python -m tools.catalogues`."""
