"""One error type for everything a user can get wrong.

Each error has a stable `code` (clients and tests match on it), an HTTP status and a plain-English
message a GP trainee can act on. Logs record the code, never the message's subject matter.
"""

from __future__ import annotations

from typing import Any


class AppError(Exception):
    def __init__(
        self, code: str, message: str, status: int = 400, details: dict[str, Any] | None = None
    ) -> None:
        super().__init__(code)
        self.code = code
        self.message = message
        self.status = status
        self.details = details  # what the client needs to act on it (e.g. the rules to accept)

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"code": self.code, "message": self.message}
        if self.details is not None:
            out["details"] = self.details
        return out


def bad_request(message: str, code: str = "bad_request") -> AppError:
    return AppError(code, message, 400)


def not_signed_in() -> AppError:
    return AppError("not_signed_in", "Please sign in to continue.", 401)


def forbidden(code: str, message: str) -> AppError:
    return AppError(code, message, 403)


def not_found(code: str, message: str) -> AppError:
    return AppError(code, message, 404)


def ok(data: Any = None) -> dict[str, Any]:
    """The one success shape for socket acknowledgements."""
    return {"ok": True, "data": data}


def failed(error: AppError) -> dict[str, Any]:
    """The one failure shape for socket acknowledgements."""
    return {"ok": False, "error": error.to_dict()}
