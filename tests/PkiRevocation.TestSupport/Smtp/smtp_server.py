#!/usr/bin/python3
"""A real SMTP server for the monitor tests (Debian's python3-aiosmtpd).

usage: smtp_server.py PORT MAILDIR [--cert CERT --key KEY [--implicit-tls]] [--login USER:PASSWORD] [--xoauth2 USER:TOKEN]

Listens on 127.0.0.1:PORT. With --cert/--key it offers STARTTLS and requires it before MAIL, or with --implicit-tls
speaks TLS from the first byte (SMTPS, port 465 style); with --login it offers AUTH (PLAIN, LOGIN) only over TLS and
requires it; with --xoauth2 it also offers XOAUTH2 and accepts exactly that user and bearer token (anything else: 535).
SMTPUTF8 is offered (UTF-8 addresses). Each accepted message is written to MAILDIR/<n>.json
(envelope, decoded headers, text and HTML parts, tls, login) with an atomic rename. While MAILDIR/reject exists, DATA is answered with its
content (default "554 5.7.1 Message rejected by test policy") and nothing is stored. Exits when stdin closes.
"""
import argparse
import base64
import email
import email.policy
import json
import os
import ssl
import sys
import uuid

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import SMTP, AuthResult, LoginPassword


class CaseInsensitiveAuthSMTP(SMTP):
    """RFC 4954: SASL mechanism names are case-insensitive. aiosmtpd 1.4 only knows "LOGIN", while some clients
    sends "AUTH login <user>" (as real servers such as Postfix and Exchange accept), so upper-case the mechanism."""

    async def smtp_AUTH(self, arg):
        if arg:
            parts = arg.split(" ", 1)
            parts[0] = parts[0].upper()
            arg = " ".join(parts)
        return await super().smtp_AUTH(arg)


class TestController(Controller):
    def factory(self):
        return CaseInsensitiveAuthSMTP(self.handler, **self.SMTP_kwargs)


class Handler:
    def __init__(self, maildir, xoauth2=None):
        self.maildir = maildir
        self.xoauth2 = xoauth2

    async def auth_XOAUTH2(self, server, args):
        """XOAUTH2 (Google's and Microsoft's SASL profile): base64("user=U\\x01auth=Bearer T\\x01\\x01")."""
        if self.xoauth2 is None:
            await server.push("504 5.5.4 Unrecognized authentication type")
            return AuthResult(success=False, handled=True)
        if len(args) > 1:
            blob = args[1].encode()
        else:
            blob = await server.challenge_auth("", encode_to_b64=False)
            if not isinstance(blob, bytes):
                return AuthResult(success=False)
            blob = base64.b64encode(blob)
        try:
            fields = dict(part.split("=", 1) for part in base64.b64decode(blob, validate=True).decode().split("\x01") if part)
        except Exception:
            await server.push("501 5.5.2 Can't decode XOAUTH2 initial response")
            return AuthResult(success=False, handled=True)
        user, token = self.xoauth2
        ok = fields.get("user") == user and fields.get("auth") == "Bearer " + token
        return AuthResult(success=ok, handled=False, auth_data=LoginPassword(user.encode(), b"") if ok else None)

    async def handle_DATA(self, server, session, envelope):
        reject = os.path.join(self.maildir, "reject")
        if os.path.exists(reject):
            with open(reject, encoding="utf-8") as f:
                answer = f.read().strip()
            return answer or "554 5.7.1 Message rejected by test policy"
        login = session.auth_data.login.decode() if isinstance(session.auth_data, LoginPassword) else None
        raw = envelope.original_content or envelope.content
        if isinstance(raw, str):
            raw = raw.encode("utf-8")
        message = email.message_from_bytes(raw, policy=email.policy.default)
        text = message.get_body(("plain",))
        html = message.get_body(("html",))
        record = {
            "mailFrom": envelope.mail_from,
            "rcptTos": list(envelope.rcpt_tos),
            "from": str(message["from"] or ""),
            "to": str(message["to"] or ""),
            "subject": str(message["subject"] or ""),
            "messageId": str(message["message-id"] or ""),
            "date": str(message["date"] or ""),
            "contentType": message.get_content_type(),
            "text": text.get_content() if text is not None else None,
            "html": html.get_content() if html is not None else None,
            "tls": session.ssl is not None or server.transport.get_extra_info("ssl_object") is not None,
            "login": login,
        }
        name = uuid.uuid4().hex
        temp = os.path.join(self.maildir, "." + name + ".tmp")
        with open(temp, "w", encoding="utf-8") as f:
            json.dump(record, f)
        os.replace(temp, os.path.join(self.maildir, name + ".json"))
        return "250 2.0.0 Ok: queued as " + name


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("port", type=int)
    parser.add_argument("maildir")
    parser.add_argument("--cert")
    parser.add_argument("--key")
    parser.add_argument("--login")
    parser.add_argument("--xoauth2")
    parser.add_argument("--implicit-tls", action="store_true")
    parser.add_argument("--debug", action="store_true", help="log the SMTP dialogue to stderr")
    args = parser.parse_args()
    if args.debug:
        import logging
        logging.basicConfig(level=logging.DEBUG, stream=sys.stderr)

    kwargs = {}
    controller_kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        if args.implicit_tls:
            controller_kwargs = {"ssl_context": context}
        else:
            kwargs.update(tls_context=context, require_starttls=True)
    xoauth2 = tuple(args.xoauth2.split(":", 1)) if args.xoauth2 else None
    if args.login or xoauth2:
        user, password = args.login.split(":", 1) if args.login else (None, None)

        def authenticator(server, session, envelope, mechanism, auth_data):
            ok = user is not None and isinstance(auth_data, LoginPassword) and auth_data.login.decode() == user and auth_data.password.decode() == password
            return AuthResult(success=ok, handled=False, auth_data=auth_data if ok else None)

        # Over implicit TLS the whole session is encrypted; aiosmtpd only counts STARTTLS as TLS for AUTH.
        kwargs.update(authenticator=authenticator, auth_required=True, auth_require_tls=bool(args.cert) and not args.implicit_tls)

    controller = TestController(Handler(args.maildir, xoauth2), hostname="127.0.0.1", port=args.port, **controller_kwargs, **kwargs)
    controller.start()
    print("listening on 127.0.0.1:%d" % args.port, flush=True)
    try:
        sys.stdin.read()
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
