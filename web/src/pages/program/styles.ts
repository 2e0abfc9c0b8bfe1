import { makeStyles, shorthands, tokens } from "@fluentui/react-components";

export const useProgramStyles = makeStyles({
  help: { marginTop: 0 },
  toolbar: {
    display: "flex",
    flexWrap: "wrap",
    alignItems: "flex-start",
    columnGap: "8px",
    rowGap: "8px",
    marginBottom: "12px",
  },
  bar: { marginBottom: "12px" },
  more: { marginTop: "12px" },
  mono: { fontFamily: tokens.fontFamilyMonospace, fontSize: tokens.fontSizeBase200, overflowWrap: "anywhere" },
  sub: {
    display: "block",
    color: tokens.colorNeutralForeground2,
    fontSize: tokens.fontSizeBase200,
    overflowWrap: "anywhere",
  },
  list: { margin: 0, paddingLeft: "18px" },
  nowrap: { whiteSpace: "nowrap" },
  plainList: { listStyleType: "none", margin: 0, padding: 0 },
  values: {
    margin: "4px 0 0",
    whiteSpace: "pre-wrap",
    overflowWrap: "anywhere",
    fontFamily: tokens.fontFamilyMonospace,
    fontSize: tokens.fontSizeBase200,
  },
});

/** The add and edit dialogs' forms. */
export const useFormStyles = makeStyles({
  // A long form scrolls inside the dialog: its parts keep their height instead of shrinking to fit.
  fields: { display: "flex", flexDirection: "column", rowGap: "12px", "& > *": { flexShrink: 0 } },
  intro: { margin: 0 },
  pair: {
    display: "grid",
    gap: "12px",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 200px), 1fr))",
    alignItems: "start",
  },
  windows: {
    display: "grid",
    gap: "8px",
    gridTemplateColumns: "repeat(auto-fit, minmax(min(100%, 104px), 1fr))",
    alignItems: "start",
    // A native input's intrinsic width (20 characters) would overflow a narrow cell.
    "& .fui-Input__input": { width: "100%" },
  },
  fieldset: {
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke2),
    borderRadius: tokens.borderRadiusMedium,
    margin: 0,
    ...shorthands.padding("8px", "12px", "12px"),
    display: "flex",
    flexDirection: "column",
    rowGap: "4px",
    minWidth: 0,
  },
  legend: { fontWeight: tokens.fontWeightSemibold, ...shorthands.padding("0", "4px") },
  hint: { margin: 0, color: tokens.colorNeutralForeground2, fontSize: tokens.fontSizeBase200 },
  error: { margin: 0, color: tokens.colorPaletteRedForeground1, fontSize: tokens.fontSizeBase200 },
  wide: { maxWidth: "min(760px, calc(100vw - 32px))", width: "100%" },
});
