import { Injectable } from '@nestjs/common';
import { renderMarkdown, type RenderedMarkdown } from '../common/markdown/markdown.js';
import { todayUtc } from '../common/util/months.js';
import { TransactionService } from '../database/transaction.service.js';
import { HiringException } from './hiring.exception.js';

interface PostingRow {
  id: string;
  title: string;
  kind: string;
  startsOn: string;
  description: string;
  whatToSend: string | null;
  deadline: string | null;
}

/** Roles open for applications: in `hiring`, with a posting, deadline not passed (today counts). */
const OPEN = `r.status = 'hiring' AND r.posting_description IS NOT NULL AND (r.posting_deadline IS NULL OR r.posting_deadline >= $1::date)`;

const SELECT = `
  SELECT r.id, r.title, r.kind, to_char(r.starts_on, 'YYYY-MM-DD') AS "startsOn", r.posting_description AS description,
         r.posting_what_to_send AS "whatToSend", to_char(r.posting_deadline, 'YYYY-MM-DD') AS deadline
  FROM roles r`;

/**
 * Public job postings (SPEC §7): only roles being hired for, only the posting's own fields —
 * never the cost, the fund or anything of who else applied. The Markdown is rendered through
 * the sanitiser, so the HTML is safe to show as it is.
 */
@Injectable()
export class JobsService {
  constructor(private readonly tx: TransactionService) {}

  async list() {
    const rows: PostingRow[] = await this.tx.manager.query(`${SELECT} WHERE ${OPEN} ORDER BY r.posting_deadline NULLS LAST, r.title`, [todayUtc()]);
    return rows.map(toJob);
  }

  async get(id: string) {
    const [row]: PostingRow[] = await this.tx.manager.query(`${SELECT} WHERE r.id = $2 AND ${OPEN}`, [todayUtc(), id]);
    if (!row) throw HiringException.jobNotFound(id);
    return toJob(row);
  }
}

/**
 * Rendered postings by their Markdown: the sanitiser and the HTML-to-text conversion cost more
 * than everything else in answering `/api/v1/jobs` or `/jobs` (B7 profile), and a posting's text
 * rarely changes. Keyed by the text itself, so an edited posting is simply a new entry; bounded.
 */
const RENDERED = new Map<string, RenderedMarkdown>();
const RENDERED_MAX = 200;

function rendered(source: string): RenderedMarkdown {
  let hit = RENDERED.get(source);
  if (!hit) {
    hit = renderMarkdown(source);
    if (RENDERED.size >= RENDERED_MAX) RENDERED.delete(RENDERED.keys().next().value!);
    RENDERED.set(source, hit);
  }
  return hit;
}

function toJob(row: PostingRow) {
  const html = rendered(row.description);
  return {
    id: row.id,
    title: row.title,
    kind: row.kind,
    startsOn: row.startsOn,
    description: row.description,
    descriptionHtml: html.html,
    descriptionText: html.text,
    whatToSend: row.whatToSend,
    deadline: row.deadline,
    applyUrl: `/api/v1/roles/${row.id}/applications`,
  };
}
