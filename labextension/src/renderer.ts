/**
 * A renderer for `application/vnd.jupyter-privguard.report+json`.
 *
 * JupyterLab shows one MIME type per output. Ranked before HTML, this renderer shows the
 * output's own HTML (or text) through JupyterLab's standard renderers, so sanitising and trust
 * work as always, and adds the findings below it: column, entity, class, score. An output that
 * holds the report alone gets the findings only.
 */

import { IRenderMime } from '@jupyterlab/rendermime-interfaces';
import { RenderedHTML, RenderedText } from '@jupyterlab/rendermime';
import { Widget } from '@lumino/widgets';

import { reportRows, reportSummary } from './format';
import { IReportPayload, REPORT_MIME } from './protocol';

export type ReportDetails = 'collapsed' | 'expanded' | 'hidden';

export class ReportRenderer extends Widget implements IRenderMime.IRenderer {
  constructor(options: IRenderMime.IRendererOptions, details: () => ReportDetails) {
    super();
    this._options = options;
    this._details = details;
    this.addClass('jp-PrivGuard-rendered');
  }

  async renderModel(model: IRenderMime.IMimeModel): Promise<void> {
    this.node.textContent = '';
    for (const w of this._inner) {
      w.dispose();
    }
    this._inner = [];
    const data = model.data;
    // the output itself, drawn by JupyterLab's own renderers
    const inner =
      data['text/html'] !== undefined
        ? new RenderedHTML({ ...this._options, mimeType: 'text/html' })
        : data['text/plain'] !== undefined
          ? new RenderedText({ ...this._options, mimeType: 'text/plain' })
          : null;
    if (inner) {
      this._inner.push(inner);
      await inner.renderModel(model);
      this.node.appendChild(inner.node);
    }
    const payload = data[REPORT_MIME] as unknown as IReportPayload | undefined;
    const mode = this._details();
    if (!payload || typeof payload !== 'object' || (mode === 'hidden' && inner)) {
      return;
    }
    this.node.appendChild(this._detailsNode(payload, mode === 'expanded' || !inner));
  }

  dispose(): void {
    for (const w of this._inner) {
      w.dispose();
    }
    super.dispose();
  }

  private _detailsNode(payload: IReportPayload, open: boolean): HTMLElement {
    const details = document.createElement('details');
    details.className = 'jp-PrivGuard-report';
    details.open = open;
    const summary = document.createElement('summary');
    summary.textContent = reportSummary(payload);
    details.appendChild(summary);
    const rows = reportRows(payload);
    if (rows.length) {
      const table = document.createElement('table');
      const head = table.createTHead().insertRow();
      for (const h of ['column', 'entity', 'class', 'score', 'done']) {
        const th = document.createElement('th');
        th.textContent = h;
        head.appendChild(th);
      }
      const body = table.createTBody();
      for (const row of rows) {
        const tr = body.insertRow();
        for (const cell of row) {
          tr.insertCell().textContent = cell;
        }
      }
      details.appendChild(table);
    }
    return details;
  }

  private _options: IRenderMime.IRendererOptions;
  private _details: () => ReportDetails;
  private _inner: Widget[] = [];
}

/** The factory; rank 40 puts it before HTML (50), see the module comment. */
export function reportRendererFactory(details: () => ReportDetails): IRenderMime.IRendererFactory {
  return {
    safe: true,
    mimeTypes: [REPORT_MIME],
    defaultRank: 40,
    createRenderer: options => new ReportRenderer(options, details)
  };
}
