#!/usr/bin/python3
"""A real SMTP server for the e-mail tests (Debian's python3-aiosmtpd).

    tests/smtp/server.py DIR

listens on a free port of 127.0.0.1, prints it on a line of its own, and
saves each message it accepts as DIR/NNNN.eml (the bytes received, CRLF)
with DIR/NNNN.json beside it ({"mail_from", "rcpt_tos"}). How it answers
is read from DIR/mode at each command, so that a test can change it
while it runs:

    accept (or no file)  250 to everything
    451                  451 to every RCPT (a temporary failure)
    550                  550 to every RCPT (a permanent one)
    drop                 the connection closed at RCPT, without an answer
"""
import asyncio
import json
import os
import sys

from aiosmtpd.smtp import SMTP

DIR = sys.argv[1]
os.makedirs(DIR, exist_ok=True)


def mode():
    try:
        with open(os.path.join(DIR, 'mode')) as f:
            return f.read().strip() or 'accept'
    except FileNotFoundError:
        return 'accept'


class Handler:
    def __init__(self):
        self.count = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        m = mode()
        if m == '451':
            return '451 4.3.0 Mailbox busy, try again later (test server)'
        if m == '550':
            return '550 5.1.1 No such user here (test server)'
        if m == 'drop':
            server.transport.close()
            return '421 4.3.0 Closing (test server)'
        envelope.rcpt_tos.append(address)
        return '250 OK'

    async def handle_DATA(self, server, session, envelope):
        self.count += 1
        base = os.path.join(DIR, '%04d' % self.count)
        with open(base + '.tmp', 'wb') as f:
            f.write(envelope.original_content)
        with open(base + '.json', 'w') as f:
            json.dump({'mail_from': envelope.mail_from, 'rcpt_tos': envelope.rcpt_tos}, f)
        os.rename(base + '.tmp', base + '.eml')
        return '250 2.0.0 Message accepted for delivery (test server)'


def main():
    loop = asyncio.new_event_loop()
    asyncio.set_event_loop(loop)
    handler = Handler()
    server = loop.run_until_complete(
        loop.create_server(lambda: SMTP(handler, hostname='smtp.test', loop=loop), '127.0.0.1', 0))
    print(server.sockets[0].getsockname()[1], flush=True)
    try:
        loop.run_forever()
    except KeyboardInterrupt:
        pass


if __name__ == '__main__':
    main()
