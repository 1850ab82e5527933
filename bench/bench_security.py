"""What one PIN guess costs an attacker holding a copy of the database AND its journal key (issue 9).

A PIN hash is argon2id (app/security.py's parameters) over HMAC(pepper, PIN), the pepper derived from
the journal key, which lives outside the database. With the key, each guess costs one full argon2id
verification: `pin_guess_ms` is the app's `check_pin`, beside the floor of the attacker's own loop —
argon2-cffi's raw argon2id with the same parameters (no encoding, no parsing of the stored hash).
From the floor (the attacker's cheapest guess) on one core of this machine: every 4-digit PIN
(10^4) and every 6-digit PIN (10^6). Without the key there is no search at all: the guesses cannot
even be formed, since every PIN is hashed under a secret 256-bit pepper.
"""
from __future__ import annotations

import hashlib
import hmac
from collections.abc import Iterator
from typing import Any

from bench.common import metric, paired


def metrics() -> Iterator[dict[str, Any]]:
    from argon2.low_level import Type, hash_secret_raw

    from app import security
    from app.security import check_pin, hash_pin

    pepper = bytes(range(32))
    stored = hash_pin("4821", pepper)
    params = security._hasher  # the app's own parameters
    salt = bytes(16)

    def attacker_guess() -> None:
        secret = hmac.new(pepper, b"4821", hashlib.sha256).hexdigest().encode()
        hash_secret_raw(secret, salt, time_cost=params.time_cost, memory_cost=params.memory_cost,
                        parallelism=params.parallelism, hash_len=params.hash_len, type=Type.ID)

    a, b = paired(lambda: check_pin(stored, "4821", pepper), attacker_guess, runs=11, warmup=1)
    guess_s = b.p50 / 1000
    yield metric("pin_guess_ms", a.p50, b.p50, runs=len(a.samples), p95=a.p95,
                 argon2=f"argon2id m={params.memory_cost} KiB t={params.time_cost} p={params.parallelism}",
                 floor_kind="the attacker's raw argon2id call with the same parameters",
                 note="login target ≤ 300 ms on a counter PC")
    for digits in (4, 6):
        space = 10 ** digits
        yield metric(f"pin_search_{digits}_digits_s", guess_s * space, None, "s", guesses=space,
                     hours=round(guess_s * space / 3600, 2), days=round(guess_s * space / 86400, 2),
                     note="every PIN of that length on one core, with the database AND the journal key "
                          "(the pepper); without the key the search is impossible")


if __name__ == "__main__":
    from bench.common import emit

    for row in metrics():
        emit(row)
