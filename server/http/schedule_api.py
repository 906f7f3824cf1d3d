"""Terms, calendars, apologies and reminders over HTTP (server/actions/schedule.py and its
neighbours). Thin handlers: sign-in, parse, call the action (which checks permission), reply.

The calendar feed (`GET /calendar/{token}.ics`) is the one route here without a sign-in: a
calendar app fetches it with the URL's secret token and no cookie.
"""

from __future__ import annotations

from aiohttp import web

from server import payloads
from server.actions import apologies, calendar, reminders, schedule
from server.http import session
from server.http.api import body, reply
from server.keys import SERVICES
from server.payloads import parse

ICS = "text/calendar"


async def group_schedule(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.view(request.app[SERVICES], who.user,
                                     request.match_info["group_id"]))


async def change_schedule_settings(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.change_settings(
        request.app[SERVICES], who.user, request.match_info["group_id"],
        parse(payloads.ScheduleSettings, await body(request))))


async def add_term(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.add_term(request.app[SERVICES], who.user,
                                         request.match_info["group_id"],
                                         parse(payloads.NewTerm, await body(request))),
                 status=201)


async def add_scheduled(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.add_session(request.app[SERVICES], who.user,
                                            request.match_info["group_id"],
                                            parse(payloads.NewScheduled, await body(request))),
                 status=201)


async def move_scheduled(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.move(request.app[SERVICES], who.user,
                                     request.match_info["scheduled_id"],
                                     parse(payloads.NewScheduled, await body(request))))


async def cancel_scheduled(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.cancel(request.app[SERVICES], who.user,
                                       request.match_info["scheduled_id"]))


async def open_scheduled(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.open_early(request.app[SERVICES], who.user,
                                           request.match_info["scheduled_id"]), status=201)


async def send_apologies(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await apologies.send(request.app[SERVICES], who.user,
                                      request.match_info["scheduled_id"],
                                      parse(payloads.Apologies, await body(request))))


async def withdraw_apologies(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await apologies.withdraw(request.app[SERVICES], who.user,
                                          request.match_info["scheduled_id"]))


async def my_schedule(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await schedule.upcoming(request.app[SERVICES], who.user))


async def group_calendar(request: web.Request) -> web.Response:
    who = await session.required(request)
    data, filename = await calendar.group_file(request.app[SERVICES], who.user,
                                               request.match_info["group_id"])
    return web.Response(body=data, content_type=ICS, charset="utf-8", headers={
        "Content-Disposition": f'attachment; filename="{filename}"'})


async def calendar_feed(request: web.Request) -> web.Response:
    data = await calendar.feed(request.app[SERVICES], request.match_info["token"])
    # Calendar apps poll; nothing here may sit in a shared cache under someone else's URL.
    return web.Response(body=data, content_type=ICS, charset="utf-8",
                        headers={"Cache-Control": "private, no-store"})


async def my_calendar_feed(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await calendar.feed_status(request.app[SERVICES], who.user))


async def new_calendar_feed(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await calendar.new_feed(request.app[SERVICES], who.user), status=201)


async def revoke_calendar_feed(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await calendar.revoke_feed(request.app[SERVICES], who.user))


async def my_reminders(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await reminders.settings(request.app[SERVICES], who.user))


async def set_my_reminders(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await reminders.change_settings(
        request.app[SERVICES], who.user, parse(payloads.ReminderSettings, await body(request))))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/groups/{group_id}/schedule", group_schedule, name="group_schedule"),
        web.put("/api/groups/{group_id}/schedule-settings", change_schedule_settings,
                name="change_schedule_settings"),
        web.post("/api/groups/{group_id}/terms", add_term, name="add_term"),
        web.post("/api/groups/{group_id}/scheduled", add_scheduled, name="add_scheduled"),
        web.get("/api/groups/{group_id}/calendar.ics", group_calendar, name="group_calendar"),
        web.put("/api/scheduled/{scheduled_id}", move_scheduled, name="move_scheduled"),
        web.post("/api/scheduled/{scheduled_id}/cancel", cancel_scheduled,
                 name="cancel_scheduled"),
        web.post("/api/scheduled/{scheduled_id}/open", open_scheduled, name="open_scheduled"),
        web.put("/api/scheduled/{scheduled_id}/apologies", send_apologies,
                name="send_apologies"),
        web.delete("/api/scheduled/{scheduled_id}/apologies", withdraw_apologies,
                   name="withdraw_apologies"),
        web.get("/api/me/schedule", my_schedule, name="my_schedule"),
        web.get("/api/me/calendar-feed", my_calendar_feed, name="my_calendar_feed"),
        web.post("/api/me/calendar-feed", new_calendar_feed, name="new_calendar_feed"),
        web.delete("/api/me/calendar-feed", revoke_calendar_feed, name="revoke_calendar_feed"),
        web.get("/api/me/reminders", my_reminders, name="my_reminders"),
        web.put("/api/me/reminders", set_my_reminders, name="set_my_reminders"),
        web.get("/calendar/{token}.ics", calendar_feed, name="calendar_feed"),
    ]
