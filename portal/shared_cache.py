"""The cache every process shares (Redis in production, local memory in a run without it), for what must be one
round trip on a hot path: a rate-limit count (portal/throttling.py) and the stamps by which each process knows
whether what it keeps in memory is still current (programs/rulesets.py). Each is one Lua script call on a Redis
client made once per process (Django's cache makes a client, and a pipeline its own, on every call); any other
cache answers through Django's cache API. Errors of an unavailable Redis reach the caller (RedisError, OSError)."""

import uuid
import weakref

from django.core.cache import cache

_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
return {count, redis.call('GET', KEYS[2]) or 0}
"""
_STAMP = """
local stamp = redis.call('GET', KEYS[1])
if not stamp then
  stamp = ARGV[1]
  redis.call('SET', KEYS[1], stamp)
end
return stamp
"""

# per cache client (one per process, or per thread of a threaded worker; a new one when the settings change)
_made: weakref.WeakKeyDictionary = weakref.WeakKeyDictionary()


def _scripts():
    """(client, count script, stamp script) on the default cache's Redis, or None when the cache is not Redis."""
    backend = getattr(cache, "_cache", None)
    if not hasattr(backend, "get_client"):
        return None
    made = _made.get(backend)
    if made is None:
        client = backend.get_client(write=True)  # thread-safe: its pool hands out a connection per command
        made = _made[backend] = (client, client.register_script(_COUNT), client.register_script(_STAMP))
    return made


def count_hit(key: str, previous_key: str, ttl: int) -> tuple[int, int]:
    """Count one request under ``key`` (which expires ``ttl`` seconds after its first count): (its count, the
    count under ``previous_key``)."""
    scripts = _scripts()
    if scripts is None:
        cache.add(key, 0, ttl)
        return cache.incr(key), cache.get(previous_key, 0)
    client, count, _stamp = scripts
    hits, previous = count(
        keys=[cache.make_and_validate_key(key), cache.make_and_validate_key(previous_key)], args=[ttl], client=client
    )
    return int(hits), int(previous)


def stamp_read(name: str) -> str:
    """The current stamp of ``name``: a random token, made when there is none, the same for every process until
    stamp_renew(name)."""
    scripts = _scripts()
    fresh = uuid.uuid4().hex
    if scripts is None:
        return fresh if cache.add(name, fresh, timeout=None) else cache.get(name, fresh)
    client, _count, stamp = scripts
    return stamp(keys=[cache.make_and_validate_key(name)], args=[fresh], client=client).decode()


def stamp_renew(name: str) -> None:
    """Whatever a process keeps under the current stamp of ``name`` is out of date: the next stamp_read makes a
    new one."""
    scripts = _scripts()
    if scripts is None:
        cache.delete(name)
        return
    client, _count, _stamp = scripts
    client.delete(cache.make_and_validate_key(name))
