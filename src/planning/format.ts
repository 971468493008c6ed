/** Formatting for logs, job summaries and release bodies. */

const UNITS = ['KiB', 'MiB', 'GiB', 'TiB', 'PiB'] as const;

/**
 * Binary-unit size: bytes below 1024 exactly (`0 B`, `1023 B`), KiB and MiB with one decimal
 * (`1.5 KiB`, `4.0 MiB`), GiB and larger with two (`1.50 GiB`: near the 2 GiB asset limit the second
 * decimal matters). Never shows `1024.0 KiB`: rounding up moves to the next unit.
 */
export function humanBytes(n: number): string {
  if (!Number.isFinite(n) || n < 0) throw new RangeError(`Not a byte count: ${n}`);
  if (n < 1024) return `${Math.round(n)} B`;
  let value = n;
  for (let i = 0; i < UNITS.length; i++) {
    value /= 1024;
    const unit = UNITS[i] ?? 'PiB';
    const decimals = i < 2 ? 1 : 2;
    const text = value.toFixed(decimals);
    if (Number(text) < 1024 || i === UNITS.length - 1) return `${text} ${unit}`;
  }
  throw new Error('unreachable');
}

/** The first 12 hex digits of a sha256 digest, given bare or as GitHub's `sha256:<hex>`. */
export function shortDigest(hex: string): string {
  return hex.replace(/^sha256:/, '').slice(0, 12);
}

/**
 * A `SHA256SUMS` file as `sha256sum` writes it and `sha256sum -c` reads it: `<hex>  <name>\n`, sorted
 * by name (code-unit order, locale-independent). A name with `\` or a newline gets GNU's escaped form
 * (line starts with `\`). Throws on a digest that is not 64 hex digits.
 */
export function sha256SumsFile(files: readonly { readonly name: string; readonly sha256: string }[]): string {
  const sorted = [...files].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  return sorted
    .map(({ name, sha256 }) => {
      if (!/^[0-9a-fA-F]{64}$/.test(sha256)) throw new Error(`Not a sha256 digest for ${name}: '${sha256}'`);
      const hex = sha256.toLowerCase();
      if (!/[\\\n\r]/.test(name)) return `${hex}  ${name}\n`;
      const escaped = name.replace(/\\/g, '\\\\').replace(/\n/g, '\\n').replace(/\r/g, '\\r');
      return `\\${hex}  ${escaped}\n`;
    })
    .join('');
}

/**
 * A GitHub-flavoured markdown table. Cells escape `|` as `\|` and turn line breaks into `<br>`, so a
 * cell can never split the table; short rows are padded with empty cells; a row longer than the
 * headers throws (a programming error).
 */
export function markdownTable(headers: readonly string[], rows: readonly (readonly string[])[]): string {
  const line = (cells: readonly string[]): string => `| ${cells.map(escapeCell).join(' | ')} |\n`;
  let out = line(headers) + line(headers.map(() => '---'));
  for (const row of rows) {
    if (row.length > headers.length) throw new Error(`Table row has ${row.length} cells, headers ${headers.length}`);
    out += line([...row, ...Array<string>(headers.length - row.length).fill('')]);
  }
  return out;
}

function escapeCell(cell: string): string {
  return cell.replace(/\|/g, '\\|').replace(/\r\n|\r|\n/g, '<br>');
}
