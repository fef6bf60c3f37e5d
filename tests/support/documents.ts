// Reading generated documents back in tests: the text of a DOCX (per paragraph, per run) and of a PDF.
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';

const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&');

async function documentXml(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  return zip.file('word/document.xml')!.async('string');
}

/** The text of each paragraph of word/document.xml, its runs joined (Word splits a paragraph into runs). */
export async function docxParagraphs(buf: Buffer): Promise<string[]> {
  const xml = await documentXml(buf);
  return [...xml.matchAll(/<w:p[ >][\s\S]*?<\/w:p>/g)].map((p) => decode([...p[0].matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => t[1]).join('')));
}

/** The whole text, one paragraph per line. */
export async function docxText(buf: Buffer): Promise<string> {
  return (await docxParagraphs(buf)).join('\n');
}

/** Each run's text: a string the renderer promises to keep whole must be found in one run. */
export async function docxRuns(buf: Buffer): Promise<string[]> {
  const xml = await documentXml(buf);
  return [...xml.matchAll(/<w:t(?: [^>]*)?>([^<]*)<\/w:t>/g)].map((t) => decode(t[1]));
}

/** The text of a PDF (whitespace collapsed) and its number of pages. */
export async function pdfText(buf: Buffer): Promise<{ text: string; pages: number }> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text, totalPages } = await extractText(pdf, { mergePages: true });
  return { text: text.replace(/\s+/g, ' '), pages: totalPages };
}
