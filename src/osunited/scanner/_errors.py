"""Errors a scan reports to its caller. Their message is meant for the person who ran the scan."""


class ScanError(Exception):
    """The scan could not be done (unreadable target, clone failure, unsafe archive...)."""


class LimitExceeded(ScanError):
    """The target is larger or slower than the configured limits allow."""
