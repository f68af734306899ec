/** "Share Teams link" on person and company pages: makes a link, copies it, and shows it to copy by hand. */
import { useState } from 'react';
import { TeamsLinkButton } from './TeamsLinkButton.js';

export function ShareTeamsLink({ subject }: { subject: string }) {
  const [link, setLink] = useState<string | null>(null);
  const [copied, setCopied] = useState(false);
  return (
    <div className="share-teams">
      <TeamsLinkButton
        label="Share Teams link"
        subject={() => subject}
        onLink={(l) => {
          setLink(l.joinUrl);
          setCopied(false);
          void navigator.clipboard?.writeText(l.joinUrl).then(() => setCopied(true), () => undefined);
        }}
      />
      {link && (
        <p className="hint" role="status" data-testid="teams-link">
          {copied ? 'Copied: ' : 'Teams link: '}
          <a href={link} target="_blank" rel="noreferrer">{link}</a>
        </p>
      )}
    </div>
  );
}
