import type { GranteeService } from '../grants/grantee.service.js';
import { SUBMITTABLE } from '../grants/milestone-status.js';
import { errorsByField, lines, one, type FormError } from './page-form.js';

type GranteeView = Awaited<ReturnType<GranteeService['page']>>;

/** What the grantee typed into one milestone's evidence form. */
export interface EvidenceValues {
  evidence?: string;
  note?: string;
}

export function evidenceValues(body: Record<string, unknown>): EvidenceValues {
  return { evidence: one(body.evidence), note: one(body.note) };
}

/** The evidence form in the API's shape (`SubmitMilestoneDto`): one link per line. */
export function evidenceDtoInput(body: Record<string, unknown>): Record<string, unknown> {
  const v = evidenceValues(body);
  return { evidence: lines(v.evidence) ?? [], ...(v.note?.trim() ? { note: v.note } : {}) };
}

/** Field ids carry the milestone's position, as every milestone has its own form. */
export const evidenceAnchors = (position: number) => ({ evidence: `f-evidence-${position}`, note: `f-note-${position}` });

/**
 * The grantee page's model: milestones with their facts and, while the grant is active and the
 * milestone open, an evidence form (the one that failed keeps what was typed and its errors).
 */
export function granteePageModel(view: GranteeView, options: { token: string; failed?: { id: string; values: EvidenceValues; errors: FormError[] }; submitted?: string }) {
  const active = view.grant.status === 'active';
  return {
    grant: { ...view.grant, statusLabel: `grantStatus.${view.grant.status}` },
    active,
    submittedPosition: view.milestones.find((ms) => ms.id === options.submitted)?.position,
    milestones: view.milestones.map((ms) => {
      const failed = options.failed?.id === ms.id ? options.failed : undefined;
      return {
        ...ms,
        statusLabel: `grantee.msStatuses.${ms.status}`,
        canSubmit: active && SUBMITTABLE.includes(ms.status),
        action: `/grantee/${encodeURIComponent(options.token)}/milestones/${ms.id}`,
        values: failed?.values ?? {},
        errorFor: failed ? errorsByField(failed.errors) : {},
      };
    }),
  };
}
