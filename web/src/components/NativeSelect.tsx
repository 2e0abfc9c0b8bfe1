import type { ReactNode, SelectHTMLAttributes } from "react";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  field: { display: "flex", flexDirection: "column", rowGap: "2px", minWidth: 0 },
  inline: { flexDirection: "row", alignItems: "center", columnGap: "6px" },
  label: {
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground1,
    ...shorthands.padding("2px", "0", "4px"),
  },
  select: {
    boxSizing: "border-box",
    minHeight: "32px",
    width: "100%",
    maxWidth: "100%",
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    color: tokens.colorNeutralForeground1,
    backgroundColor: tokens.colorNeutralBackground1,
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke1),
    borderBottomColor: tokens.colorNeutralStrokeAccessible,
    borderRadius: tokens.borderRadiusMedium,
    ...shorthands.padding("0", "8px"),
    cursor: "pointer",
    ":hover": {
      ...shorthands.borderColor(tokens.colorNeutralStroke1Hover),
      borderBottomColor: tokens.colorNeutralStrokeAccessibleHover,
    },
    ":focus-visible": {
      outlineColor: tokens.colorStrokeFocus2,
      outlineStyle: "solid",
      outlineWidth: "2px",
      outlineOffset: "1px",
    },
    ":disabled": {
      cursor: "not-allowed",
      color: tokens.colorNeutralForegroundDisabled,
      backgroundColor: tokens.colorNeutralBackgroundDisabled,
    },
  },
  small: { minHeight: "24px", fontSize: tokens.fontSizeBase200, width: "auto" },
});

/** A labelled native <select>, styled like Fluent's: every browser and screen reader knows it, and it
 * costs the first page almost nothing. */
export function NativeSelect({
  id,
  label,
  children,
  size = "medium",
  inline,
  labelClassName,
  className,
  ...rest
}: {
  id: string;
  label: ReactNode;
  children: ReactNode;
  size?: "small" | "medium";
  inline?: boolean;
  labelClassName?: string;
} & Omit<SelectHTMLAttributes<HTMLSelectElement>, "size" | "id">) {
  const styles = useStyles();
  return (
    <span className={mergeClasses(styles.field, inline && styles.inline, className)}>
      <label htmlFor={id} className={mergeClasses(styles.label, labelClassName)}>
        {label}
      </label>
      <select id={id} className={mergeClasses(styles.select, size === "small" && styles.small)} {...rest}>
        {children}
      </select>
    </span>
  );
}
