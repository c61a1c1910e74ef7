import type { ReactNode } from 'react';

export interface Column<Row> {
  readonly key: string;
  readonly header: string;
  readonly cell: (row: Row) => ReactNode;
  readonly numeric?: boolean;
}

/**
 * A plain data table with a caption and column headers (scope="col"). Below
 * 820 px each row becomes a card whose cells carry their column name
 * (data-label), so a tablet never has to scroll sideways to reach the actions.
 */
export function DataTable<Row>(props: {
  caption: string;
  columns: readonly Column<Row>[];
  rows: readonly Row[];
  rowKey: (row: Row) => string;
  empty: string;
  /** When a heading right above already says what the caption would. */
  hideCaption?: boolean;
}): ReactNode {
  return (
    <div className="table-frame" tabIndex={0} role="region" aria-label={props.caption}>
      <table className="table">
        <caption className={props.hideCaption ? 'visually-hidden' : undefined}>
          {props.caption}
        </caption>
        <thead>
          <tr>
            {props.columns.map((c) => (
              <th key={c.key} scope="col" className={c.numeric ? 'num' : undefined}>
                {c.header}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {props.rows.length === 0 ? (
            <tr>
              <td colSpan={props.columns.length} className="table-empty">
                {props.empty}
              </td>
            </tr>
          ) : (
            props.rows.map((row) => (
              <tr key={props.rowKey(row)}>
                {props.columns.map((c) => (
                  <td key={c.key} className={c.numeric ? 'num' : undefined} data-label={c.header}>
                    <div>{c.cell(row)}</div>
                  </td>
                ))}
              </tr>
            ))
          )}
        </tbody>
      </table>
    </div>
  );
}
