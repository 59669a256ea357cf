import type { BankCsvProfile } from './parsing/bank-csv.js';

/**
 * Bank CSV profiles shipped with Coffer, for banks such organisations commonly use. A profile
 * stored under the same name (`POST /api/v1/imports/profiles`) replaces the shipped one, e.g. to
 * add the account's IBAN so two accounts at one bank deduplicate apart. Headers are the banks'
 * own; sample files are in test/fixtures/imports.
 */
export const SHIPPED_PROFILES: Record<string, BankCsvProfile> = {
  /**
   * Sparkasse online banking, "CSV-CAMT V2" export (Umsätze → Export). Windows-1252 (the
   * Latin-1 superset the Sparkassen write), `;`, decimal comma, two-digit years. Rows still
   * "Umsatz vorgemerkt" are pending and refused until booked.
   */
  sparkasse: {
    name: 'sparkasse',
    delimiter: ';',
    encoding: 'windows-1252',
    decimalSeparator: ',',
    headerLine: 1,
    dateColumn: 'Buchungstag',
    dateFormat: 'DD.MM.YY',
    valueDateColumn: 'Valutadatum',
    amountColumn: 'Betrag',
    currencyColumn: 'Waehrung',
    descriptionColumns: ['Buchungstext', 'Verwendungszweck'],
    referenceColumn: 'Kundenreferenz (End-to-End)',
    counterpartyColumn: 'Beguenstigter/Zahlungspflichtiger',
    counterpartyAccountColumn: 'Kontonummer/IBAN',
    statusColumn: 'Info',
    bookedStatuses: ['Umsatz gebucht'],
    accountColumn: 'Auftragskonto',
  },
  /**
   * DKB's export since its 2023 banking app: UTF-8 with BOM, `;`, four preamble lines (account,
   * period, balance, blank) before the header on line 5, amounts in "Betrag (€)" (EUR only).
   * Payer and payee have their own columns; "Status" is "Gebucht" or "Vorgemerkt".
   */
  dkb: {
    name: 'dkb',
    delimiter: ';',
    encoding: 'utf-8',
    decimalSeparator: ',',
    headerLine: 5,
    dateColumn: 'Buchungsdatum',
    dateFormat: 'DD.MM.YY',
    valueDateColumn: 'Wertstellung',
    amountColumn: 'Betrag (€)',
    currency: 'EUR',
    descriptionColumns: ['Verwendungszweck'],
    referenceColumn: 'Kundenreferenz',
    counterpartyColumn: 'Zahlungspflichtige*r',
    debitCounterpartyColumn: 'Zahlungsempfänger*in',
    counterpartyAccountColumn: 'IBAN',
    statusColumn: 'Status',
    bookedStatuses: ['Gebucht'],
  },
  /**
   * Wise (formerly TransferWise) balance statement, CSV: UTF-8, `,`, decimal point, signed
   * amounts, one currency per statement in "Currency". "TransferWise ID" (TRANSFER-…, CARD-…,
   * BALANCE-…) is Wise's own id of the movement.
   */
  wise: {
    name: 'wise',
    delimiter: ',',
    encoding: 'utf-8',
    decimalSeparator: '.',
    headerLine: 1,
    dateColumn: 'Date',
    dateFormat: 'DD-MM-YYYY',
    amountColumn: 'Amount',
    currencyColumn: 'Currency',
    descriptionColumns: ['Description'],
    referenceColumn: 'Payment Reference',
    bankReferenceColumn: 'TransferWise ID',
    counterpartyColumn: 'Payer Name',
    debitCounterpartyColumn: 'Payee Name',
  },
};
