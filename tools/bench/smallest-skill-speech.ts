/** What the bench's smallest ASK skill says on launch (its own file, so the bench checks it without loading the skill). */
export const SMALLEST_SKILL_SPEECH = 'Welcome to the smallest skill.';
