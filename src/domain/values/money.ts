/** Largest amount accepted, in major units: beyond it float arithmetic stops being exact to the cent. */
export const MAX_AMOUNT = 999_999_999_999.99;

/**
 * Integer minor units (hundredths) of a major-unit amount with at most 2 decimals, or undefined when
 * the amount has more decimals or is out of range (api.md §4: money stored exactly).
 */
export function toMinorUnits(amount: number): number | undefined {
  if (!Number.isFinite(amount) || Math.abs(amount) > MAX_AMOUNT) return undefined;
  const minor = Math.round(amount * 100);
  return Math.abs(amount * 100 - minor) < 1e-6 ? minor : undefined;
}

/** Major units of an integer minor-unit amount, exact to the cent. */
export function toMajorUnits(minor: number): number {
  return Math.round(minor) / 100;
}
