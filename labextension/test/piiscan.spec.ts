import {
  ICellLike,
  IOutputLike,
  describeSummary,
  ibanValid,
  luhnValid,
  scanCells,
  scanText,
  ssnValid
} from '../src/piiscan';
import { REPORT_MIME } from '../src/protocol';

describe('validators', () => {
  test.each([
    ['4539578763621486', true],
    ['4539578763621487', false],
    ['79927398713', true],
    ['12a4', false]
  ])('luhn %s -> %s', (digits, ok) => expect(luhnValid(digits)).toBe(ok));

  test.each([
    ['GB82 WEST 1234 5698 7654 32', true],
    ['DE89370400440532013000', true],
    ['DE89370400440532013001', false],
    ['GB82', false]
  ])('iban %s -> %s', (iban, ok) => expect(ibanValid(iban)).toBe(ok));

  test.each([
    ['536-22-8714', true],
    ['000-22-8714', false],
    ['666-22-8714', false],
    ['912-22-8714', false],
    ['536-00-8714', false],
    ['536-22-0000', false]
  ])('ssn %s -> %s', (ssn, ok) => expect(ssnValid(ssn)).toBe(ok));
});

describe('scanText: positive and negative rows', () => {
  test.each([
    ['mail ottilie.brannigan@example.org now', { EMAIL_ADDRESS: 1 }],
    ['masked o***@example.org and <EMAIL_ADDRESS>', {}],
    ['card 4539 5787 6362 1486 paid', { CREDIT_CARD: 1 }],
    ['order 4539578763621487 (fails Luhn)', {}],
    ['id 0000000000000000', {}],
    ['maestro 501800000009 ok', { CREDIT_CARD: 1 }],
    ['card 9350 4925 8991 3942 (no issuer starts with 9)', {}],
    ['amex 3782 822463 10005 paid', { CREDIT_CARD: 1 }],
    ['imei 356938035643809 is a handset, not a card', {}],
    ['ssn 536-22-8714', { US_SSN: 1 }],
    ['ssn 666-22-8714 and date 2024-01-15', {}],
    ['iban DE89 3704 0044 0532 0130 00', { IBAN_CODE: 1 }],
    ['iban DE00 3704 0044 0532 0130 00', {}],
    ['call (415) 555-0132 or +1 415.555.0199', { PHONE_NUMBER: 2 }],
    ['call (155) 555-0132 or 415 155 0132', {}],
    ['version 1.2.3 and 2024-01-15 and 3.14159', {}],
    ['from 203.0.113.7', { IP_ADDRESS: 1 }],
    ['bind 127.0.0.1 and 0.0.0.0', {}],
    ['broadcast 255.255.255.255 from 10.0.0.7', { IP_ADDRESS: 1 }],
    ['<US_SSN> <CREDIT_CARD> <PHONE_NUMBER> 12345', {}]
  ])('%s', (text, expected) => expect(scanText(text)).toEqual(expected));

  test('only the chosen patterns', () => {
    expect(scanText('a@example.org 536-22-8714', ['us_ssn'])).toEqual({ US_SSN: 1 });
  });
});

const raw = (text: string): IOutputLike => ({
  output_type: 'execute_result',
  data: { 'text/plain': text, 'text/html': `<td>${text}</td>` },
  metadata: {}
});

describe('scanCells', () => {
  test('counts a value shown as HTML and as text once', () => {
    const summary = scanCells([{ outputs: [raw('ottilie.brannigan@example.org')] }]);
    expect(summary.entities).toEqual({ EMAIL_ADDRESS: 1 });
    expect(summary.cells).toEqual([1]);
  });

  test('trusts outputs the guard produced, unless they are reveals', () => {
    const guarded: IOutputLike = {
      ...raw('o***@example.org ottilie@example.org'),
      metadata: { jupyter_privguard: { version: 1, redacted: true, columns: ['email'] } }
    };
    const revealed: IOutputLike = {
      ...raw('<b>revealed</b>'),
      metadata: { jupyter_privguard: { version: 1, reveal: true, columns: [] } }
    };
    const cells: ICellLike[] = [{ outputs: [guarded] }, { cell_type: 'markdown' }, { outputs: [revealed] }];
    const summary = scanCells(cells);
    expect(summary.entities).toEqual({});
    expect(summary.revealed).toBe(1);
    expect(summary.cells).toEqual([3]);
    expect(scanCells(cells, { trustGuardMetadata: false }).entities).toEqual({ EMAIL_ADDRESS: 1 });
  });

  test('reads streams and tracebacks, skips images and the report', () => {
    const cells: ICellLike[] = [
      {
        outputs: [
          { output_type: 'stream', text: ['536-22-', '8714\n'] },
          {
            output_type: 'error',
            ename: 'KeyError',
            evalue: "'\u001b[31mc.wendeborn@example.net\u001b[0m'",
            traceback: []
          },
          {
            output_type: 'display_data',
            data: { 'image/png': 'b3R0aWxpZUBleGFtcGxlLm9yZw==', [REPORT_MIME]: { note: 'x@example.org' } },
            metadata: {}
          }
        ]
      }
    ];
    expect(scanCells(cells).entities).toEqual({ US_SSN: 1, EMAIL_ADDRESS: 1 });
  });

  test('an empty notebook has no findings', () => {
    expect(scanCells([]).findings).toEqual([]);
    expect(scanCells([{ outputs: [raw('plan basic, 12 rows')] }]).findings).toEqual([]);
  });

  test('the description names entities and cells, never values', () => {
    const summary = scanCells([
      { outputs: [raw('ottilie.brannigan@example.org 536-22-8714 536-22-8715')] },
      { outputs: [{ output_type: 'stream', text: 'x', metadata: { jupyter_privguard: { reveal: true } } }] }
    ]);
    const text = describeSummary(summary);
    expect(text).toContain('2 × US_SSN');
    expect(text).toContain('1 × EMAIL_ADDRESS');
    expect(text).toContain('1 revealed output');
    expect(text).toContain('cells 1, 2');
    expect(text).not.toContain('ottilie');
    expect(text).not.toContain('8714');
  });
});
