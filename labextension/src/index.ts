/**
 * jupyter-privguard for JupyterLab 4: one plugin per concern.
 *
 * - `jupyter-privguard:plugin`       settings and one KernelGuard per notebook session (token)
 * - `jupyter-privguard:sidebar`      right sidebar for the current notebook's kernel
 * - `jupyter-privguard:status`       status bar item (on/off and counts)
 * - `jupyter-privguard:renderer`     renderers for the report and the reveal MIME types
 * - `jupyter-privguard:export-guard` warning before Download / Export / Save and Export
 */

import { ILabShell, JupyterFrontEnd, JupyterFrontEndPlugin } from '@jupyterlab/application';
import { ICommandPalette, ISessionContext } from '@jupyterlab/apputils';
import { INotebookTracker, NotebookPanel } from '@jupyterlab/notebook';
import { IRenderMimeRegistry } from '@jupyterlab/rendermime';
import { ISettingRegistry } from '@jupyterlab/settingregistry';
import { IStatusBar } from '@jupyterlab/statusbar';
import { LabIcon } from '@jupyterlab/ui-components';
import { Token } from '@lumino/coreutils';
import { ISignal, Signal } from '@lumino/signaling';
import { Widget } from '@lumino/widgets';

import { ExportGuard } from './exportguard';
import { statusText, statusTitle } from './format';
import { KernelGuard } from './model';
import { IScanOptions } from './piiscan';
import { ReportDetails, reportRendererFactory } from './renderer';
import { revealRendererFactory } from './reveals';
import { GuardSidebar } from './sidebar';

export const PLUGIN_ID = 'jupyter-privguard:plugin';

export interface IPrivGuardSettings {
  exportWarning: boolean;
  exportPatterns: string[];
  trustGuardMetadata: boolean;
  maxScanCharsPerOutput: number;
  reportDetails: ReportDetails;
  showStatusItem: boolean;
  openSidebarOnLoad: boolean;
}

export const DEFAULT_SETTINGS: IPrivGuardSettings = {
  exportWarning: true,
  exportPatterns: ['email', 'credit_card', 'us_ssn', 'iban', 'phone', 'ip_address'],
  trustGuardMetadata: true,
  maxScanCharsPerOutput: 1000000,
  reportDetails: 'collapsed',
  showStatusItem: true,
  openSidebarOnLoad: false
};

/** What the core plugin provides to the others. */
export interface IPrivGuard {
  readonly settings: IPrivGuardSettings;
  readonly settingsChanged: ISignal<IPrivGuard, void>;
  /** The guard of a notebook's session (made on first use, disposed with the session). */
  guardFor(sessionContext: ISessionContext): KernelGuard;
  /** The current notebook's guard, or null. */
  readonly current: KernelGuard | null;
  readonly currentChanged: ISignal<IPrivGuard, KernelGuard | null>;
  scanOptions(): IScanOptions;
}

export const IPrivGuard = new Token<IPrivGuard>(
  'jupyter-privguard:IPrivGuard',
  'The PrivGuard kernel connections and settings.'
);

const shieldIcon = new LabIcon({
  name: 'jupyter-privguard:shield',
  svgstr:
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 24 24" width="16"><path class="jp-icon3" fill="#616161" d="M12 2 4 5v6c0 5 3.4 9.7 8 11 4.6-1.3 8-6 8-11V5l-8-3zm0 2.2 6 2.2V11c0 3.9-2.5 7.6-6 8.8-3.5-1.2-6-4.9-6-8.8V6.4l6-2.2zm-1 3.8v5h2V8h-2zm0 7v2h2v-2h-2z"/></svg>'
});

class PrivGuard implements IPrivGuard {
  constructor(tracker: INotebookTracker) {
    this._tracker = tracker;
    tracker.currentChanged.connect(() => this._currentChanged.emit(this.current));
  }

  settings: IPrivGuardSettings = { ...DEFAULT_SETTINGS };

