/** HTML renderers for sandbox pages that imitate Jira and Linear issue views (e2e tests, demo). */
export { escapeHtml, jsonForScript } from './html';
export { renderJiraBoardPage, renderJiraIssuePage, jiraBoardPath } from './jira';
export { renderLinearIssuePage, renderLinearListPage, linearIssuePath, linearListPath, slugOf } from './linear';
export { DATA_SCRIPT_ID, HREF_ATTR, OUTLET_ATTR, ROUTE_ATTR, type SandboxData, type SandboxView } from './spa';
export type { JiraBoard, JiraPageOptions, LinearPageOptions, PageOptions, SandboxIssue, StatusCategory } from './types';
