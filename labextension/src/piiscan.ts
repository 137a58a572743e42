/**
 * Find unredacted personal data in a notebook's outputs without asking the kernel.
 *
 * Two sources: the metadata the guard writes on its outputs (a `reveal` marker means the output
 * shows raw data on purpose), and a pattern scan of every output the guard did not produce
 * (stream text, HTML and plain text, tracebacks). The patterns are strict and validated (Luhn,
 * IBAN mod-97, SSN area rules), because a warning that cries wolf gets clicked away.
 *
 * Results hold locations, entities and counts only: the matched text is never kept.
 */

import { METADATA_KEY, REPORT_MIME } from './protocol';

/** The parts of an nbformat output the scan reads. */
export interface IOutputLike {
  output_type: string;
  text?: string | string[];
  data?: { [mime: string]: unknown };
  metadata?: { [key: string]: unknown };
  traceback?: string[];
  ename?: string;
  evalue?: string;
}

export interface ICellLike {
  cell_type?: string;
  outputs?: IOutputLike[];
}

export interface IOutputFinding {
  cell: number;
  output: number;
  entity: string;
  count: number;
  reason: 'revealed' | 'pattern';
}

export interface IScanOptions {
  /** Pattern names to use (keys of PATTERNS); all by default. */
  patterns?: string[];
  /** Outputs the guard produced are trusted (not pattern-scanned) unless they are reveals. */
  trustGuardMetadata?: boolean;
  /** Characters read per output at most. */
  maxCharsPerOutput?: number;
}

export interface IScanSummary {
  findings: IOutputFinding[];
  /** Entity -> number of matches. */
  entities: { [entity: string]: number };
  /** 1-based cell numbers with findings, in order. */
  cells: number[];
  revealed: number;
}

