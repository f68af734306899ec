/** The message text with a Teams join line appended (on its own paragraph). */
export function withTeamsLink(text: string, joinUrl: string): string {
  const line = `Join the Microsoft Teams meeting: ${joinUrl}`;
  return text.trim() ? `${text.replace(/\s+$/, '')}\n\n${line}\n` : `${line}\n`;
}
