/** Saving a text file from an extension page, as Options' export and the dashboard's review do. */

export interface DownloadFile {
  text: string;
  fileName: string;
  mime: string;
}

/** Downloads through a temporary `<a download>`; the stores take it as a dependency so tests record instead. */
export function downloadWithLink(file: DownloadFile): void {
  const url = URL.createObjectURL(new Blob([file.text], { type: file.mime }));
  const link = document.createElement('a');
  link.href = url;
  link.download = file.fileName;
  document.body.append(link);
  link.click();
  link.remove();
  // Revoked later: some browsers start reading the blob only after click() returns.
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}
