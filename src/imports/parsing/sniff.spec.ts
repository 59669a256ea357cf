import { Family, ofxSgmlEncoding, sniff, xmlDeclaredEncoding } from './sniff.js';

describe('sniff', () => {
  it.each<[string, Buffer, Family]>([
    ['a CSV header', Buffer.from('Name,Email,Discord\n'), 'csv'],
    ['a CSV with a UTF-8 BOM', Buffer.from('\ufeffMonth,Currency\n'), 'csv'],
    ['a semicolon CSV in Latin-1', Buffer.from('"Auftragskonto";"Buchungstag";"W\xe4hrung"\n', 'latin1'), 'csv'],
    ['an XML declaration', Buffer.from('<?xml version="1.0"?><Document/>'), 'xml'],
    ['XML after whitespace', Buffer.from('\n  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02"/>'), 'xml'],
    ['an OFX 1.x header', Buffer.from('OFXHEADER:100\r\nDATA:OFXSGML\r\n'), 'ofx-sgml'],
    ['an OFX body without header', Buffer.from('<OFX>\n<SIGNONMSGSRSV1>'), 'ofx-sgml'],
  ])('%s is %s', (_what, head, family) => {
    expect(sniff(head)).toBe(family);
  });

  it.each<[string, Buffer, RegExp]>([
    ['an empty file', Buffer.alloc(0), /empty/],
    ['an xlsx workbook', Buffer.from('PK\x03\x04\x14\x00', 'latin1'), /ZIP archive/],
    ['a PDF', Buffer.from('%PDF-1.7\n'), /PDF/],
    ['gzip', Buffer.from([0x1f, 0x8b, 0x08, 0x00]), /gzip/],
    ['UTF-16', Buffer.from([0xff, 0xfe, 0x4e, 0x00]), /UTF-16/],
    ['binary with NUL bytes', Buffer.from([0x41, 0x00, 0x42]), /binary/],
  ])('refuses %s', (_what, head, message) => {
    expect(() => sniff(head)).toThrow(message);
  });

  it.each([
    ['<?xml version="1.0" encoding="ISO-8859-1"?>', 'iso-8859-1'],
    ["<?xml version='1.0' encoding='UTF-8'?>", 'utf-8'],
    ['<Document/>', 'utf-8'],
  ])('reads the XML encoding of %s', (head, encoding) => {
    expect(xmlDeclaredEncoding(Buffer.from(head))).toBe(encoding);
  });

  it.each([
    ['OFXHEADER:100\nENCODING:USASCII\nCHARSET:1252\n', 'windows-1252'],
    ['OFXHEADER:100\nENCODING:UTF-8\nCHARSET:NONE\n', 'utf-8'],
  ])('reads the OFX encoding of %j', (head, encoding) => {
    expect(ofxSgmlEncoding(Buffer.from(head))).toBe(encoding);
  });
});
