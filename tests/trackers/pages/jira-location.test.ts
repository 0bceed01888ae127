import { describe, expect, it } from 'vitest';
import { parseJiraLocation } from '../../../lib/trackers/jira/page';

const SITE = 'https://acme.atlassian.net';

describe('parseJiraLocation', () => {
  it.each([
    ['/browse/PLAT-3', { key: 'PLAT-3', surface: 'issue-view' }],
    ['/browse/PLAT-3/', { key: 'PLAT-3', surface: 'issue-view' }],
    ['/browse/plat-3', { key: 'PLAT-3', surface: 'issue-view' }],
    ['/browse/MY_PROJ-12?focusedCommentId=10001#comment-10001', { key: 'MY_PROJ-12', surface: 'issue-view' }],
    ['/browse/A1B2-7', { key: 'A1B2-7', surface: 'issue-view' }],
    ['/browse/PLAT%2D3', { key: 'PLAT-3', surface: 'issue-view' }],
    ['/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT-3', { key: 'PLAT-3', surface: 'board', boardId: 1 }],
    ['/jira/software/c/projects/PLAT/boards/12/backlog?selectedIssue=PLAT-3', { key: 'PLAT-3', surface: 'backlog', boardId: 12 }],
    [
      '/jira/software/c/projects/RDC/boards/2122/backlog?assignee=6081450&selectedIssue=rdc-3889',
      { key: 'RDC-3889', surface: 'backlog', boardId: 2122 },
    ],
    ['/jira/software/projects/PLAT/boards/1?selectedIssue=PLAT%2D3&quickFilter=5', { key: 'PLAT-3', surface: 'board', boardId: 1 }],
    ['/secure/RapidBoard.jspa?rapidView=1&selectedIssue=PLAT-3', { key: 'PLAT-3', surface: 'board', boardId: 1 }],
    ['/secure/RapidBoard.jspa?rapidView=7&view=planning.nodetail&selectedIssue=PLAT-9', { key: 'PLAT-9', surface: 'backlog', boardId: 7 }],
    ['/issues/?jql=project%20%3D%20PLAT%20ORDER%20BY%20created&selectedIssue=PLAT-3', { key: 'PLAT-3', surface: 'navigator' }],
    ['/issues/PLAT-3?jql=assignee%3DcurrentUser()', { key: 'PLAT-3', surface: 'navigator' }],
    ['/jira/software/projects/PLAT/issues/PLAT-3', { key: 'PLAT-3', surface: 'navigator' }],
    ['/jira/software/c/projects/PLAT/issues/PLAT-3?filter=allissues', { key: 'PLAT-3', surface: 'navigator' }],
    ['/jira/core/projects/BIZ/list?selectedIssue=BIZ-4', { key: 'BIZ-4', surface: 'project' }],
    ['/jira/software/projects/PLAT/boards/1/timeline?selectedIssue=PLAT-5', { key: 'PLAT-5', surface: 'project' }],
    ['/jira/servicedesk/projects/SD/queues/custom/1/SD-12', { key: 'SD-12', surface: 'navigator' }],
  ])('%s is issue %o', (path, expected) => {
    expect(parseJiraLocation(SITE + path)).toEqual({ type: 'issue', site: SITE, ...expected });
  });

  it.each([
    ['/jira/software/projects/PLAT/boards/1', { boardId: 1 }],
    ['/jira/software/c/projects/PLAT/boards/1/backlog', { boardId: 1 }],
    ['/jira/software/c/boards/42', { boardId: 42 }],
    ['/secure/RapidBoard.jspa?rapidView=3', { boardId: 3 }],
    ['/jira/core/projects/BIZ/board', {}],
    // A selectedIssue that is not a key is ignored, leaving the board.
    ['/jira/software/projects/PLAT/boards/1?selectedIssue=', { boardId: 1 }],
    ['/jira/software/projects/PLAT/boards/1?selectedIssue=not-a-key', { boardId: 1 }],
  ])('%s is a board %o', (path, expected) => {
    expect(parseJiraLocation(SITE + path)).toEqual({ type: 'board', site: SITE, ...expected });
  });

  it.each([
    '/jira/dashboards/10000',
    '/jira/your-work',
    '/jira/software/projects/PLAT/summary',
    '/jira/software/projects/PLAT/boards/1/reports',
    '/jira/software/projects/PLAT/issues/?jql=project%3DPLAT',
    '/issues/?jql=order%20by%20created',
    '/wiki/spaces/ENG/pages/123/Runbook',
    '/wiki/spaces/ENG/pages/123?selectedIssue=PLAT-3',
    '/jira/dashboards/1?selectedIssue=PLAT-3',
    '/browse/PLAT',
    '/browse/PLAT-',
    '/browse/-3',
    '/browse/3PLAT-1',
    '/browse/PLAT-0',
    '/browse/PLAT-3a',
    '/browse/PLAT-3/extra',
    '/secure/RapidBoard.jspa',
    '/',
  ])('%s is not ours', (path) => {
    expect(parseJiraLocation(SITE + path)).toBeNull();
  });

  it.each(['not a url', '', 'chrome://extensions', 'file:///browse/PLAT-3', 'javascript:alert(1)'])('%j is not ours', (url) => {
    expect(parseJiraLocation(url)).toBeNull();
  });

  it('takes the site from the URL origin, so self-hosted and odd hosts work', () => {
    expect(parseJiraLocation('https://JIRA.Example.com:8443/browse/OPS-1')).toEqual({
      type: 'issue',
      key: 'OPS-1',
      site: 'https://jira.example.com:8443',
      surface: 'issue-view',
    });
  });
});
