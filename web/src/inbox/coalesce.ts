/**
 * Runs `work` for a burst of triggers at most twice: once now, and once more after it finishes if
 * anything asked again meanwhile. An initial sync publishes mail.changed for every page, and each
 * refresh is several requests; without this a big mailbox would stack hundreds of them.
 */
export function coalesce(work: () => Promise<unknown>): () => void {
  let running = false;
  let again = false;
  const run = (): void => {
    if (running) {
      again = true;
      return;
    }
    running = true;
    again = false;
    work().catch(() => undefined).finally(() => {
      running = false;
      if (again) run();
    });
  };
  return run;
}
