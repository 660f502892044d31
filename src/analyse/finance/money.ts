/** Rounds to cents so sums of money compare exactly. */
export function cents(x: number): number {
  return Math.round(x * 100) / 100;
}

/** Sum of a list of numbers, rounded to cents. */
export function sum(xs: number[]): number {
  return cents(xs.reduce((a, b) => a + b, 0));
}
