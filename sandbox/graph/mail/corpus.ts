/** Word lists for generated mail: enough variety that people search and threads look real. */
export const FIRST = ['Olivia', 'Liam', 'Emma', 'Noah', 'Ava', 'Elijah', 'Sophia', 'Lucas', 'Mia', 'Mateo', 'Amelia', 'Hiro', 'Priya',
  'Kwame', 'Ingrid', 'Tomasz', 'Chloe', 'Rafael', 'Yuki', 'Fatima', 'Sven', 'Aisha', 'Diego', 'Nora', 'Omar', 'Lena', 'Arjun', 'Zoe'];
export const LAST = ['Garcia', 'Smith', 'Nakamura', 'Okafor', 'Johansson', 'Kowalski', 'Dubois', 'Rossi', 'Patel', 'Chen', 'Müller',
  'Silva', 'Haddad', 'Novak', 'Andersen', 'Murphy', 'Costa', 'Ivanova', 'Park', 'Fischer'];
export const DOMAINS = ['contoso.com', 'fabrikam.com', 'northwindtraders.com', 'adventure-works.com', 'tailspintoys.com',
  'wingtiptoys.com', 'litwareinc.com', 'proseware.com', 'woodgrovebank.com', 'alpineskihouse.com'];
export const TOPICS = ['Quarterly review', 'Contract renewal', 'Invoice', 'Project kickoff', 'Pricing proposal', 'Onboarding plan',
  'Support ticket', 'Partnership', 'Demo follow-up', 'Budget approval', 'Product roadmap', 'Security questionnaire',
  'Shipping update', 'Workshop agenda', 'Feedback on the draft', 'Purchase order', 'Team offsite', 'Meeting notes'];
export const SENTENCES = [
  'Thanks for the quick turnaround on this.', 'Could we find thirty minutes next week to go through the details?',
  'I have attached the latest numbers for your review.', 'Let me know if anything is unclear.',
  'We are aligned on the scope, pending sign-off from finance.', 'The team raised a few questions about the timeline.',
  'Please confirm the delivery address before Friday.', 'Happy to jump on a call if that is easier.',
  'I will circulate the notes after the meeting.', 'Our legal team has reviewed the terms and suggested two changes.',
];
