import type { HostAccessStore } from '../../lib/host-access-store';
import type { OptionsStore } from '../../lib/options-store';
import { ConnectionsSection } from './ConnectionsSection';
import { HostAccessNotice } from './HostAccessNotice';
import { OkrSetSection } from './OkrSetSection';
import { PageCheckSection } from './PageCheckSection';
import { PlaybookSection } from './PlaybookSection';
import { SpaceSection } from './SpaceSection';
import type { SpaceState } from '../../entrypoints/options/state/space';

export interface OptionsAppProps {
  store: OptionsStore;
  /** The browser's grant of the tracker hosts; without it no notice is shown. */
  hostAccess?: HostAccessStore;
  /** Options → Team space; left out where the page has no background to ask. */
  spaces?: SpaceState;
}

/** The Options page: reads the store's signals (so it re-renders on change) and hands plain props down. */
export function OptionsApp({ store, hostAccess, spaces }: OptionsAppProps) {
  const active = store.active.value;
  return (
    <main class="page">
      <header class="page-header">
        <h1>KR Lens options</h1>
        <p class="hint">Your OKR set, the Jira and Linear connections, and the playbook KR Lens checks your OKRs against.</p>
      </header>
      {hostAccess && <HostAccessNotice missing={hostAccess.missing.value} state={hostAccess.state.value} onGrant={() => void hostAccess.grant()} />}
      <OkrSetSection
        sets={store.sets.value}
        active={active}
        backup={store.backup.value}
        restoreAsked={store.restoreAsked.value}
        importState={store.importState.value}
        status={store.okrStatus.value}
        onFile={(file) => void store.chooseFile(file)}
        onConfirmImport={() => void store.confirmImport()}
        onCancelImport={store.cancelImport}
        onExport={(format) => void store.exportActive(format)}
        onAskRestore={store.askRestore}
        onCancelRestore={store.cancelRestore}
        onConfirmRestore={() => void store.confirmRestore()}
        onSelectSet={(setId) => void store.selectSet(setId)}
        onSelectCycle={(cycleId) => void store.selectCycle(cycleId)}
      />
      <ConnectionsSection
        jiraRows={store.jiraRows.value}
        jiraTests={store.jiraTests.value}
        linear={store.linear.value}
        linearTest={store.linearTest.value}
        linearConnection={store.linearConnection.value}
        ready={store.connectionsReady.value}
        saveStatus={store.saveStatus.value}
        onAddJira={store.addJiraRow}
        onUpdateJira={store.updateJiraRow}
        onRemoveJira={store.removeJiraRow}
        onTestJira={(key) => void store.testJira(key)}
        onLinearKey={store.setLinearKey}
        onLinearRemove={store.setLinearRemove}
        onTestLinear={() => void store.testLinear()}
        onSave={() => void store.saveConnections()}
      />
      {spaces && <SpaceSection state={spaces} hasLocalSet={active !== null} />}
      <PlaybookSection
        setName={active?.set.name ?? null}
        form={store.playbook.value}
        status={store.playbookStatus.value}
        onChange={store.updatePlaybook}
        onReset={store.resetPlaybook}
        onSave={() => void store.savePlaybook()}
      />
      <PageCheckSection reports={store.pageHealth.value} now={Date.now()} />
    </main>
  );
}
