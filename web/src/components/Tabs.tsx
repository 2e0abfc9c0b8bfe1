import { useRef, type KeyboardEvent } from "react";
import { makeStyles, mergeClasses, shorthands, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  list: { display: "flex", flexWrap: "wrap", columnGap: "4px", rowGap: "4px", marginBottom: "12px" },
  tab: {
    position: "relative",
    backgroundColor: "transparent",
    ...shorthands.border("0"),
    cursor: "pointer",
    fontFamily: tokens.fontFamilyBase,
    fontSize: tokens.fontSizeBase300,
    lineHeight: tokens.lineHeightBase300,
    color: tokens.colorNeutralForeground2,
    ...shorthands.padding("10px", "10px", "12px"),
    borderRadius: tokens.borderRadiusMedium,
    ":hover": { color: tokens.colorNeutralForeground1, backgroundColor: tokens.colorSubtleBackgroundHover },
    ":focus-visible": { outlineColor: tokens.colorStrokeFocus2, outlineStyle: "solid", outlineWidth: "2px" },
    "::after": {
      content: '""',
      position: "absolute",
      left: "10px",
      right: "10px",
      bottom: "2px",
      height: "3px",
      borderRadius: tokens.borderRadiusCircular,
      backgroundColor: "transparent",
    },
  },
  selected: {
    color: tokens.colorNeutralForeground1,
    fontWeight: tokens.fontWeightSemibold,
    "::after": { backgroundColor: tokens.colorCompoundBrandStroke },
  },
  count: {
    display: "inline-block",
    minWidth: "20px",
    marginLeft: "6px",
    ...shorthands.padding("0", "6px"),
    boxSizing: "border-box",
    borderRadius: tokens.borderRadiusCircular,
    backgroundColor: tokens.colorNeutralBackground3,
    color: tokens.colorNeutralForeground1,
    fontSize: tokens.fontSizeBase200,
    fontWeight: tokens.fontWeightSemibold,
    textAlign: "center",
  },
});

export interface TabItem<T extends string> {
  value: T;
  label: string;
  /** How many items the tab holds, shown after its label (and part of its name: "Submitted 3"). */
  count?: number;
}

/**
 * Tabs per the WAI-ARIA tabs pattern (roving tab index; arrow keys, Home and End move and select), in
 * Fluent's TabList look. Fluent's own TabList inserts focusable aria-hidden "dummy" elements (Tabster) that
 * axe reports as aria-hidden-focus violations, which this app may not have (DESIGN.md §6).
 */
export function Tabs<T extends string>({
  items,
  selected,
  onSelect,
  label,
  idPrefix,
}: {
  items: TabItem<T>[];
  selected: T;
  onSelect: (value: T) => void;
  label: string;
  idPrefix: string;
}) {
  const styles = useStyles();
  const refs = useRef<(HTMLButtonElement | null)[]>([]);
  const onKeyDown = (event: KeyboardEvent, index: number) => {
    const last = items.length - 1;
    const next =
      event.key === "ArrowRight"
        ? index === last
          ? 0
          : index + 1
        : event.key === "ArrowLeft"
          ? index === 0
            ? last
            : index - 1
          : event.key === "Home"
            ? 0
            : event.key === "End"
              ? last
              : null;
    if (next === null) return;
    event.preventDefault();
    refs.current[next]?.focus();
    onSelect(items[next].value);
  };
  return (
    <div role="tablist" aria-label={label} className={styles.list}>
      {items.map((item, i) => {
        const isSelected = item.value === selected;
        return (
          <button
            key={item.value}
            ref={(el) => {
              refs.current[i] = el;
            }}
            type="button"
            role="tab"
            id={`${idPrefix}-tab-${item.value}`}
            aria-selected={isSelected}
            aria-controls={`${idPrefix}-panel`}
            tabIndex={isSelected ? 0 : -1}
            className={mergeClasses(styles.tab, isSelected && styles.selected)}
            onClick={() => onSelect(item.value)}
            onKeyDown={(e) => onKeyDown(e, i)}
          >
            {item.label}
            {item.count !== undefined && <span className={styles.count}>{item.count}</span>}
          </button>
        );
      })}
    </div>
  );
}
