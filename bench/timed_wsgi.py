"""The site's WSGI application, as site_bench.py serves it: each response
also says which worker process answered (X-Bench-Worker: its pid) and how
long the application took (X-Bench-Server-Ms: from the call until Django
starts the response, after it has rendered the page). Bench only: the site
itself never sends these headers.

    gunicorn --pythonpath bench timed_wsgi
"""

import os
import time

from filmsite.wsgi import application as site


def application(environ, start_response):
    started = time.perf_counter()

    def timed_start_response(status, headers, exc_info=None):
        elapsed = (time.perf_counter() - started) * 1000
        headers = [
            *headers,
            ("X-Bench-Worker", str(os.getpid())),
            ("X-Bench-Server-Ms", f"{elapsed:.3f}"),
        ]
        return start_response(status, headers, exc_info)

    return site(environ, timed_start_response)
