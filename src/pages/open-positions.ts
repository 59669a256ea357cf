import { Injectable } from '@nestjs/common';
import { HiringException } from '../hiring/hiring.exception.js';
import { JobsService } from '../hiring/jobs.service.js';
import type { Locale } from '../i18n/locale.js';

/** A role the organisation is hiring for, as the public sees it. */
export interface OpenPosition {
  id: string;
  title: string;
  summary: string;
  /** What the posting asks applicants to send, as written. */
  whatToSend?: string | null;
  /** What the role pays, when published: minor units and currency. */
  pay?: { amount: number; currency: string; per: 'month' | 'year' | 'hour' } | null;
}

/** Where `/jobs` reads open positions (roles in `hiring` with a posting): `HiringOpenPositions`. */
export interface OpenPositionsSource {
  list(locale: Locale): Promise<OpenPosition[]>;
  get(id: string, locale: Locale): Promise<OpenPosition | null>;
}

export const OPEN_POSITIONS = Symbol('OPEN_POSITIONS');

/** The hiring feature's public postings, as the pages show them (the summary is the posting's first lines). */
@Injectable()
export class HiringOpenPositions implements OpenPositionsSource {
  constructor(private readonly jobs: JobsService) {}

  async list(): Promise<OpenPosition[]> {
    return (await this.jobs.list()).map(toPosition);
  }

  async get(id: string): Promise<OpenPosition | null> {
    // Anything but a role id is simply not an open position (the page answers 404).
    if (!/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(id)) return null;
    try {
      return toPosition(await this.jobs.get(id));
    } catch (error) {
      if (error instanceof HiringException) return null;
      throw error;
    }
  }
}

function toPosition(job: { id: string; title: string; descriptionText: string; whatToSend: string | null }): OpenPosition {
  // The first real paragraph of the posting, not its first heading.
  const paragraphs = job.descriptionText
    .split('\n\n')
    .map((p) => p.replace(/\s+/g, ' ').trim())
    .filter(Boolean);
  const summary = paragraphs.find((p) => p.length > 40) ?? paragraphs[0] ?? '';
  return { id: job.id, title: job.title, summary: summary.length > 280 ? `${summary.slice(0, 277)}…` : summary, whatToSend: job.whatToSend, pay: null };
}
