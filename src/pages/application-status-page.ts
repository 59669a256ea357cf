import type { PUBLIC_APPLICATION_STAGE } from '../hiring/application-stage.js';

type PublicApplicationStage = (typeof PUBLIC_APPLICATION_STAGE)[keyof typeof PUBLIC_APPLICATION_STAGE];

/** What `ApplicationsService.publicStatus` answers (the API's status link shows the same). */
export interface PublicApplicationStatus {
  role: string;
  status: PublicApplicationStage;
  message: string;
  receivedAt: Date;
  updatedAt: Date;
}

/**
 * The job applicant's status page. The status is worded by the same catalog entry the API's
 * `message` comes from (`hiring:status.<stage>`), but in the page's language, so the language
 * switch works; "what happens next" is the page's own. The service keeps no public history of
 * the board's stages, so the page shows when the application arrived and when it last changed.
 */
export function applicationStatusPageModel(status: PublicApplicationStatus) {
  return {
    role: status.role,
    status: status.status,
    statusText: `hiring:status.${status.status}`,
    nextStep: `applicationStatus.nextStep.${status.status}`,
    receivedAt: status.receivedAt,
    updatedAt: new Date(status.updatedAt).getTime() > new Date(status.receivedAt).getTime() ? status.updatedAt : null,
  };
}
