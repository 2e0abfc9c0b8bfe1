import { useCallback } from "react";
import { useTranslation } from "react-i18next";
import { useApi } from "../../api/context";
import { rowId, type Bodies, type ReferenceKind } from "./kinds";
import { useRefresh } from "./queries";
import { createRow } from "./requests";

/** Creates a row of `kind` and answers the notice to show: added, or already there with the same content. */
export function useCreateRow<K extends ReferenceKind>(kind: K) {
  const { t } = useTranslation("program");
  const { client } = useApi();
  const refresh = useRefresh();
  return useCallback(
    async (body: Bodies[K]): Promise<string> => {
      const { created } = await createRow(client, kind, body);
      if (created) await refresh(kind);
      return t(created ? "notices.created" : "notices.unchanged", { id: rowId(kind, body) });
    },
    [client, kind, refresh, t],
  );
}
