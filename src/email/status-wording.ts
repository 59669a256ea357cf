import type { Locale } from './email-template.js';

/**
 * How a state reads to the applicant, per language: a short label and what happens next.
 * Templates word states from here so a German email never shows an English state name; a state
 * missing here falls back to the caller's `publicStatus`.
 */
type Wording = Record<Locale, { label: string; next: string }>;

const INTEREST: Record<string, Wording> = {
  received: {
    en: { label: 'received', next: 'We will read it soon and let you know how it goes.' },
    de: { label: 'eingegangen', next: 'Wir lesen sie in Kürze und melden uns, sobald es Neuigkeiten gibt.' },
  },
  reviewing: {
    en: { label: 'under review', next: 'The board is reading your proposal now. There is nothing you need to do.' },
    de: { label: 'in Prüfung', next: 'Der Vorstand liest Ihren Vorschlag gerade. Sie müssen nichts weiter tun.' },
  },
  shortlisted: {
    en: { label: 'shortlisted', next: 'Your idea is on our shortlist. We will contact you about the next steps.' },
    de: { label: 'in der engeren Auswahl', next: 'Ihre Idee ist in der engeren Auswahl. Wir melden uns wegen der nächsten Schritte.' },
  },
  declined: {
    en: { label: 'not taken forward', next: 'We cannot take your proposal forward this time. Thank you for thinking of us; you are welcome to send another idea.' },
    de: { label: 'nicht weiterverfolgt', next: 'Wir können Ihren Vorschlag diesmal leider nicht weiterverfolgen. Danke, dass Sie an uns gedacht haben – eine neue Idee ist jederzeit willkommen.' },
  },
  invited: {
    en: { label: 'invited to apply', next: 'We would like you to apply for funding with us. We will be in touch to draft the application together.' },
    de: { label: 'zur Bewerbung eingeladen', next: 'Wir möchten Sie einladen, sich mit uns um eine Förderung zu bewerben. Wir melden uns, um den Antrag gemeinsam zu schreiben.' },
  },
};

const APPLICATION: Record<string, Wording> = {
  drafting: {
    en: { label: 'being drafted', next: 'The application is being written and has not been sent to the funder yet.' },
    de: { label: 'in Vorbereitung', next: 'Der Antrag wird geschrieben und ist noch nicht beim Förderer eingereicht.' },
  },
  submitted: {
    en: { label: 'submitted', next: 'The application has been sent to the funder. Their review usually takes several weeks.' },
    de: { label: 'eingereicht', next: 'Der Antrag liegt beim Förderer. Die Prüfung dauert meist einige Wochen.' },
  },
  in_review: {
    en: { label: 'in review at the funder', next: 'The funder is reviewing the application and may come back with questions.' },
    de: { label: 'in Prüfung beim Förderer', next: 'Der Förderer prüft den Antrag und meldet sich eventuell mit Rückfragen.' },
  },
  selected: {
    en: { label: 'selected for funding', next: 'Congratulations! Next we agree the milestones with the funder before work starts.' },
    de: { label: 'zur Förderung ausgewählt', next: 'Herzlichen Glückwunsch! Als Nächstes stimmen wir die Meilensteine mit dem Förderer ab, bevor die Arbeit beginnt.' },
  },
  rejected: {
    en: { label: 'not selected', next: 'The funder did not select the application this time. We can talk about improving it for a later call.' },
    de: { label: 'nicht ausgewählt', next: 'Der Förderer hat den Antrag diesmal nicht ausgewählt. Gern besprechen wir, wie er für eine spätere Ausschreibung stärker wird.' },
  },
  withdrawn: {
    en: { label: 'withdrawn', next: 'The application has been withdrawn and will not be considered further.' },
    de: { label: 'zurückgezogen', next: 'Der Antrag wurde zurückgezogen und wird nicht weiter berücksichtigt.' },
  },
  active: {
    en: { label: 'active', next: 'The grant is running. Submit evidence for each milestone through your grantee page when it is done.' },
    de: { label: 'laufend', next: 'Die Förderung läuft. Reichen Sie für jeden fertigen Meilenstein die Nachweise über Ihre Förderseite ein.' },
  },
  completed: {
    en: { label: 'completed', next: 'Every milestone is done. Thank you for your work!' },
    de: { label: 'abgeschlossen', next: 'Alle Meilensteine sind erledigt. Vielen Dank für Ihre Arbeit!' },
  },
  terminated: {
    en: { label: 'ended early', next: 'The grant has ended before all milestones were completed.' },
    de: { label: 'vorzeitig beendet', next: 'Die Förderung wurde beendet, bevor alle Meilensteine abgeschlossen waren.' },
  },
};

const KINDS = { interest: INTEREST, application: APPLICATION };
export type StatusKind = keyof typeof KINDS;

export function statusWording(kind: StatusKind, status: string, locale: Locale): { label: string; next: string } | null {
  return KINDS[kind][status]?.[locale] ?? null;
}
