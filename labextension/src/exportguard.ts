/**
 * A warning before a notebook leaves JupyterLab with personal data in its outputs.
 *
 * Download, Export Notebook As and Save and Export run `docmanager:download` and
 * `notebook:export-to-format`. Lumino has no hook to intercept a command, so the registered
 * command's `execute` is wrapped in place: the scan runs first (in the browser, no kernel
 * needed), then a dialog; Cancel stops the command, "Export anyway" runs it unchanged.
 */

import { JupyterFrontEnd } from '@jupyterlab/application';
import { Dialog, showDialog } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { CommandRegistry } from '@lumino/commands';
import { ReadonlyPartialJSONObject } from '@lumino/coreutils';
import { Widget } from '@lumino/widgets';

import { GuardNow, ICellLike, IScanOptions, IScanSummary, describeSummary, exportAdvice, scanCells } from './piiscan';

export const GUARDED_COMMANDS = ['docmanager:download', 'notebook:export-to-format'];

export interface IExportGuardOptions {
  app: JupyterFrontEnd;
  tracker: INotebookTracker;
  enabled: () => boolean;
  scanOptions: () => IScanOptions;
  /** The guard in the kernel of a notebook panel now (the advice depends on it). */
  guardNow?: (panel: NotebookPanel) => GuardNow;
}

/** Scan one notebook panel's outputs. */
export function scanNotebook(panel: NotebookPanel, options: IScanOptions): IScanSummary {
  const content = panel.content.model?.toJSON() as { cells?: ICellLike[] } | undefined;
  return scanCells(content?.cells ?? [], options);
}

type Execute = (args: ReadonlyPartialJSONObject) => unknown;

export class ExportGuard {
  constructor(options: IExportGuardOptions) {
    this._options = options;
    const commands = options.app.commands;
    for (const id of GUARDED_COMMANDS) {
      this._wrap(commands, id);
    }
    // commands registered after us (plugin order is not guaranteed) are wrapped when they appear
    commands.commandChanged.connect((_, change) => {
      if (change.type === 'added' && change.id && GUARDED_COMMANDS.includes(change.id)) {
        this._wrap(commands, change.id);
      }
    });
  }

  /** How many times the dialog was shown and the user went on / cancelled. */
  readonly counts = { warned: 0, cancelled: 0 };

  private _wrap(commands: CommandRegistry, id: string): void {
    const registry = (commands as unknown as { _commands?: Map<string, { execute: Execute }> })._commands;
    const command = registry?.get(id);
    if (!command || this._wrapped.has(command)) {
      return;
    }
    const original = command.execute;
    command.execute = async (args: ReadonlyPartialJSONObject) => {
      if (await this._confirm(id, args)) {
        return original(args);
      }
      return undefined;
    };
    this._wrapped.add(command);
  }

  private _panelFor(id: string, args: ReadonlyPartialJSONObject): NotebookPanel | null {
    const { app, tracker } = this._options;
    if (typeof args.path === 'string') {
      const byPath = tracker.find(p => p.context.path === args.path);
      if (byPath) {
        return byPath;
      }
    }
    if (id === 'docmanager:download') {
      // Download acts on the current document, which may not be a notebook
      const current = app.shell.currentWidget;
      return current && tracker.has(current) ? (current as NotebookPanel) : null;
    }
    return tracker.currentWidget;
  }

  private async _confirm(id: string, args: ReadonlyPartialJSONObject): Promise<boolean> {
    if (!this._options.enabled()) {
      return true;
    }
    const panel = this._panelFor(id, args);
    if (!panel) {
      return true;
    }
    let summary: IScanSummary;
    try {
      summary = scanNotebook(panel, this._options.scanOptions());
    } catch (error) {
      console.warn('jupyter-privguard: the export scan failed', error);
      return true;
    }
    if (!summary.findings.length) {
      return true;
    }
    this.counts.warned += 1;
    const body = document.createElement('div');
    body.className = 'jp-PrivGuard-exportBody';
    const line = document.createElement('p');
    line.textContent = describeSummary(summary);
    body.append(line);
    let now: GuardNow = 'unknown';
    try {
      now = this._options.guardNow?.(panel) ?? 'unknown';
    } catch {
      now = 'unknown';
    }
    for (const sentence of exportAdvice(summary, now)) {
      const advice = document.createElement('p');
      advice.textContent = sentence;
      body.append(advice);
    }
    const label = id === 'docmanager:download' ? 'Download anyway' : 'Export anyway';
    const result = await showDialog({
      title: `Unredacted personal data in ${panel.context.path.split('/').pop()}`,
      body: new Widget({ node: body }),
      buttons: [Dialog.cancelButton({ label: 'Cancel' }), Dialog.warnButton({ label })],
      defaultButton: 0
    });
    if (!result.button.accept) {
      this.counts.cancelled += 1;
      return false;
    }
    return true;
  }

  private _options: IExportGuardOptions;
  private _wrapped = new WeakSet<object>();
}
