export { ensureReferenceData } from './reference.ts';
