/**
 * Outlook writes Windows zone names (mailboxSettings.timeZone, originalStartTimeZone); browsers and
 * Intl speak IANA. The zones users most often have, by their Windows name (CLDR windowsZones, territory 001).
 */
const WINDOWS_TO_IANA: Record<string, string> = {
  'UTC': 'UTC', 'Greenwich Standard Time': 'Atlantic/Reykjavik', 'GMT Standard Time': 'Europe/London',
  'W. Europe Standard Time': 'Europe/Berlin', 'Romance Standard Time': 'Europe/Paris', 'Central Europe Standard Time': 'Europe/Budapest',
  'Central European Standard Time': 'Europe/Warsaw', 'E. Europe Standard Time': 'Europe/Chisinau', 'GTB Standard Time': 'Europe/Bucharest',
  'FLE Standard Time': 'Europe/Kiev', 'Russian Standard Time': 'Europe/Moscow', 'Turkey Standard Time': 'Europe/Istanbul',
  'Israel Standard Time': 'Asia/Jerusalem', 'South Africa Standard Time': 'Africa/Johannesburg', 'Arabian Standard Time': 'Asia/Dubai',
  'India Standard Time': 'Asia/Kolkata', 'China Standard Time': 'Asia/Shanghai', 'Singapore Standard Time': 'Asia/Singapore',
  'Tokyo Standard Time': 'Asia/Tokyo', 'Korea Standard Time': 'Asia/Seoul', 'AUS Eastern Standard Time': 'Australia/Sydney',
  'New Zealand Standard Time': 'Pacific/Auckland', 'Eastern Standard Time': 'America/New_York', 'Central Standard Time': 'America/Chicago',
  'Mountain Standard Time': 'America/Denver', 'US Mountain Standard Time': 'America/Phoenix', 'Pacific Standard Time': 'America/Los_Angeles',
  'Alaskan Standard Time': 'America/Anchorage', 'Hawaiian Standard Time': 'Pacific/Honolulu', 'Atlantic Standard Time': 'America/Halifax',
  'E. South America Standard Time': 'America/Sao_Paulo', 'Argentina Standard Time': 'America/Buenos_Aires', 'Mexico Standard Time': 'America/Mexico_City',
  'Central America Standard Time': 'America/Guatemala', 'SA Pacific Standard Time': 'America/Bogota', 'Egypt Standard Time': 'Africa/Cairo',
};

export function isIana(zone: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: zone });
    return true;
  } catch {
    return false;
  }
}

/** An IANA name for a zone Outlook wrote, or null when Tandem cannot tell. */
export function ianaZone(zone: string | null | undefined): string | null {
  if (!zone) return null;
  if (WINDOWS_TO_IANA[zone]) return WINDOWS_TO_IANA[zone]!;
  return isIana(zone) ? zone : null;
}
