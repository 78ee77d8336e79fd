// An accessible sortable table: <caption>, header scopes, aria-sort on the sorted column, and real
// <button>s in the headers so sorting works with the keyboard. Optional export links (CSV, XLSX).
import type { ComponentChildren } from 'preact';
import { useMemo, useState } from 'preact/hooks';

export interface Column<T> {
  key: string;
  label: string;
  /** The value sorted on (numbers sort numerically, strings in French order; null last). */
  value: (row: T) => string | number | boolean | null | undefined;
  /** How the cell reads; defaults to the value as text. */
  render?: (row: T) => ComponentChildren;
  numeric?: boolean;
  sortable?: boolean;
  /** This column's cells are row headers (<th scope="row">). */
  rowHeader?: boolean;
}

export interface ExportLink {
  label: string;
  href: string;
}

interface Props<T> {
  caption: ComponentChildren;
  columns: Column<T>[];
  rows: T[];
  rowKey: (row: T) => string;
  initialSort?: { key: string; direction: 'ascending' | 'descending' };
  exports?: ExportLink[];
  selectedKey?: string | null;
  emptyText?: string;
  /** Extra class for the wrapper (e.g. 'compact'). */
  class?: string;
  footer?: ComponentChildren;
}

const collator = new Intl.Collator('fr', { numeric: true, sensitivity: 'base' });

function compare(a: unknown, b: unknown): number {
  if (a === b) return 0;
  if (a === null || a === undefined) return 1;
  if (b === null || b === undefined) return -1;
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  return collator.compare(String(a), String(b));
}

export function DataTable<T>(props: Props<T>) {
  const [sort, setSort] = useState(props.initialSort ?? null);
  const sorted = useMemo(() => {
    if (!sort) return props.rows;
    const column = props.columns.find((c) => c.key === sort.key);
    if (!column) return props.rows;
    const sign = sort.direction === 'ascending' ? 1 : -1;
    return [...props.rows].sort((x, y) => {
      const a = column.value(x);
      const b = column.value(y);
      // nulls stay last whatever the direction
      if (a === null || a === undefined || b === null || b === undefined) return compare(a, b);
      return sign * compare(a, b);
    });
  }, [props.rows, props.columns, sort]);

  const toggle = (key: string) =>
    setSort((current) =>
      current?.key === key
        ? { key, direction: current.direction === 'ascending' ? 'descending' : 'ascending' }
        : { key, direction: 'ascending' },
    );

  return (
    <div class={`data-table ${props.class ?? ''}`}>
      {props.exports && props.exports.length > 0 && (
        <p class="exports">
          Télécharger :{' '}
          {props.exports.map((link, i) => (
            <span key={link.href}>
              {i > 0 && ' · '}
              <a href={link.href} download>
                {link.label}
              </a>
            </span>
          ))}
        </p>
      )}
      {/* biome-ignore lint/a11y/noNoninteractiveTabindex: a wide table scrolls; keyboard users must reach it (axe scrollable-region-focusable) */}
      <div class="table-scroll" tabIndex={0}>
        <table>
          <caption>{props.caption}</caption>
          <thead>
            <tr>
              {props.columns.map((column) => {
                const active = sort?.key === column.key;
                const sortable = column.sortable !== false;
                return (
                  <th
                    key={column.key}
                    scope="col"
                    class={column.numeric ? 'numeric' : undefined}
                    aria-sort={active ? sort.direction : undefined}
                  >
                    {sortable ? (
                      <button type="button" class="sort-button" onClick={() => toggle(column.key)}>
                        {column.label}
                        <span class="sort-indicator" aria-hidden="true">
                          {active ? (sort.direction === 'ascending' ? ' ▲' : ' ▼') : ' ↕'}
                        </span>
                      </button>
                    ) : (
                      column.label
                    )}
                  </th>
                );
              })}
            </tr>
          </thead>
          <tbody>
            {sorted.length === 0 && (
              <tr>
                <td colSpan={props.columns.length}>{props.emptyText ?? 'Aucune donnée'}</td>
              </tr>
            )}
            {sorted.map((row) => {
              const key = props.rowKey(row);
              return (
                <tr key={key} class={props.selectedKey === key ? 'selected' : undefined} data-key={key}>
                  {props.columns.map((column) => {
                    const content = column.render ? column.render(row) : String(column.value(row) ?? '—');
                    const cls = column.numeric ? 'numeric' : undefined;
                    return column.rowHeader ? (
                      <th key={column.key} scope="row" class={cls}>
                        {content}
                      </th>
                    ) : (
                      <td key={column.key} class={cls}>
                        {content}
                      </td>
                    );
                  })}
                </tr>
              );
            })}
          </tbody>
          {props.footer && <tfoot>{props.footer}</tfoot>}
        </table>
      </div>
    </div>
  );
}
