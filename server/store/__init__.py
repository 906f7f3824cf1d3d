"""The SQLite store: the Database class and its numbered migrations."""

from server.store.database import Database, StoreClosedError

__all__ = ["Database", "StoreClosedError"]
