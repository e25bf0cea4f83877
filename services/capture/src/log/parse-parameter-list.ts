/**
 * Reads `$1 = 'a''b', $2 = NULL` (the DETAIL line of `execute`, or auto_explain's Query
 * Parameters) into values by number. Returns null when the text does not have that shape;
 * a value cut short by log_parameter_max_length (`'abc...'`) is read as it stands.
 */
export function parseParameterList(text: string): (string | null)[] | null {
  const values: (string | null)[] = [];
  let i = 0;
  const n = text.length;
  while (i < n) {
    if (text.charCodeAt(i) !== 36) return null;
    let j = i + 1;
    while (j < n && text.charCodeAt(j) >= 48 && text.charCodeAt(j) <= 57) j += 1;
    const number = Number(text.slice(i + 1, j));
    if (!(number >= 1 && number <= 65_535) || !text.startsWith(' = ', j)) return null;
    j += 3;
    let value: string | null;
    if (text.startsWith('NULL', j)) {
      value = null;
      j += 4;
    } else if (text.charCodeAt(j) === 39) {
      let k = j + 1;
      let body = '';
      let from = k;
      for (;;) {
        if (k >= n) return null;
        if (text.charCodeAt(k) === 39) {
          if (text.charCodeAt(k + 1) === 39) {
            body += text.slice(from, k + 1);
            k += 2;
            from = k;
            continue;
          }
          break;
        }
        k += 1;
      }
      value = body + text.slice(from, k);
      j = k + 1;
    } else {
      return null;
    }
    while (values.length < number - 1) values.push(null);
    values[number - 1] = value;
    if (j >= n) break;
    if (!text.startsWith(', ', j)) return null;
    i = j + 2;
  }
  return values;
}
