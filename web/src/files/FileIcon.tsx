/** A file's or folder's icon, drawn rather than an emoji so it looks the same where no emoji font is installed. */
import type { ItemKind } from './filesApi.js';
import { fileIcon } from './format.js';

export function FileIcon({ kind, name }: { kind: ItemKind; name: string }) {
  const icon = fileIcon(kind, name);
  if (kind === 'folder') {
    return (
      <svg className="file-icon" viewBox="0 0 24 20" width="24" height="20" role="img" aria-label={icon.label}>
        <path d="M1 3a2 2 0 0 1 2-2h6l2 2.5h10a2 2 0 0 1 2 2V17a2 2 0 0 1-2 2H3a2 2 0 0 1-2-2z" fill={icon.color} />
      </svg>
    );
  }
  return (
    <span className="file-icon file-icon-badge" role="img" aria-label={icon.label} style={{ background: icon.color }}>
      {icon.tag}
    </span>
  );
}
