import { PROTOCOL_VERSION, allowColumn, parseMessage, requestState, setAction, setEnabled } from '../src/protocol';
import { reportRows, reportSummary, statusText, statusTitle } from '../src/format';
import { IGuardState } from '../src/protocol';

const state = (over: Partial<IGuardState> = {}): IGuardState => ({
  enabled: true,
  policy: {
    source: 'defaults',
    min_score: 0.5,
    strict: false,
    allow_columns: [],
    n_allow_values: 0,
    n_allow_patterns: 0,
    forced_columns: {},
    allow_column_ids: []
  },
  actions: ['keep', 'mask', 'redact'],
  entities: [{ name: 'EMAIL_ADDRESS', category: 'direct', action: 'redact', default_action: 'redact', changed: false }],
  variables: [
    {
      label: 'people',
      kind: 'pandas.DataFrame',
      n_rows: 4,
      n_columns: 5,
      n_pii: 3,
      truncated: false,
      columns: []
    }
  ],
  counts: {
    frames_scanned: 2,
    frames_redacted: 1,
    cells_redacted: 12,
    outputs_redacted: 0,
    exports_warned: 0,
    exports_blocked: 0,
    reveals: 0
  },
  n_known_values: 8,
  risk: [],
  notes: [],
  privguard_version: '0.1.0',
  ...over
});

describe('messages to the kernel', () => {
  test('carry the protocol version and their fields', () => {
    expect(requestState()).toEqual({ version: PROTOCOL_VERSION, type: 'request_state' });
    expect(setEnabled(false)).toEqual({ version: PROTOCOL_VERSION, type: 'set_enabled', enabled: false });
    expect(setAction('EMAIL_ADDRESS', 'mask')).toEqual({
      version: PROTOCOL_VERSION,
      type: 'set_action',
      entity: 'EMAIL_ADDRESS',
      action: 'mask'
    });
    expect(allowColumn('email')).toEqual({ version: PROTOCOL_VERSION, type: 'allow_column', column: 'email' });
    expect(allowColumn('email', false).type).toBe('disallow_column');
  });
});

describe('parseMessage', () => {
  test.each([
    [{ version: PROTOCOL_VERSION, type: 'state', reason: 'load', state: state() }, true],
    [{ version: PROTOCOL_VERSION, type: 'error', request: 'x', message: 'bad' }, true],
    [{ version: PROTOCOL_VERSION, type: 'unloaded' }, true],
    [{ version: PROTOCOL_VERSION, type: 'state', state: { enabled: 'yes' } }, false],
    [{ version: PROTOCOL_VERSION, type: 'error' }, false],
    [{ version: PROTOCOL_VERSION, type: 'mystery' }, false],
    [[1, 2], false],
    [null, false]
  ])('%j ok=%s', (data, ok) => expect(parseMessage(data).ok).toBe(ok));

  test('another version is incompatible, with advice', () => {
    const parsed = parseMessage({ version: PROTOCOL_VERSION + 1, type: 'state' });
    expect(parsed.ok).toBe(false);
    if (!parsed.ok) {
      expect(parsed.incompatible).toBe(true);
      expect(parsed.reason).toContain('install the same jupyter-privguard version');
    }
  });
});

describe('status text', () => {
  test.each([
    ['no-kernel', null, 'PrivGuard: no kernel'],
    ['not-loaded', null, 'PrivGuard: not loaded'],
    ['incompatible', null, 'PrivGuard: version mismatch'],
    ['connected', state(), 'PrivGuard: on · 3 PII cols · 12 cells redacted'],
    ['connected', state({ enabled: false }), 'PrivGuard: OFF'],
    [
      'connected',
      state({ counts: { ...state().counts, outputs_redacted: 1 } }),
      'PrivGuard: on · 3 PII cols · 12 cells redacted · 1 output caught'
    ]
  ] as const)('%s', (status, s, text) => expect(statusText(status, s)).toBe(text));

  test('the title explains "not loaded"', () => {
    expect(statusTitle('not-loaded', null)).toContain('guard not loaded');
    expect(statusTitle('connected', state())).toContain('2 frames scanned');
  });
});

describe('report payload', () => {
  const payload = {
    version: 1,
    kind: 'pandas.DataFrame',
    label: 'people',
    redacted: [{ column: 'email', entity: 'EMAIL_ADDRESS', action: 'redact', count: 4 }],
    report: {
      columns: {
        email: { entity: 'EMAIL_ADDRESS', category: 'direct' as const, score: 0.97 },
        notes: { entity: null, category: null, score: 0.8, span_entities: ['PERSON'] },
        plan: { entity: null, category: null, score: 0 },
        ssn: { entity: 'US_SSN', category: 'direct' as const, score: 0.9, allowed: true }
      }
    }
  };

  test('rows list the findings only', () => {
    expect(reportRows(payload)).toEqual([
      ['email', 'EMAIL_ADDRESS', 'direct', '0.97', 'redacted (4)'],
      ['notes', 'free text: PERSON', 'free text', '0.80', 'kept'],
      ['ssn', 'US_SSN', 'direct', '0.90', 'allowed']
    ]);
  });

  test('summary', () => {
    expect(reportSummary(payload)).toBe('PrivGuard: people: 1 column redacted (EMAIL_ADDRESS)');
    expect(reportSummary({ ...payload, redacted: [] })).toBe('PrivGuard: people: no personal data redacted');
    expect(reportSummary({ version: 1, kind: 'x', redacted: [], error: 'TypeError' })).toContain('TypeError');
  });
});
