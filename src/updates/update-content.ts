import { renderMarkdown } from '../common/markdown/markdown.js';
import type { PropsOf } from '../email/email-props.js';
import { EmailTemplate } from '../email/email-template.js';
import type { Catalogs } from '../i18n/catalogs.js';
import type { Locale } from '../i18n/locale.js';
import { impactLines, type ImpactSummary } from './impact-summary.js';

export interface UpdateVariant {
  subject: string;
  body: string;
}

/** Locale variants as stored; English is always there, German falls back to it. */
export type UpdateVariants = { en: UpdateVariant } & Partial<Record<Locale, UpdateVariant>>;

export function variantFor(variants: UpdateVariants, locale: Locale): { locale: Locale; variant: UpdateVariant } {
  const own = variants[locale];
  return own ? { locale, variant: own } : { locale: 'en', variant: variants.en };
}

/**
 * The `sponsor-update` email's props for one sponsor. The body is rendered from Markdown
 * through the sanitiser here, once per language, never from anything the sponsor controls.
 */
export function updateEmailProps(variants: UpdateVariants, locale: Locale, name: string, impact: ImpactSummary | null, catalogs: Catalogs): PropsOf<EmailTemplate.SponsorUpdate> {
  const { variant } = variantFor(variants, locale);
  const body = renderMarkdown(variant.body);
  return {
    name,
    subject: variant.subject,
    bodyHtml: body.html,
    bodyText: body.text,
    ...(impact ? { impact: impactLines(impact, locale, catalogs) } : {}),
  };
}
