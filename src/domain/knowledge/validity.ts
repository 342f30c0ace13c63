/** An entry's validity window (issue 14), dates YYYY-MM-DD in Asia/Shanghai; pure. */

/** Whether an entry is in force on `today` (either end open). */
export function isValidOn(validFrom: string | null, validTo: string | null, today: string): boolean {
  return (validFrom === null || validFrom <= today) && (validTo === null || validTo >= today);
}

/** Whether a window is well formed: the end not before the start. */
export function isWindow(validFrom: string | null | undefined, validTo: string | null | undefined): boolean {
  return !validFrom || !validTo || validTo >= validFrom;
}
