/**
 * The `jupyter_privguard` comm protocol, mirrored from `jupyter_privguard/integrations/comm.py`.
 *
 * Keep both files in step: a change that an older peer cannot read bumps PROTOCOL_VERSION on
 * both sides. Messages carry names, entities, scores, counts and settings; never a data value.
 */

export const COMM_TARGET = 'jupyter_privguard';
export const PROTOCOL_VERSION = 1;
export const REPORT_MIME = 'application/vnd.jupyter-privguard.report+json';
/** A reveal's output payload: `{ id, version }`; the raw view comes over the comm (`IRevealMessage`). */
export const REVEAL_MIME = 'application/vnd.jupyter-privguard.reveal+json';
export const METADATA_KEY = 'jupyter_privguard';

export type Category = 'direct' | 'quasi' | 'sensitive';

export interface IColumnState {
  column: string;
  entity: string | null;
  category: Category | null;
  score: number;
  coverage: number;
  kind: string;
  span_entities: string[];
  allowed: boolean;
  /** The action the policy takes ("redact", "mask" ...), "allowed", "redact spans" or "-". */
  action: string;
  /** Opaque id of the column; `column` is redacted when the label is a value, the id still finds it. */
  column_id: string;
}

export interface IVariableState {
  label: string;
  kind: string;
  n_rows: number;
  n_columns: number;
  n_pii: number;
  columns: IColumnState[];
  truncated: boolean;
}

export interface IEntityState {
  name: string;
  category: Category;
  action: string;
  default_action: string;
  changed: boolean;
}

export interface IPolicyState {
  source: string;
  min_score: number;
  strict: boolean;
  allow_columns: string[];
  n_allow_values: number;
  n_allow_patterns: number;
  forced_columns: { [column: string]: string };
  /** The ids of `allow_columns`, in the same order (for `disallow_column`). */
  allow_column_ids: string[];
}

export interface IRiskState {
  label: string;
  kind: 'leakage' | 'reidentification' | 'other';
  verdict: string;
  k: number | null;
  unique_share: number | null;
  proxies: string[];
}

export interface IGuardCounts {
  frames_scanned: number;
  frames_redacted: number;
  cells_redacted: number;
  outputs_redacted: number;
  exports_warned: number;
  exports_blocked: number;
  reveals: number;
  [key: string]: number;
}

export interface IGuardState {
  enabled: boolean;
  policy: IPolicyState;
  actions: string[];
  entities: IEntityState[];
  variables: IVariableState[];
  counts: IGuardCounts;
  n_known_values: number;
  risk: IRiskState[];
  notes: string[];
  privguard_version: string;
}

// kernel -> frontend ------------------------------------------------------------------------
export interface IStateMessage {
  version: number;
  type: 'state';
  reason: string;
  state: IGuardState;
}

export interface IErrorMessage {
  version: number;
  type: 'error';
  request: string;
  message: string;
}

export interface IUnloadedMessage {
  version: number;
  type: 'unloaded';
}

/** The raw view of a reveal, for the live view only: never written into the notebook. */
export interface IRevealMessage {
  version: number;
  type: 'reveal';
  id: string;
  label: string;
  data: { [mime: string]: string };
  nonce: string;
}

export interface IRevealEndMessage {
  version: number;
  type: 'reveal_end';
  id: string;
}

export type OutgoingMessage = IStateMessage | IErrorMessage | IUnloadedMessage | IRevealMessage | IRevealEndMessage;

// frontend -> kernel ------------------------------------------------------------------------
export interface IRequestStateMessage {
  version: number;
  type: 'request_state';
}

export interface ISetEnabledMessage {
  version: number;
  type: 'set_enabled';
  enabled: boolean;
}

export interface ISetActionMessage {
  version: number;
  type: 'set_action';
  entity: string;
  action: string;
}

export interface IAllowColumnMessage {
  version: number;
  type: 'allow_column' | 'disallow_column';
  column: string;
  column_id?: string;
}

