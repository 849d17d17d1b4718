"""Django's Redis cache backend, made to survive a Redis outage.

Django's `RedisCache` lets redis-py's errors through, so with Redis refusing
connections or not answering, every page that reads the cache failed with a
500. This subclass answers a failed call as the cache would answer a miss (a
read finds nothing, a write stores nothing), logs one warning, and then leaves
Redis alone for BACKOFF seconds: calls made meanwhile are misses at once, so a
dead cache does not add its timeout to every request. The first call after the
back-off tries Redis again; if it fails too, one more warning starts another
back-off. So a cache outage costs one timeout and one warning per back-off
period and per process, and the site runs uncached in between.

The back-off is shared by the threads of a process (Django makes one backend
instance per thread) and kept per server address. Short connect and read
timeouts (OPTIONS socket_connect_timeout and socket_timeout, from the
settings) bound the time a failing call takes; redis-py is told not to retry,
which would multiply it.

Only public APIs: the backend's public methods call RedisCache's, and
`BaseCache`'s other methods (get_or_set, decr, the async variants) are built
on these.
"""

import logging
import threading
import time

from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache
from django.core.signals import setting_changed
from django.dispatch import receiver
from redis.backoff import NoBackoff
from redis.exceptions import RedisError
from redis.retry import Retry

logger = logging.getLogger(__name__)

DEFAULT_BACKOFF_SECONDS = 5.0


class Outage:
    """Whether a Redis server is being left alone, until when, for one process."""

    def __init__(self):
        self.lock = threading.Lock()
        self.until = 0.0  # time.monotonic() when Redis may be tried again
        self.down = False

    def skipping(self):
        return time.monotonic() < self.until

    def failed(self, location, error, backoff):
        with self.lock:
            now = time.monotonic()
            if now < self.until:
                return  # another thread has started this back-off and said so
            self.until = now + backoff
            self.down = True
        logger.warning(
            "Cache %s does not answer (%s: %s): pages are served uncached, and the "
            "cache is tried again in %g s.",
            location,
            type(error).__name__,
            error,
            backoff,
        )

    def answered(self, location):
        if self.down:
            with self.lock:
                recovered, self.down = self.down, False
            if recovered:
                logger.warning("Cache %s answers again.", location)


_outages = {}
_outages_lock = threading.Lock()


def outage_of(location):
    with _outages_lock:
        return _outages.setdefault(location, Outage())


@receiver(setting_changed)
def _forget_outages(setting, **kwargs):
    # New cache settings (tests) start without a back-off.
    if setting == "CACHES":
        with _outages_lock:
            _outages.clear()


_MISSING = object()


class FailSoftRedisCache(RedisCache):
    """RedisCache whose failures are misses, with a back-off (see the module)."""

    def __init__(self, server, params):
        options = dict(params.get("OPTIONS", {}))
        self.backoff = float(options.pop("BACKOFF", DEFAULT_BACKOFF_SECONDS))
        # Fail once and back off rather than retry: each retry costs another
        # timeout. (redis-py's pooled connections do not retry today, but its
        # defaults have changed before: 6.0 made a bare Redis() retry 3 times.)
        options.setdefault("retry", Retry(NoBackoff(), 0))
        super().__init__(server, {**params, "OPTIONS": options})
        self.location = server if isinstance(server, str) else ",".join(server)
        self.outage = outage_of(self.location)

    def _call(self, method, fallback, *args, **kwargs):
        if self.outage.skipping():
            return fallback
        try:
            result = method(*args, **kwargs)
        except RedisError as error:
            self.outage.failed(self.location, error, self.backoff)
            return fallback
        self.outage.answered(self.location)
        return result

    def add(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().add, False, key, value, timeout, version)

    def get(self, key, default=None, version=None):
        return self._call(super().get, default, key, default, version)

    def set(self, key, value, timeout=DEFAULT_TIMEOUT, version=None):
        self._call(super().set, None, key, value, timeout, version)

    def touch(self, key, timeout=DEFAULT_TIMEOUT, version=None):
        return self._call(super().touch, False, key, timeout, version)

    def delete(self, key, version=None):
        return self._call(super().delete, False, key, version)

    def get_many(self, keys, version=None):
        return self._call(super().get_many, {}, keys, version)

    def has_key(self, key, version=None):
        return self._call(super().has_key, False, key, version)

    def incr(self, key, delta=1, version=None):
        result = self._call(super().incr, _MISSING, key, delta, version)
        if result is _MISSING:
            # What incr does for a key that is not there.
            raise ValueError(f"Key '{key}' not found (the cache does not answer).")
        return result

    def set_many(self, data, timeout=DEFAULT_TIMEOUT, version=None):
        # The keys that failed to be stored: all of them.
        return self._call(super().set_many, list(data), data, timeout, version)

    def delete_many(self, keys, version=None):
        self._call(super().delete_many, None, keys, version)

    def clear(self):
        return self._call(super().clear, False)
