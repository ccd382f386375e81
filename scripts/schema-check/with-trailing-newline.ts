/** The text ending in exactly one newline, as schema files are written and compared. */
export function withTrailingNewline(text: string): string {
  return `${text.replace(/\s+$/, '')}\n`;
}
