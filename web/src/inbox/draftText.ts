/**
 * A draft's body as the compose form edits it: plain text. Outlook may hand back a text draft as
 * HTML; its text is what the user wrote, so that is what the form shows and saves.
 */
export function draftText(body: { contentType: string; content: string }): string {
  if (body.contentType !== 'html') return body.content;
  const doc = new DOMParser().parseFromString(body.content, 'text/html');
  for (const br of Array.from(doc.querySelectorAll('br'))) br.replaceWith('\n');
  for (const p of Array.from(doc.querySelectorAll('p, div'))) p.append('\n');
  return (doc.body.textContent ?? '').replace(/\n{3,}/g, '\n\n').trim();
}
