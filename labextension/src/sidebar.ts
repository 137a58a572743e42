/**
 * The PrivGuard sidebar: the current notebook kernel's guard at a glance, with controls.
 *
 * Plain DOM, re-drawn from the state on every change: the state is small (names, entities,
 * scores, counts) and a redraw keeps the view and the kernel from drifting apart.
 */

import { Widget } from '@lumino/widgets';

import { entityLabel, findingColumns, formatScore, plural, statusTitle } from './format';
import { classLabel, classTitle } from './labels';
import { KernelGuard } from './model';
import { IGuardState, allowColumn, setAction, setEnabled } from './protocol';

function el<K extends keyof HTMLElementTagNameMap>(
  tag: K,
  attrs: { [key: string]: string } = {},
  ...children: (Node | string)[]
): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [key, value] of Object.entries(attrs)) {
    if (key === 'class') {
      node.className = value;
    } else {
      node.setAttribute(key, value);
    }
  }
  for (const child of children) {
    node.append(child);
  }
  return node;
}

/**
 * Put the table in a box that scrolls sideways, and tell each cell its column's heading.
 *
 * A narrow sidebar (JupyterLab opens it 250 px wide) lays every row out as a card instead of
 * a table (style/base.css, a container query): the headings then go with the cells they name.
 */
function stackable(table: HTMLTableElement): void {
  const heads = Array.from(table.tHead?.rows[0]?.cells ?? [], cell => cell.textContent ?? '');
  for (const body of Array.from(table.tBodies)) {
    for (const row of Array.from(body.rows)) {
      Array.from(row.cells).forEach((cell, i) => {
        cell.dataset.head = heads[i] ?? '';
      });
    }
  }
  const box = el('div', { class: 'jp-PrivGuard-tableBox' });
  table.replaceWith(box);
  box.append(table);
}

export class GuardSidebar extends Widget {
  constructor() {
    super();
    this.id = 'jupyter-privguard-sidebar';
    this.addClass('jp-PrivGuard-sidebar');
    this.title.caption = 'PrivGuard: personal data in this notebook';
    this._render();
  }

  /** The guard shown (the current notebook's), or null when no notebook is current. */
  get guard(): KernelGuard | null {
    return this._guard;
  }

  set guard(guard: KernelGuard | null) {
    if (guard === this._guard) {
      return;
    }
    this._guard?.changed.disconnect(this._render, this);
    this._guard = guard;
    guard?.changed.connect(this._render, this);
    this._render();
  }

  /** The notebook's name, for the heading. */
  set notebookName(name: string) {
    this._notebookName = name;
    this._render();
  }

  dispose(): void {
    this._guard?.changed.disconnect(this._render, this);
    super.dispose();
  }

  private _render(): void {
    const guard = this._guard;
    const root = this.node;
    root.textContent = '';
    root.append(el('h2', { class: 'jp-PrivGuard-title' }, 'PrivGuard'));
    if (!guard) {
      root.append(el('p', { class: 'jp-PrivGuard-status' }, 'Open a notebook to see its guard.'));
      return;
    }
    if (this._notebookName) {
      root.append(el('div', { class: 'jp-PrivGuard-notebook' }, this._notebookName));
    }
    const state = guard.state;
    const status = guard.status;
    root.append(
      el(
        'p',
        { class: `jp-PrivGuard-status jp-PrivGuard-status-${status}`, 'data-status': status },
        statusTitle(status, state)
      )
    );
    if (guard.lastError) {
      root.append(el('p', { class: 'jp-PrivGuard-error' }, guard.lastError));
    }
    if (status === 'not-loaded') {
      const load = el(
        'button',
        { class: 'jp-mod-styled jp-mod-accept jp-PrivGuard-load' },
        'Load the guard in this kernel'
      );
      load.onclick = () => void guard.loadGuard();
      root.append(load);
      return;
    }
    if (status !== 'connected' || !state) {
      return;
    }
    root.append(this._controls(guard, state));
    root.append(this._findings(guard, state));
    root.append(this._allowed(guard, state));
    if (state.risk.length) {
      root.append(this._risk(state));
    }
    if (state.notes.length) {
      root.append(el('ul', { class: 'jp-PrivGuard-notes' }, ...state.notes.map(n => el('li', {}, n))));
    }
  }

  private _controls(guard: KernelGuard, state: IGuardState): HTMLElement {
    const toggle = el('input', { type: 'checkbox', class: 'jp-PrivGuard-toggle' });
    toggle.checked = state.enabled;
    toggle.onchange = () => guard.send(setEnabled(toggle.checked));
    const c = state.counts;
    return el(
      'div',
      { class: 'jp-PrivGuard-controls' },
      el('label', { class: 'jp-PrivGuard-toggleLabel' }, toggle, ' Guard outputs in this kernel'),
      el(
        'div',
        { class: 'jp-PrivGuard-counts' },
        `${plural(c.frames_redacted, 'frame')} · ${plural(c.cells_redacted, 'cell')} redacted · ` +
          `${plural(c.outputs_redacted, 'output')} caught · ${plural(c.reveals, 'reveal')}`
      ),
      el('div', { class: 'jp-PrivGuard-policySource' }, `policy: ${state.policy.source}`)
    );
  }

