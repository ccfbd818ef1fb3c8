"""The cache every process shares (Redis in production, local memory in a run without it), for what must cost at
most one round trip on a hot path: a rate-limit count (portal/throttling.py) and the stamps by which each process
knows whether what it keeps in memory is still current (programs/rulesets.py).

On Redis each is one Lua script call on a client made once per cache client (Django's cache makes a client, and
a pipeline its own, on every call). A stamp that an app watches (stamp_watch) is read in the same call as the
rate-limit count, and kept for the rest of that request only: a calculator that reads it costs no second round
trip. Any other cache answers through Django's cache API. The errors of an unavailable Redis reach the caller
(RedisError, OSError)."""

import os
import threading
import weakref

from django.core.cache import cache

_COUNT = """
local count = redis.call('INCR', KEYS[1])
if count == 1 then redis.call('EXPIRE', KEYS[1], ARGV[1]) end
local out = {count, redis.call('GET', KEYS[2]) or 0}
for i = 3, #KEYS do
  local stamp = redis.call('GET', KEYS[i])
  if not stamp then
    stamp = ARGV[i - 1]
    redis.call('SET', KEYS[i], stamp)
  end
  out[i] = stamp
end
return out
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
_watched: list[str] = []
_read_with_count = threading.local()  # .stamps: {name: stamp} read along with this request's rate-limit count


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


def _fresh() -> str:
    """A new stamp: random, never one a process may still keep something under."""
    return os.urandom(12).hex()


def count_hit(key: str, previous_key: str, ttl: int) -> tuple[int, int]:
    """Count one request under ``key`` (which expires ``ttl`` seconds after its first count): (its count, the
    count under ``previous_key``). The watched stamps are read in the same round trip."""
    scripts = _scripts()
    if scripts is None:
        cache.add(key, 0, ttl)
        return cache.incr(key), cache.get(previous_key, 0)
    client, count, _stamp = scripts
    keys = [cache.make_and_validate_key(name) for name in (key, previous_key, *_watched)]
    hits, previous, *stamps = count(keys=keys, args=[ttl, *(_fresh() for _ in _watched)], client=client)
    _read_with_count.stamps = {name: stamp.decode() for name, stamp in zip(_watched, stamps, strict=True)}
    return int(hits), int(previous)


def stamp_watch(name: str) -> None:
    """Read the stamp ``name`` with every rate-limit count (an app's ready(): a calculator reads it)."""
    if name not in _watched:
        _watched.append(name)


def stamps_drop(**_kwargs) -> None:
    """Forget the stamps read with a rate-limit count: at the start and the end of every request
    (portal/apps.py), so that none outlives the request that read it."""
    _read_with_count.stamps = {}


def stamp_read(name: str) -> str:
    """The current stamp of ``name``: a random token, made when there is none, the same for every process until
    stamp_renew(name). Read with this request's rate-limit count when watched, else one round trip."""
    kept = getattr(_read_with_count, "stamps", None)
    if kept and name in kept:
        return kept.pop(name)
    scripts = _scripts()
    fresh = _fresh()
    if scripts is None:
        return fresh if cache.add(name, fresh, timeout=None) else cache.get(name, fresh)
    client, _count, stamp = scripts
    return stamp(keys=[cache.make_and_validate_key(name)], args=[fresh], client=client).decode()


def stamp_renew(name: str) -> None:
    """Whatever a process keeps under the current stamp of ``name`` is out of date: the next stamp_read makes a
    new one."""
    stamps_drop()
    scripts = _scripts()
    if scripts is None:
        cache.delete(name)
        return
    client, _count, _stamp = scripts
    client.delete(cache.make_and_validate_key(name))
