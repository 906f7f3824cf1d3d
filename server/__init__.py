"""Balint Rooms: confidential real-time rooms for Balint and peer-support groups."""
