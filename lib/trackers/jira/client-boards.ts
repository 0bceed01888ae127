/** Jira boards for activity scopes: the boards a user can see and the active sprints of some. */
import { MAX_PAGES, type JiraTransport } from './client-transport';
import {
  boardEstimationFieldId,
  mapBoards,
  parseJiraResponse,
  rawBoardConfigurationSchema,
  rawBoardPageSchema,
  rawSprintPageSchema,
  type JiraBoard,
} from './map';

export class JiraBoards {
  /** Board id → its estimation field; a board's configuration rarely changes, its sprints often. */
  private readonly boardEstimation = new Map<number, Promise<string | undefined>>();

  constructor(private readonly jira: JiraTransport) {}

  /** The boards the user can see, for choosing a board scope in Options. */
  async listBoards(signal?: AbortSignal): Promise<JiraBoard[]> {
    const boards: JiraBoard[] = [];
    for (let startAt = 0, page = 0; page < MAX_PAGES; page++) {
      const parsed = parseJiraResponse(
        rawBoardPageSchema,
        await this.jira.request({ action: 'see boards', subject: 'The board list' }, true, signal, (c) =>
          c.agile.board.getAllBoards({ startAt, maxResults: 50 }),
        ),
        'the board list',
      );
      boards.push(...mapBoards(parsed));
      if (parsed.isLast !== false || parsed.values.length === 0) break;
      startAt += parsed.values.length;
    }
    return boards;
  }

  /** Per board: its estimation field (read once per adapter) and its active sprints. */
  async activeSprintsOf(boardIds: number[], signal?: AbortSignal): Promise<Array<{ estimationFieldId?: string; sprintIds: number[] }>> {
    const results: Array<{ estimationFieldId?: string; sprintIds: number[] }> = [];
    for (const boardId of boardIds) {
      const context = { action: `see board ${boardId}`, subject: `Board ${boardId}` };
      const estimationFieldId = await this.boardEstimationField(boardId, signal);
      const sprintIds: number[] = [];
      for (let startAt = 0, page = 0; page < MAX_PAGES; page++) {
        const sprints = parseJiraResponse(
          rawSprintPageSchema,
          await this.jira.request(context, true, signal, (c) => c.agile.board.getAllSprints({ boardId, state: 'active', startAt })),
          `the sprints of board ${boardId}`,
        );
        sprintIds.push(...sprints.values.filter((s) => s.state === undefined || s.state === null || s.state === 'active').map((s) => s.id));
        if (sprints.isLast !== false || sprints.values.length === 0) break;
        startAt += sprints.values.length;
      }
      results.push({ estimationFieldId, sprintIds });
    }
    return results;
  }

  private boardEstimationField(boardId: number, signal?: AbortSignal): Promise<string | undefined> {
    let cached = this.boardEstimation.get(boardId);
    if (!cached) {
      cached = this.jira
        .request({ action: `see board ${boardId}`, subject: `Board ${boardId}` }, true, signal, (c) =>
          c.agile.board.getConfiguration({ boardId }),
        )
        .then((raw) =>
          boardEstimationFieldId(parseJiraResponse(rawBoardConfigurationSchema, raw, `the configuration of board ${boardId}`)),
        );
      const loading = cached;
      this.boardEstimation.set(boardId, loading);
      loading.catch(() => {
        if (this.boardEstimation.get(boardId) === loading) this.boardEstimation.delete(boardId);
      });
    }
    return cached;
  }
}
