// A real SMTP server for the tests (tests/smtp/server.py, Debian's
// python3-aiosmtpd) on a free port, the messages it received parsed, and
// unsubscribe tokens made as lib/mail_token.c makes them.
import { spawn } from 'node:child_process';
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import { eventually, scratch, VAR } from './client.mjs';
import { unsubscribeToken } from '../smtp/token.mjs';

const SERVER = join(dirname(fileURLToPath(import.meta.url)), '..', 'smtp', 'server.py');

// The SMTP server, on a free port; its messages parsed.
export async function startSmtp() {
  const dir = scratch('smtp');
  const child = spawn('/usr/bin/python3', [SERVER, dir], { stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  child.stdout.on('data', (b) => { out += b; });
  const port = Number(await eventually(() => out.includes('\n') && out.trim(), 10000, 'the SMTP server listening'));
  return {
    port, dir,
    mode(m) { writeFileSync(join(dir, 'mode'), m); },
    messages() {
      return readdirSync(dir).filter((f) => f.endsWith('.eml')).sort()
        .map((f) => ({ ...parse(readFileSync(join(dir, f), 'latin1')),
          envelope: JSON.parse(readFileSync(join(dir, f.replace(/\.eml$/, '.json')), 'utf8')) }));
    },
    stop() { child.kill('SIGTERM'); },
  };
}

export const decodeWords = (v) => v.replace(/\?=\s+=\?/g, '?==?')
  .replace(/=\?UTF-8\?B\?([^?]*)\?=/gi, (_, b) => Buffer.from(b, 'base64').toString('utf8'));
export const qp = (s) => Buffer.from(s.replace(/=\r\n/g, '').replace(/=([0-9A-F]{2})/g, (_, h) => String.fromCharCode(parseInt(h, 16))), 'latin1')
  .toString('utf8');

// {raw, headers: {lower-case name: unfolded value}, parts: [{type, body}]}
export function parse(raw) {
  const cut = raw.indexOf('\r\n\r\n');
  const headers = {};
  for (const line of raw.slice(0, cut).replace(/\r\n[ \t]/g, ' ').split('\r\n')) {
    const i = line.indexOf(':');
    headers[line.slice(0, i).toLowerCase()] = line.slice(i + 1).trim();
  }
  const boundary = /boundary="([^"]+)"/.exec(headers['content-type'] ?? '')?.[1];
  const parts = [];
  if (boundary) {
    for (const chunk of raw.slice(cut + 4).split(`--${boundary}`).slice(1, -1)) {
      const c = chunk.replace(/^\r\n/, '');
      const hcut = c.indexOf('\r\n\r\n');
      const head = c.slice(0, hcut);
      parts.push({ type: /Content-Type: ([^;\r]+)/i.exec(head)[1], head, body: qp(c.slice(hcut + 4).replace(/\r\n$/, '')) });
    }
  }
  return { raw, headers, parts };
}

// an unsubscribe token, as lib/mail_token.c makes them (the stack's secret by default)
export function token(userId, kind, secret = readFileSync(join(VAR, 'secret.key'))) {
  return unsubscribeToken(secret, userId, kind);
}

// That server as the platform's relay, for a test file's duration: stop()
// sets no relay again, puts the quiet hours back as they were, and stops it.
export async function useRelay(admin) {
  const smtp = await startSmtp();
  const before = (await admin.get('/admin/mail')).body;
  // no quiet hours while it is used (start = end: never quiet): the
  // notices a test awaits are mailed whatever the hour it runs at (the
  // default 21:00–07:00 held them till morning: tests run after 21:00
  // failed); notification_mail.test.mjs tests the quiet hours themselves
  const r = await admin.put('/admin/mail', { relay: `smtp://127.0.0.1:${smtp.port}`, starttls: false, username: '', password: '',
    quiet_start: '00:00', quiet_end: '00:00' });
  if (r.status !== 200) { smtp.stop(); throw new Error(`the relay was not set: ${r.status} ${r.text}`); }
  return {
    smtp,
    async stop() {
      await admin.put('/admin/mail', { relay: '', quiet_start: before.quiet_start, quiet_end: before.quiet_end });
      smtp.stop();
    },
  };
}
