/** Tells the signed-in owner, on whatever page they are, that a guest's booking was confirmed or cancelled. */
import { Toast, useNotice } from '../components/Toast.js';
import { useLiveEvent } from '../live.js';

export function BookingNotifier() {
  const [notice, notify] = useNotice();
  useLiveEvent(['booking.changed'], (data) => {
    const status = (data as { status?: string } | null)?.status;
    if (status === 'confirmed') notify('New booking confirmed: see Scheduling.');
    if (status === 'cancelled') notify('A booking was cancelled: see Scheduling.');
  });
  return <Toast notice={notice} ms={6000} />;
}
