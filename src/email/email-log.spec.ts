import { redactPaths } from './email-log.service.js';

describe('redactPaths (issue 10 item 11)', () => {
  it.each([
    ['written to /srv/coffer/var/mail/2026/abc@coffer.local.eml', 'written to …/abc@coffer.local.eml'],
    ["EACCES: permission denied, open '/var/lib/coffer/mail/x.eml'", "EACCES: permission denied, open '…/x.eml'"],
    ['250 2.0.0 OK queued as 4F2A', '250 2.0.0 OK queued as 4F2A'],
    ['C:\\coffer\\mail\\x.eml', '…/x.eml'],
  ])('%s', (text, shown) => {
    expect(redactPaths(text)).toBe(shown);
  });
});
