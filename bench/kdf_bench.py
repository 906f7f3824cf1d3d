"""Passphrase guesses per second per CPU core: key backup v1 (PBKDF2) against v2 (scrypt).

    .venv/bin/python bench/kdf_bench.py [--seconds 5]

Runs each KDF exactly as server/crypto/envelope.py does (OpenSSL through `cryptography`), on one
thread, for about --seconds each, and prints guesses/second/core. This is what an attacker's CPU
core achieves; on a GPU, PBKDF2-SHA256 scales to thousands of guesses a second (it needs no
memory), while scrypt at N=2^17, r=8 needs 128 MiB per guess in flight, which is what limits a
GPU or ASIC attacker. Read the ratio, not the absolute numbers: a laptop core and a cloud core
differ.
"""

from __future__ import annotations

import argparse
import os
import time
from collections.abc import Callable

from server.crypto import envelope as E
from server.crypto import key_backup


def rate(derive: Callable[[bytes], object], seconds: float) -> float:
    """Guesses per second of `derive` on this thread (one core)."""
    derive(b"warm-up")
    n = 0
    start = time.perf_counter()
    while (elapsed := time.perf_counter() - start) < seconds or n < 2:
        derive(f"guess {n}".encode())
        n += 1
    return n / elapsed


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seconds", type=float, default=5.0)
    args = parser.parse_args()
    salt = os.urandom(E.SALT_BYTES)

    def pbkdf2(guess: bytes) -> object:
        return key_backup._backup_key(guess.decode(), salt, E.PBKDF2_ITERATIONS)

    def scrypt(guess: bytes) -> object:
        return E.scrypt_backup_key(guess.decode(), salt, E.SCRYPT_N)

    old = rate(pbkdf2, args.seconds)
    new = rate(scrypt, args.seconds)
    print(f"v1 PBKDF2-HMAC-SHA256, {E.PBKDF2_ITERATIONS:,} iterations: "
          f"{old:8.2f} guesses/second/core")
    print(f"v2 scrypt N=2^{E.SCRYPT_N.bit_length() - 1}, r={E.SCRYPT_R}, p={E.SCRYPT_P} "
          f"(128 MiB each):  {new:8.2f} guesses/second/core")
    print(f"scrypt is {old / new:.1f}x slower per guess on a CPU core, and needs 128 MiB of "
          "memory per guess, which PBKDF2 does not")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
