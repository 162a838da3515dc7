"""Errors that carry a Dutch message meant for the facilitator.

Every refusal the user can cause (bad input, a locked or corrupt session, a full disk) is
a KaartError: the CLI prints its message and exits 1, the app shows it in a notification.
Anything else is a bug and may show a traceback.
"""


class KaartError(Exception):
    """A refusal with a message a facilitator can act on."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message

    def __str__(self) -> str:
        return self.message


class DomainError(KaartError):
    """A rule of the card was broken (empty text, unknown participant, ...)."""