export type IncomingMessage = IRequestStateMessage | ISetEnabledMessage | ISetActionMessage | IAllowColumnMessage;

/** The report MIME payload (`render.report_payload` in Python). */
export interface IReportPayload {
  version: number;
  kind: string;
  label?: string | null;
  n_rows?: number;
  n_columns?: number;
  redacted: { column: string; entity: string; action: string; count: number }[];
  notes?: string[];
  error?: string;
  report?: {
    pii_columns?: string[];
    columns?: {
      [name: string]: {
        entity: string | null;
        category: Category | null;
        score: number;
        coverage?: number;
        allowed?: boolean;
        /** Shown raw in a live reveal (never allowed by the policy). */
        revealed?: boolean;
        span_entities?: string[];
      };
    };
  } | null;
  /** The columns a reveal shows raw (a reveal's output only). */
  revealed?: string[];
}

// builders ------------------------------------------------------------------------------------
export const requestState = (): IRequestStateMessage => ({
  version: PROTOCOL_VERSION,
  type: 'request_state'
});

export const setEnabled = (enabled: boolean): ISetEnabledMessage => ({
  version: PROTOCOL_VERSION,
  type: 'set_enabled',
  enabled
});

export const setAction = (entity: string, action: string): ISetActionMessage => ({
  version: PROTOCOL_VERSION,
  type: 'set_action',
  entity,
  action
});

export const allowColumn = (column: string, allow = true, columnId?: string): IAllowColumnMessage => ({
  version: PROTOCOL_VERSION,
  type: allow ? 'allow_column' : 'disallow_column',
  column,
  ...(columnId ? { column_id: columnId } : {})
});

// validation ----------------------------------------------------------------------------------
function isObject(value: unknown): value is { [key: string]: unknown } {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Check a kernel message: the result says what it is, or why it cannot be used.
 *
 * A message of another protocol version is reported as `incompatible`, so the sidebar can
 * say which side to upgrade instead of showing a half-understood state.
 */
export function parseMessage(
  data: unknown
): { ok: true; message: OutgoingMessage } | { ok: false; incompatible: boolean; reason: string } {
  if (!isObject(data)) {
    return { ok: false, incompatible: false, reason: 'expected a JSON object' };
  }
  if (data.version !== PROTOCOL_VERSION) {
    return {
      ok: false,
      incompatible: true,
      reason: `the kernel speaks protocol version ${String(data.version)}, this JupyterLab extension ${PROTOCOL_VERSION}: install the same jupyter-privguard version in the kernel and in JupyterLab`
    };
  }
  switch (data.type) {
    case 'state': {
      const state = data.state;
      if (
        !isObject(state) ||
        typeof state.enabled !== 'boolean' ||
        !Array.isArray(state.variables) ||
        !Array.isArray(state.entities) ||
        !isObject(state.counts) ||
        !isObject(state.policy)
      ) {
        return { ok: false, incompatible: false, reason: 'a state message without a valid state' };
      }
      return { ok: true, message: data as unknown as IStateMessage };
    }
    case 'error':
      if (typeof data.message !== 'string') {
        return { ok: false, incompatible: false, reason: 'an error message without text' };
      }
      return { ok: true, message: data as unknown as IErrorMessage };
    case 'unloaded':
      return { ok: true, message: data as unknown as IUnloadedMessage };
    case 'reveal':
      if (typeof data.id !== 'string' || !isObject(data.data)) {
        return { ok: false, incompatible: false, reason: 'a reveal message without an id or a view' };
      }
      return { ok: true, message: data as unknown as IRevealMessage };
    case 'reveal_end':
      if (typeof data.id !== 'string') {
        return { ok: false, incompatible: false, reason: 'a reveal_end message without an id' };
      }
      return { ok: true, message: data as unknown as IRevealEndMessage };
    default:
      return {
        ok: false,
        incompatible: false,
        reason: `unknown message type ${JSON.stringify(data.type)}`
      };
  }
}
