/** What the dashboard says instead of its edit and check-in controls for a subscribed OKR file. */
export function readOnlyText(setName: string, url: string): string {
  return `“${setName}” is read-only in KR Lens: it is read from the file ${url}. To change it, edit that file in its repository; KR Lens reads it again within 10 minutes, or at once with Refresh in Options → Subscribe to an OKR file.`;
}
