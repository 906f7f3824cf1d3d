"""Attendance over HTTP: the facilitators' register, my attendance and certificates, the
programme lead's anonymised report and CSV, supervisors, and certificate verification.

Thin handlers: sign-in, parse, call the action (which consults the permission table), reply.
"""

from __future__ import annotations

import json

from aiohttp import web

from server import payloads
from server.actions import attendance, attendance_report, certificates
from server.http import session
from server.http.api import body, reply
from server.keys import SERVICES
from server.payloads import parse


def _term(request: web.Request) -> dict[str, str]:
    return {k: request.query.get(k, "") for k in ("from", "to")}


def _attachment(text: str, content_type: str, filename: str) -> web.Response:
    return web.Response(text=text, content_type=content_type, charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{filename}"'})


async def group_register(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance.register(request.app[SERVICES], who.user,
                                           request.match_info["group_id"], _term(request)))


async def correct_register(request: web.Request) -> web.Response:
    who = await session.required(request)
    row = await attendance.correct(request.app[SERVICES], who.user,
                                   request.match_info["session_id"],
                                   parse(payloads.Correction, await body(request)))
    return reply(row, status=201)


async def my_attendance(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance.mine(request.app[SERVICES], who.user, _term(request)))


async def my_certificate(request: web.Request) -> web.Response:
    who = await session.required(request)
    document = await certificates.issue(request.app[SERVICES], who.user,
                                        request.match_info["group_id"], _term(request))
    if request.query.get("download"):
        day = document["certificate"]["issued_at"][:10]
        return _attachment(json.dumps(document, indent=2, ensure_ascii=False),
                           "application/json", f"attendance-certificate-{day}.json")
    return reply(document)


async def my_supervisor(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.supervisor(request.app[SERVICES], who.user))


async def set_my_supervisor(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.set_supervisor(request.app[SERVICES], who.user,
                                                        who.user.id,
                                                        parse(payloads.Supervisor,
                                                              await body(request))))


async def set_supervisor(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.set_supervisor(
        request.app[SERVICES], who.user, request.match_info["user_id"],
        parse(payloads.Supervisor, await body(request))))


async def programme_report(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.report(
        request.app[SERVICES], who.user, request.match_info["programme_id"], _term(request)))


async def programme_report_csv(request: web.Request) -> web.Response:
    who = await session.required(request)
    built = await attendance_report.report(request.app[SERVICES], who.user,
                                           request.match_info["programme_id"], _term(request),
                                           via="csv")
    term = built["term"]
    return _attachment(attendance_report.to_csv(built), "text/csv",
                       f"attendance-{term['from']}-to-{term['to']}.csv")


async def programme_settings(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.get_settings(request.app[SERVICES], who.user,
                                                      request.match_info["programme_id"]))


async def change_programme_settings(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.change_settings(
        request.app[SERVICES], who.user, request.match_info["programme_id"],
        parse(payloads.ReportSettings, await body(request))))


async def notify_supervisors(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await attendance_report.notify_supervisors(
        request.app[SERVICES], who.user, request.match_info["programme_id"],
        parse(payloads.NotifySupervisors, await body(request))), status=202)


async def my_certificate_name(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await certificates.certificate_name(request.app[SERVICES], who.user))


async def set_my_certificate_name(request: web.Request) -> web.Response:
    who = await session.required(request)
    return reply(await certificates.set_certificate_name(
        request.app[SERVICES], who.user, parse(payloads.CertificateName, await body(request))))


async def certificate_qr(request: web.Request) -> web.Response:
    # Anyone holding a valid certificate may draw its code (the verify page does too).
    return reply(certificates.qr(request.app[SERVICES],
                                 payloads.certificate(await body(request))))


async def certificate_keys(request: web.Request) -> web.Response:
    return reply({"keys": certificates.published(request.app[SERVICES])})


async def verify(request: web.Request) -> web.Response:
    # Anyone may check a certificate (an assessor need not have an account).
    document = payloads.certificate(await body(request))
    return reply(certificates.verify(request.app[SERVICES], document))


def routes() -> list[web.RouteDef]:
    return [
        web.get("/api/groups/{group_id}/register", group_register, name="group_register"),
        web.post("/api/sessions/{session_id}/register/corrections", correct_register,
                 name="correct_register"),
        web.get("/api/me/attendance", my_attendance, name="my_attendance"),
        web.get("/api/me/certificates/{group_id}", my_certificate, name="my_certificate"),
        web.get("/api/me/supervisor", my_supervisor, name="my_supervisor"),
        web.put("/api/me/supervisor", set_my_supervisor, name="set_my_supervisor"),
        web.put("/api/users/{user_id}/supervisor", set_supervisor, name="set_supervisor"),
        web.get("/api/programmes/{programme_id}/attendance", programme_report,
                name="programme_report"),
        web.get("/api/programmes/{programme_id}/attendance.csv", programme_report_csv,
                name="programme_report_csv"),
        web.get("/api/programmes/{programme_id}/attendance-settings", programme_settings,
                name="programme_attendance_settings"),
        web.put("/api/programmes/{programme_id}/attendance-settings", change_programme_settings,
                name="change_programme_attendance_settings"),
        web.post("/api/programmes/{programme_id}/supervisor-notifications", notify_supervisors,
                 name="notify_supervisors"),
        web.get("/api/me/certificate-name", my_certificate_name, name="my_certificate_name"),
        web.put("/api/me/certificate-name", set_my_certificate_name,
                name="set_my_certificate_name"),
        web.post("/api/certificate-qr", certificate_qr, name="certificate_qr"),
        web.get("/api/certificate-keys", certificate_keys, name="certificate_keys"),
        web.post("/api/verify", verify, name="verify_certificate"),
    ]
