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


def describe_os_error(error: OSError, reading: bool = False) -> str:
    """Dutch words for the OS errors a facilitator can cause or meet: the system's own
    text ("Is a directory") is English on most laptops and says little to them."""
    import errno

    reasons = {
        errno.ENOSPC: "de schijf is vol",
        errno.EDQUOT: "de schijfruimte (quotum) is op",
        errno.EACCES: "geen leesrechten" if reading else "geen schrijfrechten",
        errno.EPERM: "geen leesrechten" if reading else "geen schrijfrechten",
        errno.EROFS: "de schijf is alleen-lezen",
        errno.ENOENT: "het bestand of de map bestaat niet (meer)",
        errno.EISDIR: "dat is een map, geen bestand",
        errno.ENOTDIR: "een deel van het pad is geen map",
        errno.ELOOP: "het pad verwijst in een kring naar zichzelf (snelkoppelingen)",
        errno.ENAMETOOLONG: "de naam of het pad is te lang",
        errno.EEXIST: "er bestaat al een bestand met die naam",
        errno.EBUSY: "het bestand is in gebruik door een ander programma",
        errno.ETXTBSY: "het bestand is in gebruik door een ander programma",
        errno.EMFILE: "te veel geopende bestanden",
        errno.ENFILE: "te veel geopende bestanden",
        errno.EIO: "de schijf gaf een leesfout (is de USB-stick verwijderd?)",
        errno.ENXIO: "het apparaat is er niet (meer)",
        errno.ENODEV: "het apparaat is er niet (meer)",
        errno.EINVAL: "de naam of het pad is ongeldig",
        errno.EXDEV: "verplaatsen tussen twee schijven lukt niet",
        errno.ENOTEMPTY: "de map is niet leeg",
        errno.EFBIG: "het bestand is te groot",
    }
    if isinstance(error, PermissionError) and error.errno not in reasons:
        return "geen leesrechten" if reading else "geen schrijfrechten"
    reason = reasons.get(error.errno)
    if reason is None:
        # Unknown codes (Windows' own among them) get a Dutch sentence with the number,
        # never the English system text.
        code = getattr(error, "winerror", None) or error.errno
        reason = f"de computer weigerde het (foutcode {code})" if code else \
            "de computer weigerde het"
    return reason
