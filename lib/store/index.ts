/** The OKR store: what pages and the background service use. */
export { cycleContaining } from './cycle';
export { diffSets, hasChanges, type ChangedItem, type CollectionChanges, type ItemRef, type SetChanges } from './diff';
export { MAX_OKR_FILE_BYTES, checkOkrFileSize, parseOkrFile, serializeOkrSet, type OkrFileFormat, type ParsedOkrFile } from './file';
export { confirmImport, exportSet, previewImport, type ConfirmedImport, type ImportPreview } from './import-export';
export { migrateOkrDocument, migrations, type Migration } from './migrations';
export { STORAGE_VERSION, storageKeys } from './records';
export { StoreError, formatFieldError, type Failure, type FieldError, type Result, type StoreErrorKind } from './result';
export {
  deleteSet,
  getActiveSelection,
  getBackup,
  getSet,
  listSets,
  restoreBackup,
  saveSet,
  setActiveSelection,
  upgradeStorage,
  type ActiveSelection,
  type IndexEntry,
  type StoredBackup,
  type StoredSet,
} from './sets';
