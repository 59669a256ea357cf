import { elfExecutable, smallPdf, windowsExecutable } from '../../test/setup/pdf.js';
import { pdfProblem } from './cv-check.js';

describe('pdfProblem (a CV is judged by its bytes)', () => {
  const pdf = smallPdf();
  it.each<[string, Buffer, RegExp | null]>([
    ['a real one-page PDF', pdf, null],
    ['a PDF padded to 1 MB', smallPdf('CV', 1024 * 1024), null],
    ['a PDF with trailing whitespace after %%EOF', Buffer.concat([pdf, Buffer.from('\r\n\n')]), null],
    ['an empty file', Buffer.alloc(0), /empty/],
    ['an ELF executable', elfExecutable(), /not a PDF.*ELF executable/],
    ['a Windows executable', windowsExecutable(), /not a PDF.*Windows executable/],
    ['plain text', Buffer.from('Dear board, here is my CV'), /not a PDF \(it does not start with %PDF-\)$/],
    ['a PDF header on an ELF body', Buffer.concat([Buffer.from('%PDF-1.7\n'), elfExecutable()]), /incomplete or damaged/],
    ['a truncated PDF', pdf.subarray(0, pdf.length - 40), /incomplete or damaged/],
    ['a startxref pointing outside the file', Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n99999999'), 'latin1'), /outside the file/],
    ['a startxref pointing at nothing', Buffer.from(pdf.toString('latin1').replace(/startxref\n\d+/, 'startxref\n20'), 'latin1'), /no cross-reference table/],
  ])('%s', (_, bytes, problem) => {
    const found = pdfProblem(bytes);
    if (problem === null) expect(found).toBeNull();
    else expect(found).toMatch(problem);
  });
});
