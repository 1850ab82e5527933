"""The `pishkhan` command line: a stable contract for tests, scripts and the office's IT.

One package at the edge (the composition root): `parser` builds the command line from each group's
`register`; each group's handlers parse their arguments, call one service and say what happened
(`io` has what they share). Only these modules may reach into `printing` and, for the window, `ui`
— lazily, inside a handler.
"""
from app.cli.main import main

__all__ = ["main"]
