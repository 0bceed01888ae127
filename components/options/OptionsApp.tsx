import type { OptionsStore } from '../../entrypoints/options/state';
import type { HostAccessStore } from '../../entrypoints/options/state/host-access';
import { ConnectionsSection } from './ConnectionsSection';
import { HostAccessNotice } from './HostAccessNotice';
import { OkrSetSection } from './OkrSetSection';
import { PageCheckSection } from './PageCheckSection';
import { PlaybookSection } from './PlaybookSection';
import { SpaceSection } from './SpaceSection';
import type { SpaceState } from '../../entrypoints/options/state/space';
import type { SubscriptionState } from '../../entrypoints/options/state/subscriptions';
import { SubscriptionSection } from './SubscriptionSection';

export interface OptionsAppProps {
  store: OptionsStore;
  /** The browser's grant of the tracker hosts; without it no notice is shown. */
  hostAccess?: HostAccessStore;
  /** Options → Team space; left out where the page has no background to ask. */
  spaces?: SpaceState;
  /** Options → Subscribe to an OKR file; left out where the page has no background to ask. */
  subscriptions?: SubscriptionState;
}

type StoreProps = { store: OptionsStore };

// Each binding reads the store's signals (so its section re-renders on change) and hands plain props down.

function OkrSet({ store }: StoreProps) {
  return (
    <OkrSetSection
      sets={store.sets.value}
      active={store.active.value}
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
  );
}

function Connections({ store }: StoreProps) {
  return (
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
  );
}

function Playbook({ store }: StoreProps) {
  return (
    <PlaybookSection
      setName={store.active.value?.set.name ?? null}
      form={store.playbook.value}
      status={store.playbookStatus.value}
      onChange={store.updatePlaybook}
      onReset={store.resetPlaybook}
      onSave={() => void store.savePlaybook()}
    />
  );
}

/** The Options page: one section after another, each bound to its part of the store. */
export function OptionsApp({ store, hostAccess, spaces, subscriptions }: OptionsAppProps) {
  return (
    <main class="page">
      <header class="page-header">
        <h1>KR Lens options</h1>
        <p class="hint">Your OKR set, the Jira and Linear connections, and the playbook KR Lens checks your OKRs against.</p>
      </header>
      {hostAccess && (
        <HostAccessNotice missing={hostAccess.missing.value} state={hostAccess.state.value} onGrant={() => void hostAccess.grant()} />
      )}
      <OkrSet store={store} />
      <Connections store={store} />
      {spaces && <SpaceSection state={spaces} hasLocalSet={store.active.value !== null} />}
      {subscriptions && <SubscriptionSection state={subscriptions} />}
      <Playbook store={store} />
      <PageCheckSection reports={store.pageHealth.value} now={Date.now()} />
    </main>
  );
}
