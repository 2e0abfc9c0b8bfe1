import type { CSSProperties, HTMLAttributes, ReactNode, TdHTMLAttributes, ThHTMLAttributes } from "react";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";

const NARROW = "@media (max-width: 640px)";

const useStyles = makeStyles({
  table: {
    borderCollapse: "collapse",
    width: "100%",
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    minWidth: "var(--table-min-width, 0)",
    [NARROW]: { display: "block", minWidth: 0 },
  },
  thead: {
    [NARROW]: {
      position: "absolute",
      width: "1px",
      height: "1px",
      overflow: "hidden",
      clip: "rect(0 0 0 0)",
      whiteSpace: "nowrap",
    },
  },
  tbody: { [NARROW]: { display: "block" } },
  th: {
    textAlign: "start",
    fontWeight: tokens.fontWeightSemibold,
    color: tokens.colorNeutralForeground1,
    verticalAlign: "bottom",
    ...shorthands.padding("8px", "12px"),
    borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    whiteSpace: "nowrap",
  },
  td: {
    ...shorthands.padding("10px", "12px"),
    borderBottom: `1px solid ${tokens.colorNeutralStroke2}`,
    verticalAlign: "top",
    [NARROW]: {
      display: "grid",
      gridTemplateColumns: "minmax(96px, 35%) 1fr",
      columnGap: "12px",
      ...shorthands.padding("4px", "0"),
      borderBottom: "none",
      overflowWrap: "anywhere",
    },
  },
  tr: {
    ":hover": { backgroundColor: tokens.colorSubtleBackgroundHover },
    [NARROW]: {
      display: "block",
      ...shorthands.padding("8px", "12px"),
      borderBottom: `1px solid ${tokens.colorNeutralStroke1}`,
    },
  },
  label: {
    display: "none",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    [NARROW]: { display: "block" },
  },
});

/**
 * Plain HTML tables in Fluent's look. On a narrow screen (390 px) each row becomes a card with a label per
 * cell, so every column (the Action column included) is in view without scrolling sideways; the explicit
 * roles keep the table's semantics for assistive technology whatever CSS display the cells get.
 */
export function Table({
  className,
  children,
  minWidth,
  ...rest
}: HTMLAttributes<HTMLTableElement> & { children: ReactNode; minWidth?: number }) {
  const styles = useStyles();
  return (
    <table
      role="table"
      className={mergeClasses(styles.table, className)}
      style={minWidth ? ({ "--table-min-width": `${minWidth}px` } as CSSProperties) : undefined}
      {...rest}
    >
      {children}
    </table>
  );
}

export function THead({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    // eslint-disable-next-line jsx-a11y/no-redundant-roles -- kept for the narrow layout's display: block (see Table)
    <thead role="rowgroup" className={styles.thead}>
      {children}
    </thead>
  );
}

export function TBody({ children }: { children: ReactNode }) {
  const styles = useStyles();
  return (
    // eslint-disable-next-line jsx-a11y/no-redundant-roles -- kept for the narrow layout's display: block (see Table)
    <tbody role="rowgroup" className={styles.tbody}>
      {children}
    </tbody>
  );
}

export function Th({ className, children, ...rest }: ThHTMLAttributes<HTMLTableCellElement>) {
  const styles = useStyles();
  return (
    <th role="columnheader" scope="col" className={mergeClasses(styles.th, className)} {...rest}>
      {children}
    </th>
  );
}

/** A cell; `label` is its column's name, shown beside the value on narrow screens (the header is there for
 * assistive technology already, so the visible copy is hidden from it). */
export function Td({
  className,
  children,
  label,
  ...rest
}: TdHTMLAttributes<HTMLTableCellElement> & { label?: string }) {
  const styles = useStyles();
  return (
    // eslint-disable-next-line jsx-a11y/no-interactive-element-to-noninteractive-role -- a cell, not a gridcell
    <td role="cell" className={mergeClasses(styles.td, className)} {...rest}>
      {label && (
        <span className={styles.label} aria-hidden="true">
          {label}
        </span>
      )}
      {label ? <span>{children}</span> : children}
    </td>
  );
}

export function Tr({ className, children, ...rest }: HTMLAttributes<HTMLTableRowElement>) {
  const styles = useStyles();
  return (
    <tr role="row" className={mergeClasses(styles.tr, className)} {...rest}>
      {children}
    </tr>
  );
}
