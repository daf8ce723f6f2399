"""Log filters: a reader's bad request is one line in the log, not a traceback."""

import logging


class ClientErrorsOnOneLine(logging.Filter):
    """Drops the traceback Django attaches to a 4xx it logs (a BadRequest raised for a bad parameter): the
    message already says what was wrong, and tracebacks are for our own errors, the 5xx."""

    def filter(self, record: logging.LogRecord) -> bool:
        if getattr(record, "status_code", 500) < 500:
            record.exc_info = record.exc_text = None
        return True
