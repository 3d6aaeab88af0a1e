/** Business seconds as "2 h 05 min", "45 min", "3 d 4 h" (business time, not wall time). */
export function businessDuration(seconds: number | null): string {
  if (seconds === null) return "—";
  const min = Math.round(seconds / 60);
  if (min < 1) return `${Math.round(seconds)} s`;
  if (min < 60) return `${min} min`;
  const h = Math.floor(min / 60);
  const m = min % 60;
  if (h < 48) return m ? `${h} h ${String(m).padStart(2, "0")} min` : `${h} h`;
  const d = Math.floor(h / 24);
  const rh = h % 24;
  return rh ? `${d} d ${rh} h` : `${d} d`;
}

export const percent = (share: number | null) => (share === null ? "—" : `${(share * 100).toFixed(1)}%`);
