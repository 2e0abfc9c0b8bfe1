import type { ReactNode } from "react";
import { makeStyles, tokens } from "@fluentui/react-components";

const useStyles = makeStyles({
  region: {
    overflowX: "auto",
    backgroundColor: tokens.colorNeutralBackground1,
    borderRadius: tokens.borderRadiusMedium,
    boxShadow: tokens.shadow2,
    ":focus-visible": { outlineColor: tokens.colorStrokeFocus2, outlineStyle: "solid", outlineWidth: "2px" },
  },
});

/** A wide table scrolls sideways inside a labelled, focusable region (keyboard users can scroll it). */
export function TableRegion({ label, children }: { label: string; children: ReactNode }) {
  const styles = useStyles();
  return (
    // eslint-disable-next-line jsx-a11y/no-noninteractive-tabindex -- keyboard users scroll it (see above)
    <div className={styles.region} role="region" aria-label={label} tabIndex={0}>
      {children}
    </div>
  );
}
