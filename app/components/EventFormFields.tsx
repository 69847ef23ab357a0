import { useTranslation } from "react-i18next";
import { eventAudiences } from "~/domain/events/event-forms";
import { eventTimeZones } from "~/domain/events/time";
import type { Locale } from "~/i18n/locales";
import { CheckboxGroup, SelectField, TextAreaField, TextField, type AnyField } from "./forms";

type Fields = Record<string, AnyField>;

/** The organizer's event fields: text per language, time in a zone, seats, deadline, join details. */
export function EventFormFields({ fields, locale }: { fields: Fields; locale: Locale }) {
  const { t } = useTranslation("events");
  // The page's language first, then the other two.
  const suffixes = (["Da", "Sv", "Nb"] as const).slice().sort((a, b) => Number(b.toLowerCase() === locale) - Number(a.toLowerCase() === locale));
  return (
    <>
      {suffixes.map((suffix) => (
        <fieldset key={suffix} className="field">
          <legend>{t(`organizer.language${suffix}`)}</legend>
          <TextField field={fields[`title${suffix}`]!} label={t("organizer.title")} />
          <TextAreaField field={fields[`description${suffix}`]!} label={t("organizer.description")} rows={4} />
          <TextAreaField field={fields[`agenda${suffix}`]!} label={t("organizer.agenda")} hint={t("organizer.agendaHint")} rows={4} />
          <TextField field={fields[`question${suffix}`]!} label={t("organizer.question")} hint={t("organizer.questionHint")} />
        </fieldset>
      ))}
      <SelectField field={fields.timeZone!} label={t("organizer.timeZone")} options={eventTimeZones.map((zone) => ({ value: zone, label: zone }))} />
      <TextField field={fields.date!} label={t("organizer.date")} type="date" />
      <TextField field={fields.startTime!} label={t("organizer.startTime")} hint={t("organizer.timeHint")} />
      <TextField field={fields.endTime!} label={t("organizer.endTime")} hint={t("organizer.timeHint")} />
      <CheckboxGroup field={fields.audience!} legend={t("organizer.audience")} options={eventAudiences.map((audience) => ({ value: audience, label: t(`audiences.${audience}`) }))} />
      <TextField field={fields.capacity!} label={t("organizer.capacity")} inputMode="numeric" />
      <TextField field={fields.deadlineDate!} label={t("organizer.deadlineDate")} type="date" />
      <TextField field={fields.deadlineTime!} label={t("organizer.deadlineTime")} hint={t("organizer.timeHint")} />
      <TextField field={fields.joinUrl!} label={t("organizer.joinUrl")} hint={t("organizer.joinHint")} />
      <TextField field={fields.meetingId!} label={t("organizer.meetingId")} />
      <TextField field={fields.passcode!} label={t("organizer.passcode")} />
    </>
  );
}

export const eventFieldLabels = (t: (key: string) => string) => ({
  titleDa: t("organizer.title"),
  timeZone: t("organizer.timeZone"),
  date: t("organizer.date"),
  startTime: t("organizer.startTime"),
  endTime: t("organizer.endTime"),
  audience: t("organizer.audience"),
  capacity: t("organizer.capacity"),
  deadlineDate: t("organizer.deadlineDate"),
  deadlineTime: t("organizer.deadlineTime"),
  joinUrl: t("organizer.joinUrl"),
});
