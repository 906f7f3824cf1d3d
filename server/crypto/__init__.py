"""Cryptography: note envelopes (client side), data at rest, certificates."""
