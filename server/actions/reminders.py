"""Email reminders of scheduled sessions: the day before and an hour before.

Sent through the SMTP relay the deployment configures (`BALINT_SMTP_*`); without one nothing is
sent and the page says reminders are off. A person gives the address they want reminders at
and can turn them off. The email holds a link to the home page and nothing else: no group
name, no names, nothing said (an inbox is read on shared and lost phones). Someone who sent
apologies for the session gets no reminder of it.

Sending uses the standard library's smtplib in a worker thread (`asyncio.to_thread`): a few
emails an hour need no extra dependency, and the thread keeps the event loop free while a slow
relay answers. Each reminder is recorded before it is handed to the relay, so with several
workers, or a crash in between, nobody gets the same reminder twice (at most once).
"""

from __future__ import annotations

import asyncio
import logging
import smtplib
import ssl
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from server import validate
from server.actions.accounts import User
from server.config import Config
from server.keys import Services
from server.payloads import ReminderSettings

log = logging.getLogger("balint.reminders")

DAY, HOUR = 24 * 3600, 3600
WORDS = {"day": "tomorrow", "hour": "in an hour"}


def available(config: Config) -> bool:
    return bool(config.smtp_host)


async def settings(svc: Services, user: User) -> dict[str, Any]:
    row = await svc.db.fetch_one(
        "SELECT email, enabled FROM reminder_settings WHERE user_id = ?", (user.id,))
    return {"available": available(svc.config),
            "email": row["email"] if row else "", "enabled": bool(row and row["enabled"])}


async def change_settings(svc: Services, user: User, data: ReminderSettings) -> dict[str, Any]:
    """Where I want reminders, and whether I want them at all."""
    email = validate.email_address(data.email, "email address", "your")
    await svc.db.execute_write(
        "INSERT INTO reminder_settings (user_id, email, enabled, updated_at) VALUES (?, ?, ?, ?)"
        " ON CONFLICT (user_id) DO UPDATE SET email = excluded.email,"
        " enabled = excluded.enabled, updated_at = excluded.updated_at",
        (user.id, email, int(data.enabled), svc.clock.now()))
    return await settings(svc, user)


def message(config: Config, to: str, kind: str) -> EmailMessage:
    """A reminder: when, and a link. Nothing about the group or anyone in it."""
    mail = EmailMessage()
    mail["From"] = config.smtp_from
    mail["To"] = to
    mail["Subject"] = f"Reminder: a Balint session {WORDS[kind]}"
    mail["Date"] = formatdate(localtime=False)
    mail["Message-ID"] = make_msgid(domain=config.smtp_from.rpartition("@")[2] or None)
    home = config.base_url + "/"
    mail.set_content(
        f"You have a Balint group session {WORDS[kind]}.\n\n"
        f"The time, and the way in, are on your home page:\n{home}\n\n"
        "You can turn these reminders off there, under Reminders.\n")
    return mail


def _deliver(config: Config, mails: list[EmailMessage]) -> int:
    """One connection to the relay for a batch (runs in a worker thread)."""
    with smtplib.SMTP(config.smtp_host, config.smtp_port, timeout=30) as relay:
        if config.smtp_starttls:
            relay.starttls(context=ssl.create_default_context())
        if config.smtp_user:
            relay.login(config.smtp_user, config.smtp_password)
        for mail in mails:
            relay.send_message(mail)
    return len(mails)


async def send_due(svc: Services) -> int:
    """Send the reminders due now (the scheduler's tick); how many were handed to the relay.

    Due: a scheduled session starting within a day gets its day-before reminder, within an hour
    its hour-before one. A session added or moved to under an hour away gets only the latter.
    """
    if not available(svc.config):
        return 0
    now = svc.clock.now()
    slots = await svc.db.fetch_all(
        "SELECT id, group_id, starts_at FROM scheduled_sessions WHERE status = 'scheduled'"
        " AND session_id IS NULL AND starts_at > ? AND starts_at <= ?", (now, now + DAY))
    mails = []
    for slot in slots:
        kind = "hour" if slot["starts_at"] - now <= HOUR else "day"
        people = await svc.db.fetch_all(
            "SELECT m.user_id, r.email FROM memberships m JOIN reminder_settings r"
            " ON r.user_id = m.user_id AND r.enabled = 1 WHERE m.group_id = ?1"
            " AND NOT EXISTS (SELECT 1 FROM apologies a WHERE a.scheduled_id = ?2"
            "                 AND a.user_id = m.user_id)"
            " AND NOT EXISTS (SELECT 1 FROM reminders_sent s WHERE s.scheduled_id = ?2"
            "                 AND s.user_id = m.user_id AND s.kind = ?3)",
            (slot["group_id"], slot["id"], kind))
        for person in people:
            async with svc.db.write() as conn:
                cur = await conn.execute(
                    "INSERT OR IGNORE INTO reminders_sent (scheduled_id, user_id, kind, sent_at)"
                    " VALUES (?, ?, ?, ?)", (slot["id"], person["user_id"], kind, now))
                claimed = cur.rowcount == 1  # another worker may have taken it first
            if claimed:
                mails.append(message(svc.config, person["email"], kind))
    if not mails:
        return 0
    try:
        sent = await asyncio.to_thread(_deliver, svc.config, mails)
    except (OSError, smtplib.SMTPException) as err:
        # Recorded as sent already: a relay that is down loses these, never repeats them.
        log.warning("event=reminders outcome=failed count=%d error=%s", len(mails),
                    type(err).__name__)
        return 0
    log.info("event=reminders outcome=sent count=%d", sent)
    return sent
