import { formatMoney } from '../common/money/money.js';
import type { Catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';

/**
 * The figures an update can carry, frozen when it is sent: income per channel from the ledger,
 * sponsors who gave, milestones completed, public roles funded. Amounts are minor units as
 * decimal strings (bigint-safe in JSON).
 */
export interface ImpactSummary {
  period: { from: string; to: string };
  donations: { channel: string; currency: string; amount: string }[];
  sponsors: number;
  milestonesCompleted: { grant: string; milestone: string }[];
  roles: { title: string; holder: string | null }[];
}

export interface ImpactLine {
  label: string;
  value: string;
}

/** The summary as label/value lines in the recipient's language (what the template shows). */
export function impactLines(summary: ImpactSummary, locale: Locale, catalogs: Catalogs): ImpactLine[] {
  const t = (key: string, vars?: Record<string, unknown>) => catalogs.t(locale, `updates:impact.${key}`, vars);
  const lines: ImpactLine[] = [];
  const byCurrency = new Map<string, bigint>();
  for (const d of summary.donations) byCurrency.set(d.currency, (byCurrency.get(d.currency) ?? 0n) + BigInt(d.amount));
  const total = [...byCurrency].map(([currency, amount]) => formatMoney(amount, currency, locale)).join(' + ');
  const day = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' });
  const date = (iso: string) => day.format(new Date(`${iso}T00:00:00Z`));
  lines.push({ label: t('donations', { from: date(summary.period.from), to: date(summary.period.to) }), value: total || formatMoney(0n, 'EUR', locale) });
  for (const d of summary.donations) {
    lines.push({ label: t('channel', { channel: catalogs.t(locale, `updates:channel.${d.channel}`) }), value: formatMoney(BigInt(d.amount), d.currency, locale) });
  }
  lines.push({ label: t('sponsors'), value: summary.sponsors.toLocaleString(locale) });
  if (summary.roles.length > 0) {
    lines.push({ label: t('roles'), value: summary.roles.map((r) => (r.holder ? `${r.title} (${r.holder})` : r.title)).join(', ') });
  }
  lines.push({
    label: t('milestones'),
    value:
      summary.milestonesCompleted.length === 0 ? '0' : `${summary.milestonesCompleted.length}: ${summary.milestonesCompleted.map((m) => `${m.grant} – ${m.milestone}`).join('; ')}`,
  });
  return lines;
}
