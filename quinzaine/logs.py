"""Log lines that say which request went wrong."""

import logging


class RequestFilter(logging.Filter):
    """Give every record a `request_line` ("GET /path/"), empty outside a request."""

    def filter(self, record):
        request = getattr(record, "request", None)
        method = getattr(request, "method", None)
        record.request_line = f"{method} {request.get_full_path()}" if method else "-"
        return True