// validators ----------------------------------------------------------------------------------
export function luhnValid(digits: string): boolean {
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (d < 0 || d > 9) {
      return false;
    }
    if (double) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

export function ibanValid(candidate: string): boolean {
  const iban = candidate.replace(/ /g, '').toUpperCase();
  if (iban.length < 15 || iban.length > 34) {
    return false;
  }
  const moved = iban.slice(4) + iban.slice(0, 4);
  let remainder = 0;
  for (const ch of moved) {
    const code = ch.charCodeAt(0);
    const value = code >= 65 && code <= 90 ? String(code - 55) : ch;
    for (const digit of value) {
      remainder = (remainder * 10 + (digit.charCodeAt(0) - 48)) % 97;
    }
  }
  return remainder === 1;
}

export function ssnValid(candidate: string): boolean {
  const m = /^(\d{3})-(\d{2})-(\d{4})$/.exec(candidate);
  if (!m) {
    return false;
  }
  const [area, group, serial] = [m[1], m[2], m[3]];
  return area !== '000' && area !== '666' && area[0] !== '9' && group !== '00' && serial !== '0000';
}

/**
 * Without a country code, or with +1, a number is North American: its area code and exchange
 * start with 2-9, as the kernel's phone validator requires before it looks the number up.
 */
export function nanpPlausible(candidate: string): boolean {
  const national = /^(?:\+1[ .-]?)?\(?(\d)\d{2}\)?[ .-](\d)/.exec(candidate);
  return !national || (national[1] >= '2' && national[2] >= '2');
}

/**
 * The first digit a payment card number may start with, by its length (the ISO/IEC 7812 issuer
 * digit), as the kernel's card validator has it: 13 digits are Visa or Maestro only, and so on.
 * Rejecting the other first digits halves the random numbers that pass the Luhn check.
 */
export const CARD_FIRST_DIGITS: { [length: number]: string } = {
  12: '56',
  13: '456',
  14: '356',
  15: '12356',
  16: '23456',
  17: '3456',
  18: '3456',
  19: '3456'
};

/**
 * The prefixes a fifteen-digit card number starts with (UATP 1, Diners Club enRoute 2014 and 2149,
 * American Express 34 and 37, Maestro 50 and 56-69), as the kernel's card validator has them:
 * other fifteen-digit Luhn numbers, such as IMEIs (35..., 86...), are no cards.
 */
export const CARD_15_PREFIXES: string[] = ['1', '2014', '2149', '34', '37', '50', '56', '57', '58', '59', '6'];

interface IPattern {
  entity: string;
  regex: RegExp;
  validate?: (match: string) => boolean;
}

/**
 * The patterns, by name. The character class before `@` leaves out `*`, so masked addresses
 * (`o***@example.org`) do not count as addresses.
 */
export const PATTERNS: { [name: string]: IPattern } = {
  email: {
    entity: 'EMAIL_ADDRESS',
    regex: /[A-Za-z0-9._%+-]+@(?:[A-Za-z0-9-]+\.)+[A-Za-z]{2,24}/g
  },
  credit_card: {
    entity: 'CREDIT_CARD',
    regex: /(?<![\d-])\d(?:[ -]?\d){11,18}(?![\d-])/g,
    validate: m => {
      const digits = m.replace(/[ -]/g, '');
      const first = CARD_FIRST_DIGITS[digits.length] ?? '';
      const issuer = digits.length !== 15 || CARD_15_PREFIXES.some(p => digits.startsWith(p));
      return issuer && first.includes(digits[0]) && luhnValid(digits) && !/^(\d)\1+$/.test(digits);
    }
  },
  us_ssn: {
    entity: 'US_SSN',
    regex: /(?<![\d-])\d{3}-\d{2}-\d{4}(?![\d-])/g,
    validate: ssnValid
  },
  iban: {
    entity: 'IBAN_CODE',
    regex: /\b[A-Z]{2}\d{2}(?: ?[A-Z0-9]){11,30}\b/g,
    validate: ibanValid
  },
  phone: {
    entity: 'PHONE_NUMBER',
    regex: /(?<![\w+])(?:\+\d{1,3}[ .-]?)?(?:\(\d{3}\)|\d{3})[ .-]\d{3}[ .-]\d{4}(?!\d)/g,
    validate: nanpPlausible
  },
  ip_address: {
    entity: 'IP_ADDRESS',
    regex: /(?<![\d.])(?:(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)\.){3}(?:25[0-5]|2[0-4]\d|1\d\d|[1-9]?\d)(?![\d.])/g,
    // loopback, "any" and broadcast addresses name no one; other reserved ranges are real hosts
    validate: m => !/^(?:127\.|0\.0\.0\.0$|255\.255\.255\.255$)/.test(m)
  }
};

// reading outputs ----------------------------------------------------------------------------
const SKIPPED_MIME = /^(image\/|video\/|audio\/|application\/pdf$|application\/vnd\.jupyter\.widget)/;

function joined(value: unknown): string {
  if (typeof value === 'string') {
    return value;
  }
  if (Array.isArray(value)) {
    return value.map(v => (typeof v === 'string' ? v : '')).join('');
  }
  if (value && typeof value === 'object') {
    return JSON.stringify(value);
  }
  return '';
}

/**
 * The texts of one output that could hold data, one per MIME type (binary data and the guard's
 * own report left out). Each is scanned on its own: the same table as HTML and as plain text
 * holds the same values once, not twice.
 */
export function outputTexts(output: IOutputLike): string[] {
  switch (output.output_type) {
    case 'stream':
      return [joined(output.text)];
    case 'error':
      // ANSI colour codes would split a value in two
      return [
        [output.ename ?? '', output.evalue ?? '', ...(output.traceback ?? [])]
          .join('\n')
          .replace(/\u001b\[[0-9;]*m/g, '')
      ];
    case 'display_data':
    case 'execute_result':
    case 'update_display_data': {
      const parts: string[] = [];
      for (const [mime, value] of Object.entries(output.data ?? {})) {
        if (mime === REPORT_MIME || SKIPPED_MIME.test(mime)) {
          continue;
        }
        parts.push(joined(value));
      }
      return parts;
    }
    default:
      return [];
  }
}

type GuardMark = { reveal?: boolean; redacted?: boolean; guarded?: boolean; version?: number };

function guardMark(output: IOutputLike): GuardMark | null {
  const mark = output.metadata?.[METADATA_KEY];
  return mark && typeof mark === 'object' ? (mark as GuardMark) : null;
}

/** Count the validated matches of each pattern in `text`: entity -> count. */
export function scanText(text: string, patterns?: string[]): { [entity: string]: number } {
  const counts: { [entity: string]: number } = {};
  const names = patterns ?? Object.keys(PATTERNS);
  for (const name of names) {
    const pattern = PATTERNS[name];
    if (!pattern) {
      continue;
    }
    pattern.regex.lastIndex = 0;
    for (const match of text.matchAll(pattern.regex)) {
      if (!pattern.validate || pattern.validate(match[0])) {
        counts[pattern.entity] = (counts[pattern.entity] ?? 0) + 1;
      }
    }
  }
  return counts;
}

/** Scan every output of every cell; see the module comment. */
export function scanCells(cells: ICellLike[], options: IScanOptions = {}): IScanSummary {
  const trust = options.trustGuardMetadata ?? true;
  const limit = options.maxCharsPerOutput ?? 1_000_000;
  const findings: IOutputFinding[] = [];
  cells.forEach((cell, c) => {
    (cell.outputs ?? []).forEach((output, o) => {
      const mark = guardMark(output);
      if (mark?.reveal) {
        findings.push({ cell: c, output: o, entity: 'REVEALED', count: 1, reason: 'revealed' });
        return;
      }
      if (mark && trust) {
        return;
      }
      const most: { [entity: string]: number } = {};
      for (const text of outputTexts(output)) {
        for (const [entity, count] of Object.entries(scanText(text.slice(0, limit), options.patterns))) {
          most[entity] = Math.max(most[entity] ?? 0, count);
        }
      }
      for (const [entity, count] of Object.entries(most)) {
        findings.push({ cell: c, output: o, entity, count, reason: 'pattern' });
      }
    });
  });
  return summarize(findings);
}

export function summarize(findings: IOutputFinding[]): IScanSummary {
  const entities: { [entity: string]: number } = {};
  const cells: number[] = [];
  let revealed = 0;
  for (const f of findings) {
    if (f.reason === 'revealed') {
      revealed += 1;
    } else {
      entities[f.entity] = (entities[f.entity] ?? 0) + f.count;
    }
    if (!cells.includes(f.cell + 1)) {
      cells.push(f.cell + 1);
    }
  }
  return { findings, entities, cells, revealed };
}

/** One sentence for the warning dialog (entities, counts and cell numbers; no values). */
export function describeSummary(summary: IScanSummary): string {
  const parts = Object.entries(summary.entities)
    .sort((a, b) => b[1] - a[1])
    .map(([entity, count]) => `${count} × ${entity}`);
  if (summary.revealed) {
    parts.push(`${summary.revealed} revealed output${summary.revealed === 1 ? '' : 's'}`);
  }
  const cells = summary.cells.slice(0, 12).join(', ') + (summary.cells.length > 12 ? ', …' : '');
  return `Outputs hold personal data that is not redacted: ${parts.join(', ')} (cell${summary.cells.length === 1 ? '' : 's'} ${cells}).`;
}

/** The guard in the notebook's kernel, as the export dialog needs it. */
export type GuardNow = 'on' | 'off' | 'not-loaded' | 'unknown';

/**
 * What the dialog advises, one sentence per cause found: a revealed output (the guard is on and
 * shows it raw on purpose) and outputs the guard did not make (made before it was loaded, while it
 * was off, or by a path it does not cover). The advice names the guard's state in the kernel now.
 */
export function exportAdvice(summary: IScanSummary, guard: GuardNow = 'unknown'): string[] {
  const advice: string[] = [];
  if (summary.revealed) {
    const what = summary.revealed === 1 ? 'output shows' : 'outputs show';
    advice.push(
      `${summary.revealed === 1 ? 'A' : summary.revealed} revealed ${what} raw values on purpose ` +
        '(%privguard reveal). The guard takes a reveal back when the next cell runs: run a cell, ' +
        'or clear that output, before sharing the file.'
    );
  }
  const unguarded = summary.findings.filter(f => f.reason === 'pattern').length;
  if (unguarded) {
    const these = unguarded === 1 ? 'One output was' : 'Outputs were';
    const how =
      guard === 'on'
        ? 'The guard is on in this kernel now: re-run those cells to redact them, or clear their outputs.'
        : guard === 'off'
          ? 'The guard is off in this kernel: turn it on (%privguard on) and re-run those cells, or clear their outputs.'
          : 'Load the guard (%load_ext jupyter_privguard) and re-run those cells, or clear their outputs.';
    advice.push(`${these} not made by the guard (made before it was loaded, or while it was off). ${how}`);
  }
  advice.push('The exported file will contain what is listed above.');
  return advice;
}
