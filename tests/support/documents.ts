// Reading generated documents back in tests: the text of a DOCX (per paragraph, per run) and of a
// PDF (whole, per page, per printed line). A no-break space reads as a space, as a person reads it;
// docxXml and pdfLines' raw text keep it for the tests of where lines may break.
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import JSZip from 'jszip';
import { extractText, getDocumentProxy } from 'unpdf';

const NBSP = /\u00a0/g;
const decode = (s: string) => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&apos;/g, "'").replace(/&amp;/g, '&').replace(NBSP, ' ');

async function documentXml(buf: Buffer): Promise<string> {
  const zip = await JSZip.loadAsync(buf);
  return zip.file('word/document.xml')!.async('string');
}

/** word/document.xml as written (no-break spaces kept). */
export const docxXml = documentXml;

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

/** The text of each page, whitespace collapsed. */
export async function pdfPages(buf: Buffer): Promise<string[]> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const { text } = await extractText(pdf, { mergePages: false });
  return (text as string[]).map((t) => t.replace(/\s+/g, ' ').trim());
}

/**
 * The printed lines of each page, top to bottom: the text items that share a baseline, left to
 * right. Two boxes side by side share lines (a line then holds both boxes' text).
 */
export async function pdfLines(buf: Buffer): Promise<string[][]> {
  const pdf = await getDocumentProxy(new Uint8Array(buf));
  const pages: string[][] = [];
  for (let i = 1; i <= pdf.numPages; i++) {
    const page = await pdf.getPage(i);
    const content = await page.getTextContent();
    const rows = new Map<number, { x: number; s: string }[]>();
    for (const item of content.items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5]);
      const key = [...rows.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      rows.set(key, [...(rows.get(key) ?? []), { x: item.transform[4], s: item.str }]);
    }
    pages.push(
      [...rows.entries()]
        .sort((a, b) => b[0] - a[0])
        .map(([, items]) => items.sort((a, b) => a.x - b.x).map((it) => it.s).join(' ').replace(/\s+/g, ' ').trim()),
    );
  }
  return pages;
}

/** The page (0-based) whose lines hold `needle`, or -1. */
export function pageOf(pages: string[][], needle: string): number {
  return pages.findIndex((lines) => lines.some((l) => l.includes(needle)));
}

/** The last page (0-based) whose lines hold `needle`, or -1: a signer's name is also in the text above. */
export function lastPageOf(pages: string[][], needle: string): number {
  for (let i = pages.length - 1; i >= 0; i--) if (pages[i].some((l) => l.includes(needle))) return i;
  return -1;
}

/** LibreOffice's soffice when installed (Debian: libreoffice-writer-nogui), else null. */
export function sofficePath(): string | null {
  for (const p of ['/usr/bin/soffice', '/usr/bin/libreoffice', '/usr/lib/libreoffice/program/soffice']) if (fs.existsSync(p)) return p;
  return null;
}

/**
 * The DOCX as LibreOffice lays it out: converted to PDF headless, in a profile of its own so
 * conversions in parallel do not share one. Several files convert in one run of soffice.
 */
export async function docxToPdfWithLibreOffice(files: Record<string, Buffer>): Promise<Record<string, Buffer>> {
  const soffice = sofficePath();
  if (!soffice) throw new Error('soffice is not installed');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'thidua-lo-'));
  try {
    const inputs = Object.entries(files).map(([name, buf]) => {
      const f = path.join(dir, `${name}.docx`);
      fs.writeFileSync(f, buf);
      return f;
    });
    await promisify(execFile)(soffice, [`-env:UserInstallation=file://${dir}/profile`, '--headless', '--convert-to', 'pdf', '--outdir', dir, ...inputs], { timeout: 180_000 });
    return Object.fromEntries(Object.keys(files).map((name) => [name, fs.readFileSync(path.join(dir, `${name}.pdf`))]));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
