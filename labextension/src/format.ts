/**
 * Plain functions that turn the guard state into words (status bar, sidebar headings).
 * They import nothing from JupyterLab, so Jest tests them directly.
 */

import { STATE_LABELS, actionDone, classLabel, entityLabel as entityText, plural } from './labels';
import { IColumnState, IGuardState, IReportPayload, IVariableState } from './protocol';

export { plural } from './labels';

export type ConnectionStatus = 'no-kernel' | 'not-loaded' | 'connecting' | 'connected' | 'incompatible';

/** PII columns over every variable the kernel scanned (allowed columns not counted). */
export function piiColumnCount(state: IGuardState): number {
  return state.variables.reduce((sum, v) => sum + v.n_pii, 0);
}

/** The status bar text. */
export function statusText(status: ConnectionStatus, state: IGuardState | null): string {
  switch (status) {
    case 'no-kernel':
      return 'PrivGuard: no kernel';
    case 'connecting':
      return 'PrivGuard: …';
    case 'incompatible':
      return 'PrivGuard: version mismatch';
    case 'not-loaded':
      return 'PrivGuard: not loaded';
  }
  if (!state) {
    return 'PrivGuard: …';
  }
  if (!state.enabled) {
    return 'PrivGuard: OFF';
  }
  const c = state.counts;
  const parts = [
    'PrivGuard: on',
    plural(piiColumnCount(state), 'PII col'),
    `${plural(c.cells_redacted, 'cell')} redacted`
  ];
  if (c.outputs_redacted) {
    parts.push(plural(c.outputs_redacted, 'output') + ' caught');
  }
  return parts.join(' · ');
}

/** The longer line under the status bar item and at the top of the sidebar. */
export function statusTitle(status: ConnectionStatus, state: IGuardState | null): string {
  if (status !== 'connected' || !state) {
    return {
      'no-kernel': 'No notebook kernel',
      connecting: 'Connecting to the kernel',
      incompatible: 'The kernel runs another jupyter-privguard version',
      'not-loaded': 'guard not loaded: run %load_ext jupyter_privguard',
      connected: ''
    }[status];
  }
  const c = state.counts;
  return (
    `Guard ${state.enabled ? 'on' : 'OFF'}: ${plural(c.frames_scanned, 'frame')} scanned, ` +
    `${plural(c.frames_redacted, 'frame')} and ${plural(c.cells_redacted, 'cell')} redacted, ` +
    `${plural(c.outputs_redacted, 'output')} caught by the tripwire`
  );
}

/** Columns worth listing: personal data found, or allowed by the user. */
export function findingColumns(variable: IVariableState): IColumnState[] {
  return variable.columns.filter(c => c.entity !== null || c.span_entities.length > 0 || c.allowed);
}

export function entityLabel(column: IColumnState): string {
  return entityText(column.entity, column.span_entities);
}

export function formatScore(score: number): string {
  return score.toFixed(2);
}

/** Rows for the findings table (names and scores only: the payload has no values). */
export function reportRows(payload: IReportPayload): string[][] {
  const columns = payload.report?.columns ?? {};
  const redacted = new Map(payload.redacted.map(r => [r.column, r]));
  const rows: string[][] = [];
  for (const [name, f] of Object.entries(columns)) {
    const spans = f.span_entities ?? [];
    if (!f.entity && !spans.length) {
      continue;
    }
    const done = redacted.get(name);
    // a revealed column is shown raw for the live view only: the policy does not allow it
    const state = f.revealed ? STATE_LABELS.revealed : f.allowed ? STATE_LABELS.allowed : null;
    rows.push([
      name,
      entityText(f.entity, spans),
      classLabel(f),
      f.score.toFixed(2),
      state ?? (done ? `${actionDone(done.action)} (${done.count})` : actionDone('keep'))
    ]);
  }
  return rows;
}

export function reportSummary(payload: IReportPayload): string {
  if (payload.error) {
    return `PrivGuard: not displayed (${payload.error})`;
  }
  const n = payload.redacted.length;
  const what = payload.label ? `${payload.label}: ` : '';
  if (!n) {
    return `PrivGuard: ${what}no personal data redacted`;
  }
  const entities = Array.from(new Set(payload.redacted.map(r => r.entity))).join(', ');
  return `PrivGuard: ${what}${plural(n, 'column')} redacted (${entities})`;
}
