"""Login throttling and lockout, and Argon2 off the event loop.

Why: without them one client guessed 1.8 passwords a second, and eight guessing clients
slowed a reviewer's pages from 10 ms to 2.8 s, because Argon2 ran on the event loop.

- Every login attempt is counted against its account name and its client address, as
  soon as it is let through (so a burst of parallel guesses cannot slip in before the
  first failure is known); a success clears the account's count and takes back its own
  attempt from the address's.
- Past ``free_attempts`` each further attempt opens a wait that doubles, up to
  ``max_delay_s``; an attempt during the wait is refused at once, with no hash checked.
- After ``lockout_after`` attempts in a row the key is locked for ``lockout_s``: even the
  right password is refused. Unknown account names are counted exactly like real ones,
  so neither the wait nor the lockout tells whether an account exists.
- Counts are forgotten after ``forget_after_s`` without an attempt, and kept in memory
  only (a restart of the app clears them; at most ``MAX_TRACKED`` keys are kept, the
  least recently seen dropped first).
- Argon2 runs in worker threads, at most ``ARGON2_THREADS`` at once; at most
  ``MAX_QUEUED_CHECKS`` more wait, and beyond that an attempt is refused as busy.
"""

from __future__ import annotations

import math
import time
from collections import OrderedDict
from collections.abc import Callable
from dataclasses import dataclass, field

import anyio
import anyio.to_thread

from leakmap.i18n import gettext, ngettext
from leakmap.store.users import PasswordCheck, check_password

ARGON2_THREADS = 2
MAX_QUEUED_CHECKS = 8
MAX_TRACKED = 10_000


@dataclass(frozen=True, slots=True)
class ThrottlePolicy:
    """How attempts on one key (account name or client address) are slowed and locked.

    ``lockout_after`` of ``None``: never locked, only slowed. Durations in seconds.
    """

    free_attempts: int
    first_delay_s: float = 1.0
    max_delay_s: float = 30.0
    lockout_after: int | None = None
    lockout_s: float = 15 * 60.0
    forget_after_s: float = 15 * 60.0

    def delay_after(self, attempts: int) -> float:
        """The wait before the next attempt, once ``attempts`` were let through."""
        if attempts < self.free_attempts:
            return 0.0
        doublings = min(attempts - self.free_attempts, 16)
        return min(self.first_delay_s * 2**doublings, self.max_delay_s)


ACCOUNT_POLICY = ThrottlePolicy(free_attempts=3, max_delay_s=30.0, lockout_after=10)
ADDRESS_POLICY = ThrottlePolicy(free_attempts=5, max_delay_s=60.0)


@dataclass(frozen=True, slots=True)
class LoginRefusal:
    """Why an attempt is not checked: a wait (``locked`` false) or a lockout, and how long."""

    retry_after_s: int
    locked: bool

    @property
    def message(self) -> str:
        """What the login page says: the same whether or not the account exists."""
        if self.locked:
            minutes = max(1, math.ceil(self.retry_after_s / 60))
            locked = ngettext(
                "Too many failed attempts for this account name: it is locked for "
                "{minutes} minute. Ask the case's administrator if you cannot wait.",
                "Too many failed attempts for this account name: it is locked for "
                "{minutes} minutes. Ask the case's administrator if you cannot wait.",
                minutes,
            )
            return locked.format(minutes=minutes)
        wait = gettext("Too many failed attempts: wait {seconds} s before trying again.")
        return wait.format(seconds=self.retry_after_s)


@dataclass(slots=True)
class _Count:
    attempts: int = 0
    not_before: float = 0.0
    locked_until: float = 0.0
    last_seen: float = 0.0


@dataclass(slots=True)
class _Counts:
    policy: ThrottlePolicy
    by_key: OrderedDict[str, _Count] = field(default_factory=OrderedDict)

    def current(self, key: str, now: float) -> _Count:
        count = self.by_key.get(key)
        if count is None or (
            now - count.last_seen > self.policy.forget_after_s and now >= count.locked_until
        ):
            count = _Count()
        self.by_key[key] = count
        self.by_key.move_to_end(key)
        while len(self.by_key) > MAX_TRACKED:
            self.by_key.popitem(last=False)
        return count

    def refusal(self, count: _Count, now: float) -> LoginRefusal | None:
        if now < count.locked_until:
            return LoginRefusal(math.ceil(count.locked_until - now), locked=True)
        if now < count.not_before:
            return LoginRefusal(math.ceil(count.not_before - now), locked=False)
        return None

    def admit(self, count: _Count, now: float) -> None:
        count.attempts += 1
        count.last_seen = now
        count.not_before = now + self.policy.delay_after(count.attempts)
        lockout = self.policy.lockout_after
        if lockout is not None and count.attempts >= lockout:
            count.locked_until = now + self.policy.lockout_s
            count.attempts = 0


class LoginThrottle:
    """Counts of login attempts per account name and per client address (one per app).

    ``clock`` gives monotonic seconds; tests pass one they move by hand.
    """

    def __init__(
        self,
        *,
        account: ThrottlePolicy = ACCOUNT_POLICY,
        address: ThrottlePolicy = ADDRESS_POLICY,
        clock: Callable[[], float] = time.monotonic,
    ) -> None:
        self._accounts = _Counts(account)
        self._addresses = _Counts(address)
        self._clock = clock

    def admit(self, account: str, address: str) -> LoginRefusal | None:
        """Let one attempt through (counting it), or say why not: the longer refusal wins."""
        now = self._clock()
        counts = (
            (self._accounts, self._accounts.current(account, now)),
            (self._addresses, self._addresses.current(address, now)),
        )
        refusals = [r for counter, c in counts if (r := counter.refusal(c, now)) is not None]
        if refusals:
            return max(refusals, key=lambda r: (r.locked, r.retry_after_s))
        for counter, count in counts:
            counter.admit(count, now)
        return None

    def succeeded(self, account: str, address: str) -> None:
        """A right password: the account starts afresh, the address gets its attempt back."""
        now = self._clock()
        self._accounts.by_key.pop(account, None)
        count = self._addresses.current(address, now)
        count.attempts = max(0, count.attempts - 1)
        count.not_before = now + self._addresses.policy.delay_after(count.attempts)


class PasswordChecks:
    """Argon2 verifications in worker threads, a few at a time, with a bounded queue.

    Created inside the running event loop (the app's lifespan): anyio's limiter belongs
    to it.
    """

    def __init__(self, *, threads: int = ARGON2_THREADS, queued: int = MAX_QUEUED_CHECKS) -> None:
        self._limiter = anyio.CapacityLimiter(threads)
        self._queued = queued

    @property
    def is_full(self) -> bool:
        """Whether every thread is busy and the queue is full: refuse, do not wait."""
        stats = self._limiter.statistics()
        return stats.borrowed_tokens >= stats.total_tokens and stats.tasks_waiting >= self._queued

    @property
    def in_flight(self) -> int:
        """Verifications running now (tests wait on it to catch one in the act)."""
        return int(self._limiter.statistics().borrowed_tokens)

    async def check(self, stored: str, password: str) -> PasswordCheck:
        """``check_password`` in a worker thread, the event loop free meanwhile."""
        return await anyio.to_thread.run_sync(
            check_password, stored, password, limiter=self._limiter
        )
