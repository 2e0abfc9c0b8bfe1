import { makeStyles } from "@fluentui/react-components";

/** The dossier's own parts; the rest of its look is the claim page's (../claim/styles). */
export const useDossierStyles = makeStyles({
  answers: { display: "flex", flexDirection: "column", rowGap: "10px", margin: "0 0 16px" },
  prose: { whiteSpace: "pre-wrap", overflowWrap: "anywhere" },
});
