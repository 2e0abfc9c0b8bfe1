import { useTranslation } from "react-i18next";
import { Section } from "../../components/Section";
import { SURVEY_KINDS, type Question, type ReviewClaim, type SurveyAnswer, type SurveyKind } from "../../api/types";
import { useFormat } from "../../i18n/format";
import { useLabels } from "../../i18n/labels";
import { questionText } from "../../i18n/questionText";
import { useClaimStyles } from "../claim/styles";
import { useDossierStyles } from "./styles";

function useAnswerText() {
  const { t } = useTranslation();
  return (question: Question, answer: SurveyAnswer | undefined): string => {
    if (answer === undefined || answer === null || answer === "") return t("review.dossier.surveys.notAnswered");
    if (question.type === "yes_no") return answer === true ? t("common.yes") : t("common.no");
    if (question.type === "rating")
      return t("review.dossier.surveys.rating", { value: answer, max: question.max ?? 5 });
    return String(answer);
  };
}

function SurveyKindAnswers({ claim, kind }: { claim: ReviewClaim; kind: SurveyKind }) {
  const { t, i18n } = useTranslation();
  const styles = useClaimStyles();
  const dossier = useDossierStyles();
  const format = useFormat();
  const labels = useLabels();
  const answerText = useAnswerText();
  const questions = claim.survey_questions?.[kind] ?? [];
  const given = claim.survey_answers?.[kind];
  const headingId = `survey-answers-${kind}`;
  return (
    <section aria-labelledby={headingId}>
      <h3 className={styles.h4} id={headingId}>
        {labels.proofItem(`${kind}_survey`)}
      </h3>
      {!given ? (
        <p className={styles.sub}>{t("review.dossier.surveys.notCompleted")}</p>
      ) : (
        <>
          {given.answered_at && (
            <p className={styles.sub}>
              {t("review.dossier.surveys.answeredAt", { date: format.dateTime(given.answered_at) })}
            </p>
          )}
          <dl className={dossier.answers}>
            {questions.map((q) => (
              <div key={q.id}>
                <dt className={styles.dt}>{questionText(q, i18n.language)}</dt>
                <dd className={styles.dd}>{answerText(q, given.answers[q.id])}</dd>
              </div>
            ))}
          </dl>
        </>
      )}
    </section>
  );
}

/** Both surveys' answers, each under its question's text in the reviewer's language. */
export function SurveyAnswers({ claim }: { claim: ReviewClaim }) {
  const { t } = useTranslation();
  return (
    <Section id="survey-answers" title={t("review.dossier.surveys.title")}>
      {SURVEY_KINDS.map((kind) => (
        <SurveyKindAnswers key={kind} claim={claim} kind={kind} />
      ))}
    </Section>
  );
}
