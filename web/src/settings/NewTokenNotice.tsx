/** The only time a token's secret is visible: shown once after creation, with a copy button. */
import { useState } from 'react';
import type { CreatedApiToken } from '../api/types.js';

export function NewTokenNotice({ token, onDismiss }: { token: CreatedApiToken; onDismiss(): void }) {
  const [copied, setCopied] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(token.token);
      setCopied(true);
    } catch {
      setCopied(false); // clipboard refused (insecure origin): the field stays selectable
    }
  };
  return (
    <div className="notice" role="status">
      <p>
        <strong>Copy your new token “{token.name}” now.</strong> It will not be shown again.
      </p>
      <div className="inline-form">
        <label>
          New token
          <input readOnly value={token.token} onFocus={(e) => e.target.select()} className="mono" />
        </label>
        <button type="button" onClick={() => void copy()}>
          {copied ? 'Copied' : 'Copy'}
        </button>
        <button type="button" onClick={onDismiss}>
          Done
        </button>
      </div>
    </div>
  );
}
