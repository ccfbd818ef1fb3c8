"""What the review services raise besides ``ValidationError`` (400) and ``PermissionDenied`` (403)."""

from applications.services import CaseConflict


class ReviewConflict(CaseConflict):
    """Not possible in the current state (409): a submitted sheet, a decided case, a case not under review."""


class NotConfirmed(ReviewConflict):
    """The reviewer has not yet confirmed that they have no conflict of interest with the case."""


class NotAssigned(Exception):
    """The user has no active assignment on the case (404: the sheet does not exist for them)."""
