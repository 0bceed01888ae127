/** The pure OKR core (rules 1–10 of docs/okr-rules.md): one import for the background service and the pages. */
export * from './model';
export * from './issue-graph';
export * from './playbook';
export * from './progress';
export * from './score';
export * from './alignment';
export * from './cycle';
export * from './cycle-close';
export * from './validate';
export * from './activity';
export * from './lint';
