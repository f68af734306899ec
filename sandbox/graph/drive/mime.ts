const TYPES: Record<string, string> = {
  txt: 'text/plain', csv: 'text/csv', md: 'text/plain', html: 'text/html', htm: 'text/html', xml: 'text/xml', json: 'application/json',
  pdf: 'application/pdf', zip: 'application/x-zip-compressed', png: 'image/png', jpg: 'image/jpeg', jpeg: 'image/jpeg', gif: 'image/gif',
  svg: 'image/svg+xml', mp4: 'video/mp4', mp3: 'audio/mpeg', eml: 'message/rfc822',
  doc: 'application/msword', xls: 'application/vnd.ms-excel', ppt: 'application/vnd.ms-powerpoint',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  pptx: 'application/vnd.openxmlformats-officedocument.presentationml.presentation',
};

/** OneDrive derives a file's mimeType from its extension, not from the upload's Content-Type. */
export function mimeOf(name: string): string {
  const dot = name.lastIndexOf('.');
  return (dot > 0 && TYPES[name.slice(dot + 1).toLowerCase()]) || 'application/octet-stream';
}
