"""Two kinds of failure: a user error (shown as is, translated) and a bug (logged)."""
from __future__ import annotations

from app.i18n import _


class UserError(Exception):
    """Bad or refused input. Nothing was changed. Exit code 2 on the command line."""

    exit_code = 2

    def __init__(self, text: str, /, **params: object) -> None:
        self.text = text
        self.params = params
        super().__init__(text.format(**params) if params else text)

    def message(self) -> str:
        return _(self.text, **self.params)


class AuthError(UserError):
    """Wrong PIN, unknown user, locked or inactive account."""


class PermissionDenied(UserError):
    """The role may not do this."""


class CheckFailed(UserError):
    """A check (verify, restore) found a problem. Exit code 1."""

    exit_code = 1
