import { ACTION_DONE, CLASS_LABELS, actionDone, classLabel, classTitle, entityLabel, plural } from '../src/labels';
import { reportRows, statusText } from '../src/format';
import { IScanSummary, exportAdvice, scanCells } from '../src/piiscan';
import { IColumnState, IGuardState } from '../src/protocol';

const column = (over: Partial<IColumnState> = {}): IColumnState => ({
  column: 'support_notes',
  entity: null,
  category: null,
  score: 1,
  coverage: 0.38,
  kind: 'free_text',
  span_entities: ['PHONE_NUMBER', 'EMAIL_ADDRESS', 'PERSON'],
  allowed: false,
  action: 'redact spans',
  column_id: 'abc',
  ...over
});

describe('class labels', () => {
  test('a free-text column is "free text", whatever its spans are', () => {
    expect(classLabel(column())).toBe('free text');
    expect(classTitle(column())).toContain('free text');
    expect(entityLabel(null, ['PERSON', 'EMAIL_ADDRESS'])).toBe('free text: PERSON, EMAIL_ADDRESS');
  });

  test('the catalogue classes, and no class without personal data', () => {
    expect(classLabel(column({ entity: 'EMAIL_ADDRESS', category: 'direct', kind: 'value', span_entities: [] }))).toBe(
      'direct'
    );
    expect(classTitle(column({ category: 'quasi', span_entities: [] }))).toBe('quasi-identifier');
    expect(classLabel(column({ span_entities: [] }))).toBe(CLASS_LABELS.none);
    expect(classLabel(column({ span_entities: [] }))).toBe('-');
  });

  test('actions are named by what they did', () => {
    expect(actionDone('redact')).toBe('redacted');
    expect(actionDone('redact spans')).toBe('spans redacted');
    expect(actionDone('custom_operator')).toBe('custom_operator');
    expect(Object.keys(ACTION_DONE)).toContain('pseudonymize');
  });
});

describe('plurals', () => {
  test.each([
    [0, 'outputs'],
    [1, 'output'],
    [2, 'outputs']
  ])('%d', (n, word) => expect(plural(n, 'output')).toBe(`${n} ${word}`));

  test('the status bar says "1 cell", not "1 cells"', () => {
    const state = {
      enabled: true,
      counts: { cells_redacted: 1, outputs_redacted: 1 },
      variables: [{ n_pii: 1 }]
    } as unknown as IGuardState;
    const text = statusText('connected', state);
    expect(text).toBe('PrivGuard: on · 1 PII col · 1 cell redacted · 1 output caught');
    expect(text).not.toMatch(/\b1 \w+s\b/);
  });
});

describe('a revealed column', () => {
  test('is "revealed", not "allowed"', () => {
    const rows = reportRows({
      version: 1,
      kind: 'pandas.DataFrame',
      redacted: [{ column: 'phone', entity: 'PHONE_NUMBER', action: 'redact', count: 6 }],
      report: {
        columns: {
          email: { entity: 'EMAIL_ADDRESS', category: 'direct', score: 1, allowed: false, revealed: true },
          phone: { entity: 'PHONE_NUMBER', category: 'direct', score: 1 },
          ssn: { entity: 'US_SSN', category: 'direct', score: 1, allowed: true }
        }
      },
      revealed: ['email']
    });
    expect(rows.map(r => r[4])).toEqual(['revealed', 'redacted (6)', 'allowed']);
  });
});

describe('export advice matches the cause', () => {
  const revealed = scanCells([
    {
      outputs: [
        { output_type: 'display_data', data: { 'text/plain': 'x' }, metadata: { jupyter_privguard: { reveal: true } } }
      ]
    }
  ]);
  const unguarded = scanCells([{ outputs: [{ output_type: 'stream', text: 'ottilie.brannigan@example.org' }] }]);
  const both: IScanSummary = {
    ...unguarded,
    findings: [...revealed.findings, ...unguarded.findings],
    revealed: 1
  };

  test('a reveal: run a cell, never "re-run with the guard on"', () => {
    const text = exportAdvice(revealed, 'on').join(' ');
    expect(text).toContain('revealed output shows raw values');
    expect(text).toContain('next cell runs');
    expect(text).not.toContain('%load_ext');
    expect(text).not.toContain('not made by the guard');
  });

  test('outputs made before the guard: the advice names the guard as it is now', () => {
    expect(exportAdvice(unguarded, 'on').join(' ')).toContain('The guard is on in this kernel now: re-run');
    expect(exportAdvice(unguarded, 'on').join(' ')).not.toContain('%load_ext');
    expect(exportAdvice(unguarded, 'not-loaded').join(' ')).toContain('%load_ext jupyter_privguard');
    expect(exportAdvice(unguarded, 'off').join(' ')).toContain('%privguard on');
    expect(exportAdvice(unguarded).join(' ')).not.toContain('revealed');
  });

  test('both causes: both sentences', () => {
    const text = exportAdvice(both, 'on').join(' ');
    expect(text).toContain('revealed output');
    expect(text).toContain('One output was not made by the guard');
  });
});
