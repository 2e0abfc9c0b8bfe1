import { useEffect, useState } from "react";
import { useQuery } from "@tanstack/react-query";
import { makeStyles, shorthands, tokens } from "@fluentui/react-components";
import { keys } from "../../api/queries";

const useStyles = makeStyles({
  image: {
    display: "block",
    maxWidth: "100%",
    maxHeight: "320px",
    objectFit: "contain",
    alignSelf: "flex-start",
    ...shorthands.border("1px", "solid", tokens.colorNeutralStroke2),
    borderRadius: tokens.borderRadiusMedium,
  },
});

/**
 * An image file shown in the page. The app's Content-Security-Policy takes images from its own origin and
 * `blob:` only, so the file is fetched from the storage link (allowed to connect) and shown from a blob URL.
 * When the storage refuses the read (no CORS for GET), nothing is shown: the Preview link still opens it.
 */
export function ImagePreview({ url, fileKey, alt }: { url: string; fileKey: string; alt: string }) {
  const styles = useStyles();
  const file = useQuery({
    queryKey: keys.filePreview(fileKey), // the stored version, not the link: a new link of the same file is the same image
    queryFn: async () => {
      const response = await fetch(url);
      if (!response.ok) throw new Error(`preview: HTTP ${response.status}`);
      return response.blob();
    },
    staleTime: Infinity,
    retry: false,
  });
  const [src, setSrc] = useState<string | null>(null);
  useEffect(() => {
    if (!file.data) return undefined;
    const objectUrl = URL.createObjectURL(file.data);
    // eslint-disable-next-line react-hooks/set-state-in-effect -- a blob URL that this effect makes and revokes
    setSrc(objectUrl);
    return () => URL.revokeObjectURL(objectUrl);
  }, [file.data]);
  return src ? <img src={src} alt={alt} className={styles.image} /> : null;
}