  private _actionSelect(guard: KernelGuard, state: IGuardState, entity: string): HTMLSelectElement {
    const select = el('select', { class: 'jp-PrivGuard-action', 'data-entity': entity, title: `action for ${entity}` });
    const current = state.entities.find(e => e.name === entity);
    for (const action of state.actions) {
      const option = el('option', { value: action }, action);
      option.selected = current?.action === action;
      select.append(option);
    }
    select.onchange = () => guard.send(setAction(entity, select.value));
    return select;
  }

  private _findings(guard: KernelGuard, state: IGuardState): HTMLElement {
    const section = el('div', { class: 'jp-PrivGuard-findingsSection' }, el('h3', {}, 'Findings'));
    if (!state.variables.length) {
      section.append(el('p', { class: 'jp-PrivGuard-empty' }, 'Nothing displayed or scanned yet.'));
      return section;
    }
    for (const variable of state.variables) {
      const columns = findingColumns(variable);
      const heading = el(
        'h4',
        {},
        `${variable.label} `,
        el(
          'span',
          { class: 'jp-PrivGuard-dim' },
          `${variable.kind.replace(/^pandas\./, '')}, ${plural(variable.n_rows, 'row')}, ${variable.n_pii} of ${plural(variable.n_columns, 'column')} personal`
        )
      );
      const block = el('div', { class: 'jp-PrivGuard-variable', 'data-label': variable.label }, heading);
      if (columns.length) {
        const body = el('tbody');
        for (const column of columns) {
          const row = el(
            'tr',
            { 'data-column': column.column, class: column.allowed ? 'jp-PrivGuard-allowedRow' : '' },
            el('td', { class: 'jp-PrivGuard-column' }, column.column),
            el('td', { class: 'jp-PrivGuard-entity' }, entityLabel(column)),
            el('td', { class: 'jp-PrivGuard-category', title: classTitle(column) }, classLabel(column)),
            el('td', { class: 'jp-PrivGuard-score' }, formatScore(column.score))
          );
          const actionCell = el('td');
          if (column.allowed) {
            actionCell.append('allowed');
          } else if (column.entity) {
            actionCell.append(this._actionSelect(guard, state, column.entity));
          } else {
            actionCell.append(column.action);
          }
          const allowCell = el('td');
          if (!column.allowed) {
            const allow = el(
              'button',
              { class: 'jp-PrivGuard-allow', title: `never treat column ${column.column} as personal data` },
              'allow'
            );
            // the label may be redacted (a value): the id tells the kernel which column
            allow.onclick = () => guard.send(allowColumn(column.column, true, column.column_id));
            allowCell.append(allow);
          }
          row.append(actionCell, allowCell);
          body.append(row);
        }
        block.append(
          el(
            'table',
            { class: 'jp-PrivGuard-findings' },
            el(
              'thead',
              {},
              el('tr', {}, ...['column', 'entity', 'class', 'score', 'action', ''].map(h => el('th', {}, h)))
            ),
            body
          )
        );
        stackable(block.lastElementChild as HTMLTableElement);
      } else {
        block.append(el('p', { class: 'jp-PrivGuard-empty' }, 'No personal data found.'));
      }
      if (variable.truncated) {
        block.append(el('p', { class: 'jp-PrivGuard-dim' }, 'Only the first columns are listed.'));
      }
      section.append(block);
    }
    return section;
  }

  private _allowed(guard: KernelGuard, state: IGuardState): HTMLElement {
    const p = state.policy;
    const section = el('div', { class: 'jp-PrivGuard-allowSection' }, el('h3', {}, 'Allowed'));
    const list = el('ul', { class: 'jp-PrivGuard-allowList' });
    p.allow_columns.forEach((column, i) => {
      const remove = el(
        'button',
        { class: 'jp-PrivGuard-disallow', title: `treat ${column} as personal data again` },
        'remove'
      );
      remove.onclick = () => guard.send(allowColumn(column, false, p.allow_column_ids?.[i]));
      list.append(el('li', { 'data-column': column }, `column ${column} `, remove));
    });
    section.append(list);
    section.append(
      el(
        'p',
        { class: 'jp-PrivGuard-dim' },
        `${plural(p.n_allow_values, 'value')} and ${plural(p.n_allow_patterns, 'pattern')} allowed (not shown)`
      )
    );
    return section;
  }

  private _risk(state: IGuardState): HTMLElement {
    const section = el('div', { class: 'jp-PrivGuard-riskSection' }, el('h3', {}, 'Risk'));
    for (const r of state.risk) {
      const facts: string[] = [];
      if (r.k !== null) {
        facts.push(`k = ${r.k}`);
      }
      if (r.unique_share !== null) {
        facts.push(`${(r.unique_share * 100).toFixed(1)} % unique rows`);
      }
      if (r.proxies.length) {
        facts.push(`proxies: ${r.proxies.join(', ')}`);
      }
      section.append(
        el(
          'div',
          { class: 'jp-PrivGuard-risk', 'data-kind': r.kind },
          el('b', {}, `${r.label} (${r.kind})`),
          el('div', {}, r.verdict),
          facts.length ? el('div', { class: 'jp-PrivGuard-dim' }, facts.join(' · ')) : ''
        )
      );
    }
    return section;
  }

  private _guard: KernelGuard | null = null;
  private _notebookName = '';
}