  get settingsChanged(): ISignal<IPrivGuard, void> {
    return this._settingsChanged;
  }

  get currentChanged(): ISignal<IPrivGuard, KernelGuard | null> {
    return this._currentChanged;
  }

  get current(): KernelGuard | null {
    const panel = this._tracker.currentWidget;
    return panel ? this.guardFor(panel.sessionContext) : null;
  }

  guardFor(sessionContext: ISessionContext): KernelGuard {
    let guard = this._guards.get(sessionContext);
    if (!guard || guard.isDisposed) {
      guard = new KernelGuard(sessionContext);
      this._guards.set(sessionContext, guard);
      const made = guard;
      sessionContext.disposed.connect(() => made.dispose());
    }
    return guard;
  }

  scanOptions(): IScanOptions {
    return {
      patterns: this.settings.exportPatterns,
      trustGuardMetadata: this.settings.trustGuardMetadata,
      maxCharsPerOutput: this.settings.maxScanCharsPerOutput
    };
  }

  update(composite: Partial<IPrivGuardSettings>): void {
    this.settings = { ...DEFAULT_SETTINGS, ...composite };
    this._settingsChanged.emit();
  }

  private _tracker: INotebookTracker;
  private _guards = new WeakMap<ISessionContext, KernelGuard>();
  private _settingsChanged = new Signal<IPrivGuard, void>(this);
  private _currentChanged = new Signal<IPrivGuard, KernelGuard | null>(this);
}

const corePlugin: JupyterFrontEndPlugin<IPrivGuard> = {
  id: PLUGIN_ID,
  description: 'PrivGuard settings and the connection to each notebook kernel.',
  autoStart: true,
  requires: [INotebookTracker],
  optional: [ISettingRegistry],
  provides: IPrivGuard,
  activate: (app: JupyterFrontEnd, tracker: INotebookTracker, registry: ISettingRegistry | null): IPrivGuard => {
    const guard = new PrivGuard(tracker);
    // a guard per notebook from the start, so each kernel's comm target is registered early
    tracker.widgetAdded.connect((_, panel: NotebookPanel) => void guard.guardFor(panel.sessionContext));
    tracker.forEach(panel => void guard.guardFor(panel.sessionContext));
    if (registry) {
      registry
        .load(PLUGIN_ID)
        .then(settings => {
          const apply = () => guard.update(settings.composite as unknown as Partial<IPrivGuardSettings>);
          settings.changed.connect(apply);
          apply();
        })
        .catch(reason => console.warn('jupyter-privguard: settings could not be loaded', reason));
    }
    return guard;
  }
};

const sidebarPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-privguard:sidebar',
  description: 'The PrivGuard panel in the right sidebar.',
  autoStart: true,
  requires: [IPrivGuard, INotebookTracker],
  optional: [ILabShell, ICommandPalette],
  activate: (
    app: JupyterFrontEnd,
    guard: IPrivGuard,
    tracker: INotebookTracker,
    labShell: ILabShell | null,
    palette: ICommandPalette | null
  ) => {
    const sidebar = new GuardSidebar();
    sidebar.title.icon = shieldIcon;
    const follow = () => {
      const current = guard.current;
      sidebar.guard = current;
      sidebar.notebookName = tracker.currentWidget?.context.path ?? '';
    };
    guard.currentChanged.connect(follow);
    follow();
    app.shell.add(sidebar, 'right', { rank: 600 });

    // open the sidebar when a guard comes up, if the user asked for that
    const seen = new WeakSet<KernelGuard>();
    const watch = (g: KernelGuard | null) => {
      if (!g || seen.has(g)) {
        return;
      }
      seen.add(g);
      g.changed.connect(() => {
        if (guard.settings.openSidebarOnLoad && g.status === 'connected' && g === guard.current && !sidebar.isVisible) {
          app.shell.activateById(sidebar.id);
        }
      });
    };
    guard.currentChanged.connect((_, g) => watch(g));
    watch(guard.current);

    const command = 'jupyter-privguard:open-sidebar';
    app.commands.addCommand(command, {
      label: 'PrivGuard: Show the Privacy Guard Panel',
      execute: () => app.shell.activateById(sidebar.id)
    });
    app.commands.addCommand('jupyter-privguard:load', {
      label: 'PrivGuard: Load the Guard in the Current Kernel',
      isEnabled: () => !!guard.current,
      execute: () => guard.current?.loadGuard()
    });
    palette?.addItem({ command, category: 'PrivGuard' });
    palette?.addItem({ command: 'jupyter-privguard:load', category: 'PrivGuard' });
    void labShell;
  }
};

