import { useTranslation } from "react-i18next";
import { MessageBar, MessageBarBody, MessageBarTitle } from "@fluentui/react-components";
import { isApiError } from "../../api/errors";
import { useErrorText } from "../../components/errorText";

/** Why the API refused a reviewer's action, announced at once; a four-eyes refusal says who must decide. */
export function ActionRefusal({ error }: { error: unknown }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const fourEyes = isApiError(error) && error.code === "four_eyes";
  return (
    <MessageBar intent="error" role="alert" layout="multiline">
      <MessageBarBody>
        {fourEyes && <MessageBarTitle>{t("review.actions.fourEyes")}</MessageBarTitle>}
        {errorText(error)}
      </MessageBarBody>
    </MessageBar>
  );
}
