export class CreateEmailOutbox1764150100000 {
    name = 'CreateEmailOutbox1764150100000';
    async up(q) {
        await q.query(`
      CREATE TABLE email_outbox (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        template text NOT NULL,
        locale text NOT NULL CHECK (locale IN ('en', 'de')),
        recipient text NOT NULL CHECK (length(recipient) BETWEEN 3 AND 320),
        props jsonb NOT NULL,
        category text NOT NULL DEFAULT 'transactional' CHECK (category IN ('transactional', 'bulk')),
        -- Optional natural key ("receipt:<donationId>"): the same cause never queues two emails.
        dedupe_key text UNIQUE,
        message_id text NOT NULL UNIQUE,
        status text NOT NULL DEFAULT 'queued' CHECK (status IN ('queued', 'sending', 'sent', 'failed')),
        attempts integer NOT NULL DEFAULT 0 CHECK (attempts >= 0),
        next_attempt_at timestamptz NOT NULL DEFAULT now(),
        locked_until timestamptz,
        last_error text,
        sent_at timestamptz,
        created_at timestamptz NOT NULL DEFAULT now()
      )`);
        await q.query(`CREATE INDEX email_outbox_due_idx ON email_outbox (next_attempt_at) WHERE status IN ('queued', 'sending')`);
        await q.query(`CREATE INDEX email_outbox_created_idx ON email_outbox (created_at DESC)`);
    }
    async down(q) {
        await q.query(`DROP TABLE email_outbox`);
    }
}
//# sourceMappingURL=1764150100000-CreateEmailOutbox.js.map