class StatusItem extends Widget {
  constructor(guard: IPrivGuard, onClick: () => void) {
    super();
    this.addClass('jp-PrivGuard-statusItem');
    this._guard = guard;
    this.node.onclick = onClick;
    guard.currentChanged.connect(this._follow, this);
    this._follow();
  }

  private _follow(): void {
    const current = this._guard.current;
    if (current !== this._watched) {
      this._watched?.changed.disconnect(this._render, this);
      this._watched = current;
      current?.changed.connect(this._render, this);
    }
    this._render();
  }

  private _render(): void {
    const g = this._watched;
    const status = g ? g.status : 'no-kernel';
    const state = g ? g.state : null;
    this.node.textContent = statusText(status, state);
    this.node.title = statusTitle(status, state) + ' (click for the PrivGuard panel)';
    this.node.dataset.status = status;
    this.toggleClass('jp-PrivGuard-off', status === 'connected' && !!state && !state.enabled);
  }

  private _guard: IPrivGuard;
  private _watched: KernelGuard | null = null;
}

const statusPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-privguard:status',
  description: 'PrivGuard on/off and counts in the status bar.',
  autoStart: true,
  requires: [IPrivGuard],
  optional: [IStatusBar],
  activate: (app: JupyterFrontEnd, guard: IPrivGuard, statusBar: IStatusBar | null) => {
    if (!statusBar) {
      return;
    }
    const item = new StatusItem(guard, () => app.shell.activateById('jupyter-privguard-sidebar'));
    statusBar.registerStatusItem('jupyter-privguard:status', {
      item,
      align: 'left',
      rank: 5,
      isActive: () => guard.settings.showStatusItem,
      activeStateChanged: guard.settingsChanged
    });
  }
};

const rendererPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-privguard:renderer',
  description: 'Renders the PrivGuard report MIME type under the redacted output.',
  autoStart: true,
  requires: [IRenderMimeRegistry, IPrivGuard],
  activate: (app: JupyterFrontEnd, rendermime: IRenderMimeRegistry, guard: IPrivGuard) => {
    const factory = reportRendererFactory(() => guard.settings.reportDetails);
    rendermime.addFactory(factory, factory.defaultRank);
    // a reveal's raw view, drawn from memory in place of its redacted output (never saved)
    const reveal = revealRendererFactory();
    rendermime.addFactory(reveal, reveal.defaultRank);
  }
};

const exportPlugin: JupyterFrontEndPlugin<void> = {
  id: 'jupyter-privguard:export-guard',
  description: 'Warns before a notebook with unredacted personal data in its outputs is downloaded or exported.',
  autoStart: true,
  requires: [IPrivGuard, INotebookTracker],
  activate: (app: JupyterFrontEnd, guard: IPrivGuard, tracker: INotebookTracker) => {
    new ExportGuard({
      app,
      tracker,
      enabled: () => guard.settings.exportWarning,
      scanOptions: () => guard.scanOptions(),
      guardNow: panel => {
        const kernel = guard.guardFor(panel.sessionContext);
        if (kernel.status === 'not-loaded') {
          return 'not-loaded';
        }
        if (kernel.status !== 'connected' || !kernel.state) {
          return 'unknown';
        }
        return kernel.state.enabled ? 'on' : 'off';
      }
    });
  }
};

export default [corePlugin, sidebarPlugin, statusPlugin, rendererPlugin, exportPlugin];
