/** Creates a scheduling page: the fields a salesperson needs, with Teams offered only where it works. */
import { useState, type FormEvent } from 'react';
import { ErrorText } from '../components/ErrorText.js';
import { useAction } from '../hooks/useAction.js';
import { scheduling, type PageBody, type SchedulingOptions } from './schedulingApi.js';

const DAYS = [['mon', 'Mon'], ['tue', 'Tue'], ['wed', 'Wed'], ['thu', 'Thu'], ['fri', 'Fri'], ['sat', 'Sat'], ['sun', 'Sun']] as const;
const browserZone = () => Intl.DateTimeFormat().resolvedOptions().timeZone;

export function PageForm({ options, onCreated }: { options: SchedulingOptions; onCreated(): void }) {
  const { busy, error, run } = useAction();
  const [title, setTitle] = useState('');
  const [slug, setSlug] = useState('');
  const [description, setDescription] = useState('');
  const [durations, setDurations] = useState('30');
  const [interval, setSlotInterval] = useState(30);
  const [timeZone, setTimeZone] = useState(browserZone());
  const [source, setSource] = useState<'custom' | 'mailbox'>('custom');
  const [days, setDays] = useState<string[]>(['mon', 'tue', 'wed', 'thu', 'fri']);
  const [from, setFrom] = useState('09:00');
  const [to, setTo] = useState('17:00');
  const [bufferBefore, setBufferBefore] = useState(0);
  const [bufferAfter, setBufferAfter] = useState(0);
  const [minNotice, setMinNotice] = useState(240);
  const [daysAhead, setDaysAhead] = useState(60);
  const [dailyCap, setDailyCap] = useState('');
  const [kind, setKind] = useState<'teams' | 'inPerson' | 'phone'>(options.teams.available ? 'teams' : 'inPerson');
  const [where, setWhere] = useState('');
  const [question, setQuestion] = useState('');

  const submit = (e: FormEvent) => {
    e.preventDefault();
    const body: PageBody = {
      title, slug, description, durations: durations.split(',').map((d) => Number(d.trim())).filter((d) => d > 0), slotInterval: interval, timeZone,
      availability: { source, weekly: Object.fromEntries(days.map((d) => [d, [[from, to]]])) },
      bufferBefore, bufferAfter, minNotice, daysAhead, dailyCap: dailyCap ? Number(dailyCap) : null,
      location: kind === 'teams' ? { kind } : kind === 'inPerson' ? { kind, address: where } : { kind, phone: where },
      questions: question.trim() ? [{ id: 'q1', label: question.trim(), required: false }] : [],
    };
    void run(async () => {
      await scheduling.create(body);
      onCreated();
    });
  };

  return (
    <form className="card form-grid" onSubmit={submit} aria-label="New scheduling page">
      <label>Title<input value={title} onChange={(e) => setTitle(e.target.value)} required maxLength={200} /></label>
      <label>Address (slug)<input value={slug} onChange={(e) => setSlug(e.target.value.toLowerCase())} required placeholder="intro-call" /></label>
      <label>Description<textarea value={description} onChange={(e) => setDescription(e.target.value)} maxLength={5000} /></label>
      <label>Durations (minutes, comma-separated)<input value={durations} onChange={(e) => setDurations(e.target.value)} /></label>
      <label>Start times every (minutes)<input type="number" value={interval} onChange={(e) => setSlotInterval(Number(e.target.value))} /></label>
      <label>
        Hours
        <select value={source} onChange={(e) => setSource(e.target.value as 'custom' | 'mailbox')}>
          <option value="custom">Set on this page</option>
          <option value="mailbox" disabled={!options.workingHours.available}>My Outlook working hours</option>
        </select>
      </label>
      {!options.workingHours.available && <p className="hint">{options.workingHours.reason}</p>}
      {source === 'custom' && (
        <fieldset>
          <legend>Days and hours ({timeZone})</legend>
          {DAYS.map(([id, label]) => (
            <label key={id} className="inline">
              <input type="checkbox" checked={days.includes(id)} onChange={(e) => setDays(e.target.checked ? [...days, id] : days.filter((d) => d !== id))} />
              {label}
            </label>
          ))}
          <label className="inline">From<input type="time" value={from} onChange={(e) => setFrom(e.target.value)} /></label>
          <label className="inline">To<input type="time" value={to} onChange={(e) => setTo(e.target.value)} /></label>
          <label>Time zone<input value={timeZone} onChange={(e) => setTimeZone(e.target.value)} /></label>
        </fieldset>
      )}
      <label>Buffer before (minutes)<input type="number" value={bufferBefore} onChange={(e) => setBufferBefore(Number(e.target.value))} /></label>
      <label>Buffer after (minutes)<input type="number" value={bufferAfter} onChange={(e) => setBufferAfter(Number(e.target.value))} /></label>
      <label>Minimum notice (minutes)<input type="number" value={minNotice} onChange={(e) => setMinNotice(Number(e.target.value))} /></label>
      <label>Days ahead<input type="number" value={daysAhead} onChange={(e) => setDaysAhead(Number(e.target.value))} /></label>
      <label>Most bookings per day<input type="number" value={dailyCap} onChange={(e) => setDailyCap(e.target.value)} placeholder="no limit" /></label>
      <label>
        Location
        <select value={kind} onChange={(e) => setKind(e.target.value as typeof kind)}>
          <option value="teams" disabled={!options.teams.available}>Microsoft Teams</option>
          <option value="inPerson">In person</option>
          <option value="phone">Phone</option>
        </select>
      </label>
      {!options.teams.available && <p className="hint" data-testid="teams-unavailable">{options.teams.reason}</p>}
      {kind !== 'teams' && <label>{kind === 'inPerson' ? 'Address' : 'Phone number'}<input value={where} onChange={(e) => setWhere(e.target.value)} required /></label>}
      <label>A question for the guest (optional)<input value={question} onChange={(e) => setQuestion(e.target.value)} maxLength={300} /></label>
      <ErrorText error={error} />
      <button type="submit" className="primary" disabled={busy}>Create page</button>
    </form>
  );
}
