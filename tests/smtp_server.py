#!/usr/bin/python3
"""A real SMTP server on loopback for Tandem's e-mail tests (Debian's aiosmtpd).

STARTTLS (required when --cert is given) and AUTH PLAIN/LOGIN (required when
--user is given). Every accepted message is written to DIR as N.eml, and what
Python's own MIME parser (an independent reader) makes of it as N.json:
headers, the parts with their types and decoded text, and any defects.
Refusals for testing: recipients starting with "reject" get 550, "tempfail"
451; --fail-first N answers the first N messages' DATA with 451.

  /usr/bin/python3 tests/smtp_server.py --dir DIR [--port P] [--cert C --key K]
                                        [--user U --password P] [--fail-first N]
Prints "listening on PORT" once it accepts connections; stops on SIGTERM.
"""
import argparse, json, os, signal, socket, ssl, sys, threading
from email import policy
from email.parser import BytesParser
from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

args = None
lock = threading.Lock()
count = 0
fail_first = 0


def summary(raw):
    msg = BytesParser(policy=policy.default).parsebytes(raw)
    parts = []
    for part in msg.walk():
        if part.is_multipart():
            continue
        parts.append({
            "type": part.get_content_type(),
            "charset": part.get_content_charset(),
            "method": part.get_param("method"),
            "content": part.get_content() if part.get_content_maintype() == "text" else None,
        })
    return {
        "headers": {k: str(v) for k, v in msg.items()},
        "content_type": msg.get_content_type(),
        "parts": parts,
        "defects": [str(d) for d in msg.defects],
    }


class Handler:
    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address.startswith("reject"):
            return "550 5.1.1 <%s>: no such mailbox here" % address
        if address.startswith("tempfail"):
            return "451 4.3.0 mailbox busy, try again later"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        global count, fail_first
        with lock:
            if fail_first > 0:
                fail_first -= 1
                return "451 4.3.0 too busy, try again later"
            count += 1
            n = count
        raw = envelope.original_content or envelope.content
        with open(os.path.join(args.dir, "%d.eml" % n), "wb") as f:
            f.write(raw)
        data = summary(raw)
        data["mail_from"] = envelope.mail_from
        data["rcpt_tos"] = envelope.rcpt_tos
        data["tls"] = session.ssl is not None
        data["authenticated"] = bool(session.authenticated)
        with open(os.path.join(args.dir, "%d.json.tmp" % n), "w") as f:
            json.dump(data, f)
        os.rename(os.path.join(args.dir, "%d.json.tmp" % n), os.path.join(args.dir, "%d.json" % n))
        return "250 2.0.0 OK queued as tandem-test-%d" % n


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login.decode() == args.user
          and auth_data.password.decode() == args.password)
    # A failure must say handled=False, or the client waits forever.
    return AuthResult(success=True) if ok else AuthResult(success=False, handled=False)


def main():
    global args, fail_first
    p = argparse.ArgumentParser()
    p.add_argument("--dir", required=True)
    p.add_argument("--port", type=int, default=0)
    p.add_argument("--cert")
    p.add_argument("--key")
    p.add_argument("--user")
    p.add_argument("--password")
    p.add_argument("--fail-first", type=int, default=0)
    args = p.parse_args()
    fail_first = args.fail_first
    os.makedirs(args.dir, exist_ok=True)
    port = args.port
    if port == 0:
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]
        s.close()
    kwargs = {}
    if args.cert:
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(args.cert, args.key)
        kwargs.update(tls_context=context, require_starttls=True)
    if args.user:
        kwargs.update(authenticator=authenticator, auth_required=True,
                      auth_require_tls=bool(args.cert))
    controller = Controller(Handler(), hostname="127.0.0.1", port=port,
                            server_hostname="localhost", **kwargs)
    controller.start()
    print("listening on %d" % port, flush=True)
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    stop.wait()
    controller.stop()


if __name__ == "__main__":
    main()
