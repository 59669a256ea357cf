import { minorUnitExponent } from '../common/money/currency.js';
import { catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { money, month as monthName } from '../pages/page-format.js';

export interface ChartMonth {
  month: string;
  income: number;
  committed: number;
  balance: number;
}

/** Drawing area in viewBox units: narrow enough that its text stays legible when the page is 320 px wide. */
const W = 400;
const H = 250;
const LEFT = 96;
const RIGHT = 8;
const TOP = 34;
const BOTTOM = 50;

const round = (n: number) => Math.round(n * 10) / 10;

/**
 * The runway as a bar chart drawn on the server (inline SVG, no script): one bar per month for
 * the balance at its end, the zero line, bars below zero hatched (not only coloured) and the
 * month the money runs out marked with a dashed line and its name. Only numbers and text go
 * to the template, which escapes them like any other value.
 */
export function runwayChart(projection: readonly ChartMonth[], runsOutIn: string | null, currency: string, locale: Locale) {
  const t = (key: string, vars: Record<string, unknown> = {}) => catalogs().t(locale, `staff-spending:runway.chart.${key}`, vars);
  const balances = projection.map((p) => p.balance);
  const max = Math.max(0, ...balances);
  const min = Math.min(0, ...balances);
  const span = max - min || 1;
  const plotW = W - LEFT - RIGHT;
  const plotH = H - TOP - BOTTOM;
  const y = (value: number) => round(TOP + ((max - value) / span) * plotH);
  const zeroY = y(0);
  const slot = plotW / Math.max(1, projection.length);
  const barW = round(Math.max(2, slot * 0.7));
  // Label every month while they fit in large type, else every second, third…; a label shows its year when it changes.
  const every = projection.length <= 8 ? 1 : Math.ceil(projection.length / 6);
  let lastYear = '';
  const short = new Intl.DateTimeFormat(locale, { month: 'short', timeZone: 'UTC' });
  const bars = projection.map((p, i) => {
    const x = round(LEFT + i * slot + (slot - barW) / 2);
    const top = Math.min(y(p.balance), zeroY);
    const labelled = i % every === 0;
    const date = new Date(`${p.month}-01T00:00:00Z`);
    return {
      x,
      y: top,
      w: barW,
      h: round(Math.max(Math.abs(y(p.balance) - zeroY), p.balance === 0 ? 0 : 1)),
      negative: p.balance < 0,
      centre: round(x + barW / 2),
      label: labelled ? short.format(date).replace(/\.$/, '') : null,
      year: labelled && p.month.slice(0, 4) !== lastYear ? (lastYear = p.month.slice(0, 4)) : null,
      tooltip: `${monthName(p.month, locale)}: ${money(p.balance, currency, locale)}`,
    };
  });
  const ticks = axisTicks(min, max, currency, locale).map(({ value, label }) => ({ y: y(value), label }));
  const outIndex = runsOutIn ? projection.findIndex((p) => p.month === runsOutIn) : -1;
  const runOut =
    outIndex >= 0
      ? {
          x: bars[outIndex].centre,
          // Named at the top left, where a long label (German) never runs off the picture; the dashed line marks the month.
          labelX: 6,
          anchor: 'start',
          label: t('runsOut', { month: short.format(new Date(`${runsOutIn}-01T00:00:00Z`)).replace(/\.$/, '') + ' ' + runsOutIn!.slice(0, 4) }),
        }
      : null;

  const first = projection[0];
  const last = projection.at(-1);
  const lowest = projection.reduce((low, p) => (p.balance < low.balance ? p : low), first);
  const desc = first
    ? [
        t('descRange', { from: monthName(first.month, locale), to: monthName(last!.month, locale), currency }),
        t('descFigures', {
          first: money(first.balance, currency, locale),
          last: money(last!.balance, currency, locale),
          lowest: money(lowest.balance, currency, locale),
          lowestMonth: monthName(lowest.month, locale),
        }),
        runsOutIn ? t('descRunsOut', { month: monthName(runsOutIn, locale) }) : t('descLasts', { months: projection.length }),
      ].join(' ')
    : t('descEmpty');
  return {
    viewBox: `0 0 ${W} ${H}`,
    plot: { left: LEFT, right: W - RIGHT, top: TOP, bottom: H - BOTTOM },
    zeroY,
    monthLabelY: H - BOTTOM + 21,
    yearLabelY: H - BOTTOM + 42,
    tickX: LEFT - 6,
    bars,
    ticks,
    runOut,
    title: t('title'),
    desc,
  };
}

/**
 * Round values for the axis (steps of 1, 2 or 5 × 10ⁿ of the major unit, zero always among
 * them), labelled in whole units of the currency in the page's language: "€20,000", "20.000 €".
 */
function axisTicks(min: number, max: number, currency: string, locale: Locale): { value: number; label: string }[] {
  let exponent = 2;
  try {
    exponent = minorUnitExponent(currency);
  } catch {
    /* keep 2 */
  }
  const unit = 10 ** exponent;
  const rough = Math.max((max - min) / unit / 5, 1);
  const power = 10 ** Math.floor(Math.log10(rough));
  const step = ([1, 2, 5, 10].map((m) => m * power).find((s) => s >= rough) ?? 10 * power) * unit;
  const big = Math.max(Math.abs(min), Math.abs(max)) / unit >= 10_000_000;
  const format = new Intl.NumberFormat(locale, { style: 'currency', currency, maximumFractionDigits: big ? 1 : 0, ...(big ? { notation: 'compact' as const } : {}) });
  const ticks: { value: number; label: string }[] = [];
  for (let value = Math.ceil(min / step) * step; value <= max; value += step) ticks.push({ value: value || 0, label: format.format((value || 0) / unit) });
  return ticks;
}
