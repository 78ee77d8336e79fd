/** Headers that make a browser save the body as a file named `filename`. */
export function downloadHeaders(contentType: string, filename: string): Record<string, string> {
  return { 'Content-Type': contentType, 'Content-Disposition': `attachment; filename="${filename}"` };
}
