import type { Locale } from './email-template.js';
import type { UnsubscribeTarget } from './unsubscribe.service.js';

const escape = (s: string) => s.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

const WORDS = {
  en: {
    title: 'Unsubscribe',
    updates: 'news and updates',
    receipts: 'donation receipts and statements',
    all: 'all sponsor emails',
    ask: (e: string, what: string) => `Stop sending ${what} to ${e}?`,
    button: 'Unsubscribe',
    done: (e: string, what: string) => `Done: ${e} will no longer receive ${what}.`,
    note: 'Emails about something you asked for yourself (a grant application, for example) still reach you.',
    invalid: 'This unsubscribe link is not valid or has expired. The newest email we sent you has a working link.',
  },
  de: {
    title: 'Abbestellen',
    updates: 'Neuigkeiten und Berichte',
    receipts: 'Spendenbestätigungen und -übersichten',
    all: 'alle E-Mails an Förderer',
    ask: (e: string, what: string) => `Keine ${what} mehr an ${e} senden?`,
    button: 'Abbestellen',
    done: (e: string, what: string) => `Erledigt: ${e} erhält keine ${what} mehr.`,
    note: 'E-Mails zu Vorgängen, die Sie selbst angestoßen haben (etwa einem Förderantrag), erhalten Sie weiterhin.',
    invalid: 'Dieser Abmeldelink ist ungültig oder abgelaufen. Die neueste E-Mail von uns enthält einen gültigen Link.',
  },
} satisfies Record<Locale, unknown>;

function layout(locale: Locale, body: string): string {
  return `<!DOCTYPE html><html lang="${locale}"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>${WORDS[locale].title}</title><style>body{font:16px/1.5 system-ui,sans-serif;max-width:36rem;margin:3rem auto;padding:0 1rem;color:#1a1a1a}
button{font:inherit;padding:.6rem 1.2rem;background:#1f5f8b;color:#fff;border:0;border-radius:4px;cursor:pointer}button:focus{outline:3px solid #f0b400}</style></head>
<body><main><h1>${WORDS[locale].title}</h1>${body}</main></body></html>`;
}

/** GET shows what the link would do and a button; POST (the button, or a mail client) does it. */
export function unsubscribePage(locale: Locale, target: UnsubscribeTarget, action: string): string {
  const w = WORDS[locale];
  const what = w[target.category];
  const email = escape(target.email);
  if (target.unsubscribed) return layout(locale, `<p role="status">${w.done(email, what)}</p><p>${w.note}</p>`);
  return layout(
    locale,
    `<p>${w.ask(email, what)}</p><form method="post" action="${escape(action)}"><input type="hidden" name="List-Unsubscribe" value="One-Click"><button type="submit">${w.button}</button></form><p>${w.note}</p>`,
  );
}

export function invalidLinkPage(locale: Locale): string {
  return layout(locale, `<p role="alert">${WORDS[locale].invalid}</p>`);
}
